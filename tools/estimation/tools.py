"""The estimate_effect tool: turns the identified estimand (or an explicit adjustment set,
or a design named by its arguments) into an EffectResult with a CI."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tools.base import Tool, ToolArgs, ToolGroup, ToolInputError, ToolOutput
from tools.context import AnalysisContext
from tools.covariates.coverage import associated_with_both
from tools.estimation.effect import EffectResult
from tools.estimation.estimate import run_query
from tools.estimation.subgroups import per_group_effects
from tools.estimation.query import Design, EffectQuery, EstimandKind
from tools.estimation.registry import Method
from tools.identification.estimand import Estimand, Strategy

MethodName = Literal[tuple(["auto", *(m.value for m in Method)])]  # type: ignore[valid-type]

class EstimateEffectArgs(ToolArgs):
    treatment: str = Field(description="Treatment column.")
    outcome: str = Field(description="Outcome column.")
    method: MethodName = Field("auto", description="Estimator; 'auto' chooses from the design and treatment type.")
    estimand: Literal["ATE", "ATT", "ATC", "CATE"] = Field(
        "ATE", description="ATE (everyone), ATT (treated), ATC (untreated), CATE (per subgroup; needs subgroup).")
    adjust_for: list[str] | None = Field(
        None, description="Explicit adjustment set (overrides identify_effect; you assume it blocks all confounding).")
    subgroup: str | None = Field(None, description="Column: effect per level (or quartile bin) of it.")
    t0: float | None = Field(None, description="Reference treatment value (continuous: effect of t0 -> t1).")
    t1: float | None = Field(None, description="Treatment value to compare with t0.")
    instrument: str | None = Field(None, description="Instrument column (selects IV / 2SLS).")
    instruments: list[str] | None = Field(
        None, description="Several instrument columns, when the user named more than one: 2SLS with Sargan's "
                          "over-identification test, the weighted median estimator and the instruments the data "
                          "contradict named and set aside.")
    randomized: bool = Field(False, description="True when recognise_design found randomisation (covariates then "
                                                "add precision only).")
    time: str | None = Field(None, description="Period column (DiD panel, with unit).")
    unit: str | None = Field(None, description="Unit id column (DiD; clusters the SE).")
    post: str | None = Field(None, description="0/1 post-period column (2x2 DiD).")
    running: str | None = Field(None, description="Running variable (selects regression discontinuity).")
    cutoff: float | None = Field(None, description="RDD cutoff (inferred from the treatment switch if omitted).")


DESCRIPTION = (
    "Estimate the causal effect of treatment on outcome with a 95% CI. Pass the arguments recognise_design "
    "returned, or adjust_for = the adjustment set from assign_covariate_roles (or from identify_effect on a graph "
    "the user gave). instrument -> 2SLS; post, or time+unit -> difference-in-differences; running (+cutoff) -> "
    "regression discontinuity; method=synthetic_control needs unit+time. CATE needs subgroup. Continuous "
    "treatment: t0/t1 compare two values.")


def _design_from_args(args: EstimateEffectArgs) -> Design | None:
    if args.method == Method.SYNTHETIC_CONTROL.value:
        return Design.SYNTHETIC_CONTROL
    if args.running is not None or args.method == Method.RDD.value:
        return Design.RDD
    if args.post is not None or args.time is not None or args.method == Method.DID.value:
        return Design.DID
    if args.instrument is not None or args.instruments or args.method in (Method.IV.value, Method.WALD.value):
        return Design.IV
    return None


def _identified(ctx: AnalysisContext, args: EstimateEffectArgs) -> Estimand | None:
    found = ctx.results.get("identify_effect")
    estimand = found if isinstance(found, Estimand) else getattr(found, "estimand", None)
    if not isinstance(estimand, Estimand):
        return None
    if (estimand.treatment, estimand.outcome) != (args.treatment, args.outcome):
        raise ToolInputError(f"identify_effect was run for {estimand.treatment} -> {estimand.outcome}, not "
                             f"{args.treatment} -> {args.outcome}: call identify_effect for this pair, or pass "
                             "adjust_for.")
    return estimand


def _resolve(ctx: AnalysisContext, args: EstimateEffectArgs) -> tuple[Design, dict, str]:
    """(design, query fields, where the adjustment came from)."""
    design = _design_from_args(args)
    estimand = None if design in (Design.DID, Design.RDD, Design.SYNTHETIC_CONTROL) else _identified(ctx, args)
    if design is Design.DID:
        return design, {"covariates": args.adjust_for or []}, "design: difference-in-differences"
    if design is Design.RDD:
        return design, {}, "design: regression discontinuity"
    if design is Design.SYNTHETIC_CONTROL:
        return design, {}, "design: synthetic control"
    if design is Design.IV:
        from_estimand = estimand is not None and estimand.strategy is Strategy.IV
        named = list(args.instruments or []) or ([args.instrument] if args.instrument else [])
        instruments = named or (estimand.instruments if from_estimand else [])
        if not instruments:
            raise ToolInputError("An IV estimate needs instrument='<column>' (or identify_effect returning an IV).")
        covariates = args.adjust_for if args.adjust_for is not None else (
            estimand.conditioning if from_estimand else [])
        return design, {"instruments": instruments, "covariates": covariates}, "design: instrumental variable"
    if args.randomized:
        covariates = [] if args.method == Method.DIFFERENCE_IN_MEANS.value else (args.adjust_for or [])
        return Design.RANDOMIZED, {"covariates": covariates}, "design: randomized"
    if args.adjust_for is not None:
        if args.method == Method.FRONTDOOR.value:
            mediators = estimand.mediators if estimand is not None else []
            return Design.FRONTDOOR, {"mediators": mediators, "covariates": args.adjust_for}, "user"
        roles = ctx.results.get("assign_covariate_roles")
        if roles is not None and (roles.treatment, roles.outcome) == (args.treatment, args.outcome) \
                and list(args.adjust_for) == roles.adjustment_set:
            return Design.BACKDOOR, {"covariates": args.adjust_for}, "covariate roles"
        ctx.add_assumption(f"User-specified adjustment set {{{', '.join(args.adjust_for)}}} is assumed to block "
                           "all confounding.")
        return Design.BACKDOOR, {"covariates": args.adjust_for}, "user"
    if estimand is None:
        raise ToolInputError("No identified estimand for this effect: call identify_effect first, or pass "
                             "adjust_for=[...] (or instrument=, post=/time=+unit=, running= for a design).")
    return _from_estimand(estimand)


def _from_estimand(e: Estimand) -> tuple[Design, dict, str]:
    if not e.identifiable or e.strategy is Strategy.NONE:
        raise ToolInputError(f"The effect of {e.treatment} on {e.outcome} is not identifiable from the graph, so no "
                             f"estimate would be valid: {e.reason or 'no adjustment set, frontdoor or instrument'}. "
                             "Options: measure the missing confounder, find an instrument, or pass adjust_for only "
                             "if you accept that set blocks all confounding.")
    if e.strategy is Strategy.ID:
        raise ToolInputError(f"{e.treatment} -> {e.outcome} is identified only by a general ID formula "
                             f"({e.formula or 'see identify_effect'}), which estimate_effect does not implement. "
                             "Supported: backdoor, frontdoor, IV, DiD, RDD.")
    source = f"identify_effect ({e.strategy.value})"
    if e.strategy is Strategy.FRONTDOOR:
        return Design.FRONTDOOR, {"mediators": e.mediators, "covariates": e.conditioning}, source
    if e.strategy is Strategy.IV:
        return Design.IV, {"instruments": e.instruments, "covariates": e.conditioning}, source
    if e.strategy is Strategy.RANDOMIZED:
        return Design.RANDOMIZED, {"covariates": e.adjustment_set}, source
    if e.strategy is Strategy.NO_EFFECT:
        return Design.BACKDOOR, {"no_effect": True}, source
    return Design.BACKDOOR, {"covariates": e.adjustment_set}, source


def _no_effect(ctx: AnalysisContext, args: EstimateEffectArgs) -> ToolOutput:
    text = (f"The graph has no directed path from {args.treatment} to {args.outcome}, so its causal effect is "
            "zero if the graph is right.")
    ctx.add_assumption(f"The causal graph is correct: {args.treatment} has no directed path to {args.outcome}.")
    result = EffectResult(estimate=0.0, ci_low=0.0, ci_high=0.0, method="none (no causal path in the graph)",
                          estimand=args.estimand, adjustment_set=[], treatment=args.treatment, outcome=args.outcome,
                          strategy="no_effect", n=len(ctx.data), details={"note": text},
                          assumptions=[ctx.assumptions[-1]])
    return ToolOutput(result=result, observation=text + " No estimation was done.")


def run_estimate_effect(ctx: AnalysisContext, args: EstimateEffectArgs) -> ToolOutput:
    ctx.require_columns(args.treatment, args.outcome, *(args.adjust_for or []), args.subgroup, args.instrument,
                        *(args.instruments or []),
                        args.time, args.unit, args.post, args.running)
    if args.estimand == "CATE" and args.subgroup is None:
        raise ToolInputError("estimand='CATE' needs subgroup='<column>' (the effect is reported per level of it).")
    design, fields, source = _resolve(ctx, args)
    if fields.pop("no_effect", False):
        if ctx.graph_source == "discovered":
            raise ToolInputError(
                f"The learned graph has no path from {args.treatment} to {args.outcome}, but a graph learned from "
                "data cannot show that an effect is zero. Estimate it instead: call assign_covariate_roles and pass "
                "its adjustment set as adjust_for.")
        return _no_effect(ctx, args)
    overall = EstimandKind.ATE if args.estimand == "CATE" else EstimandKind(args.estimand)
    q = EffectQuery(treatment=args.treatment, outcome=args.outcome, design=design, estimand=overall,
                    t0=args.t0, t1=args.t1, time=args.time, unit=args.unit,
                    post=args.post, running=args.running, cutoff=args.cutoff, seed=ctx.seed,
                    use_ray=ctx.executor.kind == "ray", **{k: tuple(v) for k, v in fields.items()})
    if q.use_ray:
        ctx.open_executor()  # econml's cross-fitting then joins this analysis's Ray cluster, not a new one
    data = ctx.data.dropna(subset=[args.subgroup]) if args.subgroup else ctx.data
    result = run_query(data, q, args.method)
    if args.subgroup:
        result.subgroups, skipped = per_group_effects(data, q, args.subgroup, args.method)
        result.warnings += skipped
    _credit_the_design(ctx, args, result)
    _check_against_roles(ctx, args, q, result)
    _check_graph_coverage(ctx, args, q, result, source)
    result.details["adjustment_source"] = source
    if source == "user":
        result.strategy = "user"
    for text in result.assumptions:
        ctx.add_assumption(text)
    for text in result.warnings:
        ctx.add_warning(text)
    return ToolOutput(result=result, observation=observation(result))


def _credit_the_design(ctx: AnalysisContext, args: EstimateEffectArgs, result: EffectResult) -> None:
    """A method that recognise_design implied was not 'requested' by anyone: say where it came from."""
    design = ctx.results.get("recognise_design")
    implied = getattr(design, "estimate_args", {}).get("method") if design is not None else None
    if implied is None or implied != args.method or getattr(design, "source", "") == "user":
        return
    credit = f"Method {args.method}: the estimator of the recognised {design.name} design."
    choice = [credit if c == f"Method {args.method} requested." else c for c in result.details.get("choice", [])]
    result.details["choice"], result.details["method_reason"] = choice, " ".join(choice)


def _check_graph_coverage(ctx: AnalysisContext, args: EstimateEffectArgs, q: EffectQuery,
                          result: EffectResult, source: str) -> None:
    """A person's graph that leaves out columns tied to both treatment and outcome: say so in the
    first warning, with the estimate that also adjusts for them (right if they are common causes)."""
    from_graph = source.startswith("identify_effect") and q.design in (Design.BACKDOOR, Design.RANDOMIZED)
    if ctx.graph is None or ctx.graph_source not in ("user", "memory") or not from_graph:
        return
    left_out = [c for c in ctx.columns if c not in ctx.graph.nodes and c not in (args.treatment, args.outcome)]
    both = associated_with_both(ctx.data, left_out, args.treatment, args.outcome)
    if not both:
        return
    alt = run_query(ctx.data, q.with_(covariates=tuple(q.covariates) + tuple(both)), args.method)
    one = len(both) == 1
    them, claim = ("it", "it is a common cause") if one else ("them", "they are common causes")
    result.details["graph_left_out"] = {"columns": both, "estimate": alt.estimate, "ci_low": alt.ci_low,
                                        "ci_high": alt.ci_high, "method": alt.method}
    result.warnings.insert(0, f"The graph leaves out {', '.join(both)}, associated with both {args.treatment} and "
                              f"{args.outcome} in the data; if {claim}, this estimate is biased. Adjusting for "
                              f"{them} as well gives {alt.estimate:.4g} (95% CI {alt.ci_low:.4g} to "
                              f"{alt.ci_high:.4g}). Add {them} to the graph to settle it.")


def _check_against_roles(ctx: AnalysisContext, args: EstimateEffectArgs, q: EffectQuery, result: EffectResult) -> None:
    """An adjustment set with a column the covariate roles rule out (measured after the
    treatment, a descendant of it, another measure of the outcome) is estimated as asked, never
    silently: the warning and the estimate without those columns go beside the number."""
    roles = ctx.results.get("assign_covariate_roles")
    if not args.adjust_for or roles is None or (roles.treatment, roles.outcome) != (args.treatment, args.outcome):
        return
    bad = [(c, r) for c in args.adjust_for if (r := roles.of(c)) is not None and not r.role.adjust]
    if not bad:
        return
    keep = [c for c in args.adjust_for if c not in {c for c, _ in bad}]
    try:
        valid = run_query(ctx.data, q.with_(covariates=tuple(keep)), args.method)
    except ToolInputError:  # the method needs the covariates left out (matching on nothing): the chooser's method
        valid = run_query(ctx.data, q.with_(covariates=tuple(keep)), "auto")
    why = "; ".join(f"'{c}' is {r.role.value.replace('_', ' ')} ({r.evidence})" for c, r in bad)
    result.details["valid_alternative"] = {"adjust_for": keep, "estimate": valid.estimate, "ci_low": valid.ci_low,
                                           "ci_high": valid.ci_high, "method": valid.method,
                                           "excluded": [c for c, _ in bad]}
    result.warnings.insert(0, f"Adjusting for {', '.join(c for c, _ in bad)} biases the effect: {why}. Without "
                              f"{'it' if len(bad) == 1 else 'them'}: {valid.estimate:.4g} (95% CI {valid.ci_low:.4g} "
                              f"to {valid.ci_high:.4g}).")


def _fmt(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.4g}"


def observation(r: EffectResult) -> str:
    """Short factual summary for the planner (never the data)."""
    q = r.query
    if q.get("instruments"):
        context = f"instrument {{{', '.join(q['instruments'])}}}" + (
            f", first-stage F={r.details['first_stage_F']:.1f}" if "first_stage_F" in r.details else "")
    elif q.get("mediators"):
        context = f"through mediators {{{', '.join(q['mediators'])}}}"
    elif r.strategy == "rdd":
        context = f"cutoff {r.details.get('cutoff'):g}, bandwidth {r.details.get('bandwidth'):.3g}"
    elif r.strategy == "did":
        context = r.details.get("design", "DiD")
    else:
        context = ""
    if r.adjustment_set:
        context += ("; " if context else "") + f"adjusting for {{{', '.join(r.adjustment_set)}}}"
    elif r.strategy in ("backdoor", "randomized", "user"):
        context += "no adjustment"
    what = r.estimand if r.treatment in r.estimand else f"{r.estimand} of {r.treatment}"  # no "X of X"
    text = (f"{r.method} {what} on {r.outcome}: {_fmt(r.estimate)} "
            f"(95% CI {_fmt(r.ci_low)} to {_fmt(r.ci_high)}), {context}, n={r.n}.")
    if r.subgroups:
        parts = [f"{s['level']}: {_fmt(s['estimate'])} ({_fmt(s['ci_low'])} to {_fmt(s['ci_high'])})"
                 for s in r.subgroups[:8]]
        text += f" CATE by {r.subgroups[0]['subgroup']}: " + "; ".join(parts) + "."
    notes = r.details.get("data_notes", [])
    if notes:
        text += " Note: " + "; ".join(notes) + "."
    for w in r.warnings:
        text += f" Warning: {w}"
    return text


estimate_effect = Tool(name="estimate_effect", description=DESCRIPTION, group=ToolGroup.ESTIMATION,
                       args_model=EstimateEffectArgs, run=run_estimate_effect)

TOOLS = [estimate_effect]
