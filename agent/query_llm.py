"""Read a causal question with an LLM: one tool call whose arguments are the structured
query, checked against the real columns, with one retry and the offline parser as the
fallback.

The model sees column names, the optional description and the question, never the data."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.llm import LLMUsage, compact_schema, is_malformed_reply, malformed_reply_hint
from agent.query import Condition, Estimand, MethodHint, Option, Query, QueryError
from agent.query_parser import parse_question
from agent.query_units import with_units
from agent.query_values import says_no_controls
from agent.result import QuestionKind
from tools.design.model import StudyDesign
from tools.context import unknown_column_message

TOOL_NAME = "extract_query"
MAX_CALLS = 2  # the first answer plus one retry with the validation error


class ExtractQuery(BaseModel):
    """Record the user's causal question in structured form. Column names must be copied exactly."""

    model_config = ConfigDict(extra="forbid", title=TOOL_NAME)

    kind: QuestionKind = Field(description="What the question asks; see the table in the instructions.")
    variables: list[str] = Field(default_factory=list, description="Every column the question mentions, in order.")
    treatment: str | None = Field(None, description="Cause column (effect, direct_cause, counterfactual); "
                                                    "first tested column (independence).")
    outcome: str | None = Field(None, description="Effect column; second tested column (independence).")
    subject: str | None = Field(None, description="Column asked about (confounder/collider/mediator) or the "
                                                  "target (causes_of/effects_of/overview).")
    conditioning: list[str] = Field(default_factory=list, description="Independence: columns conditioned on.")
    controls: list[str] | None = Field(None, description="Effect: adjustment columns the user named; [] if they "
                                                         "said no other variables; null if not said.")
    squared: list[str] = Field(default_factory=list, description=(
        "Effect: control columns whose square is also a control ('age and age squared'). Else leave out."))
    restrict: list[Condition] = Field(default_factory=list, description=(
        "Effect: rows the user limits the analysis to, e.g. [{column: black, op: '==', value: 1}]. Else leave out."))
    scale: float = Field(1.0, description="Effect: 100 for 'percentage points' (0/1 outcome), k for 'per k units', "
                                          "-1 to report a reduction as a positive number. Else leave out. Leave "
                                          "unit conversions (cents, pounds, hours) out: the agent applies them.")
    scale_note: str | None = Field(None, description="Effect: the scale in words, e.g. 'per 10 minutes'.")
    relative_to: Literal["control_mean"] | None = Field(None, description=(
        "'control_mean' when the effect is wanted as a percentage of the control (untreated) group's mean "
        "outcome ('% change relative to the control mean'). Else leave out."))
    outcome_transform: Literal["log"] | None = Field(None, description="'log' when the effect on log(outcome) is "
                                                                       "asked for. Else leave out.")
    design: StudyDesign | None = Field(None, description=(
        "Only if the question or description names the study design (randomized experiment, instrument, "
        "difference-in-differences, regression discontinuity, synthetic control, panel). Else leave out."))
    instrument: str | None = Field(None, description=(
        "Effect: a column that shifts the treatment but can affect the outcome only through it — one the user "
        "names as an instrument, a randomly assigned invitation/offer, or one the description makes a clear "
        "instrument. Leave out when unsure."))
    instruments: list[str] = Field(default_factory=list, description=(
        "Effect: every instrument column when the user names two or more (set instrument to the first too). "
        "Else leave out."))
    estimand: Estimand = "ATE"
    subgroup: str | None = Field(None, description="Column whose groups the effect is wanted for (CATE).")
    t0: float | None = Field(None, description="Baseline treatment value ('from 10 to 20' → 10).")
    t1: float | None = Field(None, description="New treatment value ('from 10 to 20' → 20; 'if X were 5' → 5).")
    intervention: dict[str, float] = Field(default_factory=dict, description="What-if settings, column → value.")
    factual: dict[str, float] = Field(default_factory=dict, description="Observed values of one unit.")
    counterfactual_type: Literal["interventional", "unit"] | None = None
    method_hint: MethodHint | None = None
    precision: int | None = Field(None, description="Decimals asked for ('nearest hundredth' → 2, 'nearest 10' → -1).")
    options: list[Option] = Field(default_factory=list, description="Multiple-choice options, if any.")
    graph_variables: list[str] = Field(default_factory=list, description="Columns a graph question is limited to.")
    ambiguities: list[str] = Field(default_factory=list, description="Anything you could not decide.")


_NEEDS = {
    QuestionKind.EFFECT: ("treatment", "outcome"), QuestionKind.DIRECT_CAUSE: ("treatment", "outcome"),
    QuestionKind.INDEPENDENCE: ("treatment", "outcome"), QuestionKind.CAUSES_OF: ("subject",),
    QuestionKind.EFFECTS_OF: ("subject",), QuestionKind.OVERVIEW: ("subject",),
    QuestionKind.ADJUSTMENT: ("subject",),
}


def parse_with_llm(model: Any, question: str, columns: list[str], description: str | None = None, *,
                   usage: LLMUsage | None = None) -> Query:
    """Ask ``model`` (a LangChain chat model) for the structured query of ``question``.

    Calls and tokens are added to ``usage`` when given. An invalid answer is sent back once
    with the error; if it is still invalid, or the model fails, the offline parser answers
    and the query records why in its assumptions."""
    from langchain_core.messages import HumanMessage, SystemMessage, ToolMessage

    from prompts import render

    columns = [str(c) for c in columns]
    usage = usage if usage is not None else LLMUsage()
    messages: list = [SystemMessage(render("query_extraction", columns=columns, description=description or "")),
                      HumanMessage(f"Question:\n{question}")]
    reason = "no answer"
    try:
        runnable = _bind(model)
        for _ in range(MAX_CALLS):
            usage.add_sent(messages, [compact_schema(ExtractQuery)])
            try:
                reply = runnable.invoke(messages)
            except Exception as exc:
                usage.add_failed()
                if not is_malformed_reply(exc):
                    raise
                reason = malformed_reply_hint(exc)
                messages.append(HumanMessage(f"{reason} Call {TOOL_NAME}."))
                continue
            usage.add(reply)
            try:
                query = _to_query(_arguments(reply), question, columns)
                return with_units(query, description) if query.kind is QuestionKind.EFFECT else query
            except (ValidationError, QueryError, ValueError) as err:
                reason = _short(err)
            fix = f"That answer is invalid: {reason} Call {TOOL_NAME} again with corrected arguments."
            calls = getattr(reply, "tool_calls", None) or []
            messages.append(reply)
            messages += ([ToolMessage(fix, tool_call_id=c.get("id") or f"call_{i}") for i, c in enumerate(calls)]
                         if calls else [HumanMessage(fix)])
    except Exception as exc:  # a failing model or server must not stop the analysis: the offline parser answers
        reason = f"{type(exc).__name__}: {_short(exc)}"
    query = parse_question(question, columns, description)
    query.assumptions.append(f"LLM query extraction failed ({reason}); used the offline parser")
    return query


def _bind(model: Any) -> Any:
    """The model with the extraction tool bound (forced where the provider allows it)."""
    schema = compact_schema(ExtractQuery)
    try:
        return model.bind_tools([schema], tool_choice=TOOL_NAME)
    except NotImplementedError:  # no tool calling: the prompt asks for the JSON arguments as text
        return model
    except Exception:  # some providers reject a named tool_choice; the prompt still asks for the call
        return model.bind_tools([schema])


def _arguments(reply: Any) -> dict:
    """The tool-call arguments, or a JSON object found in the message text."""
    for call in getattr(reply, "tool_calls", None) or []:
        if call.get("name") in (TOOL_NAME, None, ""):
            return dict(call.get("args") or {})
    content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
    start, end = content.find("{"), content.rfind("}")
    if start < 0 or end <= start:
        raise ValueError(f"No {TOOL_NAME} call and no JSON object in the reply.")
    try:
        data = json.loads(content[start:end + 1])
    except json.JSONDecodeError as err:
        raise ValueError(f"The reply is not valid JSON ({err.msg}).") from None
    if not isinstance(data, dict):
        raise ValueError("The JSON in the reply is not an object.")
    inner = data.get("arguments", data.get("args"))
    return dict(inner) if isinstance(inner, dict) else data


def _to_query(args: dict, question: str, columns: list[str]) -> Query:
    """Validate the arguments into a Query whose names are all real columns."""
    defaults = {name: f.get_default(call_default_factory=True) for name, f in ExtractQuery.model_fields.items()}
    # Models often send null for empty lists/dicts; treat it as "not given".
    args = {k: v for k, v in args.items() if not (v is None and k in defaults and defaults[k] is not None)}
    extracted = ExtractQuery.model_validate(args)
    query = Query(**extracted.model_dump(), raw=question, method="llm")
    _fix_case(query, columns)
    unknown = [n for n in query.role_columns() if n not in columns]
    if unknown:
        raise QueryError(" ".join(unknown_column_message(n, columns) for n in unknown[:3]))
    if query.kind is QuestionKind.INDEPENDENCE and query.treatment is None and query.outcome is None \
            and len(query.variables) >= 2:  # symmetric: the two variables are the pair (models often send only these)
        query.treatment, query.outcome = query.variables[0], query.variables[1]
    missing = [r for r in _NEEDS.get(query.kind, ()) if getattr(query, r) is None]
    if missing:
        raise QueryError(f"A {query.kind.value} question needs {' and '.join(missing)}.")
    if query.treatment is not None and query.treatment == query.outcome:
        raise QueryError(f"treatment and outcome are both '{query.treatment}'; they must be two different columns.")
    if query.kind is QuestionKind.COUNTERFACTUAL and not (query.intervention or query.treatment):
        raise QueryError("A counterfactual question needs an intervention (column → value) or a treatment.")
    if not query.variables:
        query.variables = query.role_columns()
    if query.controls == [] and not says_no_controls(question):
        query.controls = None  # small models fill every list: an empty list the user did not state means "not given"
    if len(query.instruments) < 2:
        query.instruments = []
    elif query.instrument not in query.instruments:
        query.instrument = query.instruments[0]
    if query.instrument and query.instrument.lower() not in question.lower():
        query.assumptions.append(
            f"'{query.instrument}' is used as an instrument on the language model's reading of the description: "
            f"it is assumed to affect '{query.outcome}' only through '{query.treatment}' and to share no "
            "unmeasured cause with it. The data cannot test this; name another instrument or none to change it.")
    return query


def _fix_case(query: Query, columns: list[str]) -> None:
    """Replace names that differ from a column only in letter case (a common LLM slip)."""
    by_lower = {c.lower(): c for c in columns}

    def fix(name: str | None) -> str | None:
        if name is None or name in columns or name.lower() not in by_lower:
            return name
        return by_lower[name.lower()]

    for attr in ("treatment", "outcome", "subject", "instrument", "subgroup"):
        setattr(query, attr, fix(getattr(query, attr)))
    for attr in ("variables", "conditioning", "graph_variables", "instruments"):
        setattr(query, attr, [fix(n) for n in getattr(query, attr)])
    if query.controls is not None:
        query.controls = [fix(n) for n in query.controls]
    query.intervention = {fix(k): v for k, v in query.intervention.items()}
    query.factual = {fix(k): v for k, v in query.factual.items()}
    for option in query.options:
        option.source, option.target = fix(option.source), fix(option.target)


def _short(err: BaseException, limit: int = 300) -> str:
    text = re.sub(r"\s+", " ", str(err)).strip()
    return text if len(text) <= limit else text[:limit] + "…"
