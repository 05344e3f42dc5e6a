"""Reports: the demo and every question kind read as a narrative, render to Markdown, HTML
and PDF, omit sections whose results are absent, and are deterministic for a seed."""

from __future__ import annotations

import base64
import re

import pytest

from agent.demo import DEMO_QUESTION, demo_data
from agent.report import Report, build_report, strip_timestamp
from agent.report.fmt import num
from agent.report.grounding import check_grounding
from tests.report_helpers import KIND_QUESTIONS, analyze_with_context, kinds_data

DEMO_ORDER = ["summary", "data", "method", "graph", "identification", "estimate", "robustness", "assumptions",
              "insights", "appendix"]
# kind -> sections that must be present / absent
EXPECTED = {
    "independence": ({"details", "data", "method"}, {"graph", "estimate", "identification"}),
    "direct_cause": ({"graph", "method"}, {"estimate", "details"}),
    "confounder": ({"graph"}, {"estimate"}),
    "collider": ({"graph"}, {"estimate"}),
    "mediator": ({"graph"}, {"estimate"}),
    "causes_of": ({"details", "graph"}, {"estimate"}),
    "effects_of": ({"details", "graph"}, {"estimate"}),
    "graph": ({"graph"}, {"estimate", "details"}),
    "effect": ({"identification", "estimate", "robustness", "graph"}, {"details"}),
    "counterfactual": ({"details", "graph"}, {"estimate"}),
    "overview": ({"details", "graph"}, {"estimate", "identification"}),
}


@pytest.fixture(scope="module")
def demo():
    return analyze_with_context(demo_data(n=1000), DEMO_QUESTION)


@pytest.fixture(scope="module")
def kinds():
    df = kinds_data()
    return {kind: analyze_with_context(df, question) for kind, question in KIND_QUESTIONS.items()}


def _keys(report: Report) -> list[str]:
    return [s.key for s in report.sections]


def test_demo_report_reads_in_order_and_states_the_answer(demo):
    result, ctx = demo
    report = result.report
    assert _keys(report) == DEMO_ORDER
    md = report.to_markdown()
    assert str(report) == md
    summary = report.section("summary").body
    e = result.effect
    assert f"**{num(e.estimate)}**" in summary and "95% CI" in summary
    assert f"{num(e.ci_low)} to {num(e.ci_high)}" in summary
    assert "`Z`" in summary  # the adjustment set, named
    assert md.index("## Summary") < md.index("## The data") < md.index("## The estimate") < md.index("## Appendix")
    for library in ("numpy", "pandas", "causal-learn", "econml", "networkx", "langchain"):
        assert f"| {library} |" in md
    assert "| seed | 0 |" in md
    assert "Notation:" in report.section("graph").body
    identification = report.section("identification").body  # design first, then every covariate's role
    assert "**Design: observational.**" in identification and "| `Z` |" in identification
    assert re.search(r"\d of \d checks passed", report.section("robustness").body)
    assert "times as strong as `Z`" in report.section("robustness").body
    assert [f.key for f in report.figures] == ["graph", "forest"]


def test_demo_template_narrative_is_grounded(demo):
    result, ctx = demo
    narrative = result.report.narrative
    assert narrative.source == "template" and narrative.llm_calls == 0
    for text in [narrative.summary, *narrative.insights]:
        assert check_grounding(text, result.report.facts, ctx.columns).ok, text


@pytest.mark.parametrize("kind", list(KIND_QUESTIONS))
def test_every_kind_gets_a_sensible_report(kinds, kind):
    result, ctx = kinds[kind]
    assert result.kind == kind
    report = result.report
    keys = set(_keys(report))
    must, must_not = EXPECTED[kind]
    assert {"summary", "assumptions", "appendix"} <= keys and must <= keys, keys
    assert not keys & must_not, keys & must_not
    summary = report.section("summary").body
    assert f"**Question:** {KIND_QUESTIONS[kind]}" in summary
    assert len(report.narrative.summary) > 40
    md = report.to_markdown()
    assert not re.search(r"\bNone\b|\bnan\b|n/a", md), re.findall(r".{30}(?:None|nan|n/a).{30}", md)
    for text in [report.narrative.summary, *report.narrative.insights]:
        grounding = check_grounding(text, report.facts, ctx.columns)
        assert grounding.ok, (text, grounding.problems)
    html = report.to_html()
    assert html.count("<img ") == len(report.figures)
    for fig in report.figures:
        assert fig.png[:8] == b"\x89PNG\r\n\x1a\n"


def test_kind_specific_content(kinds):
    assert "Fisher-z" in kinds["independence"][0].report.section("details").body
    assert "**Yes.**" in kinds["confounder"][0].report.section("summary").body
    assert "common cause" in kinds["confounder"][0].report.narrative.summary
    assert "`M` and `T`" in kinds["causes_of"][0].report.narrative.summary
    overview = kinds["overview"][0].report
    assert [f.key for f in overview.figures] == ["drivers", "graph"]
    assert "| 1 |" in overview.section("details").body
    counterfactual = kinds["counterfactual"][0].report
    assert "do(T = 2)" in counterfactual.narrative.summary
    assert "intervention" in [f.key for f in counterfactual.figures]
    assert kinds["effect"][0].effect.covers(1.8)  # the true effect of T on Y


def test_html_is_self_contained_and_phone_ready(demo):
    html = demo[0].report.to_html()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert not re.search(r"""(?:src|href)=["'](?!data:)""", html), "external asset referenced"
    assert "<script" not in html
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 2 and all(base64.b64decode(i)[:4] == b"\x89PNG" for i in images)
    assert html.count('class="table-wrap"') >= 3  # tables scroll sideways on a phone
    assert "<details>" in html  # the appendix folds away


def test_save_writes_each_format(demo, tmp_path):
    report = demo[0].report
    html = report.save(tmp_path / "r.html")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = report.save(tmp_path / "r.md")
    text = md.read_text(encoding="utf-8")
    assert "![" in text and "(r_figures/graph.png)" in text
    assert (tmp_path / "r_figures" / "forest.png").read_bytes()[:4] == b"\x89PNG"
    pdf = report.save(tmp_path / "r.pdf")
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-" and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 2


def test_reports_are_deterministic_for_a_seed(demo):
    first = demo[0].report
    again, _ = analyze_with_context(demo_data(n=1000), DEMO_QUESTION)
    second = again.report
    assert first.generated_at and first.timestamp_line in first.to_markdown()
    assert strip_timestamp(first.to_markdown()) == strip_timestamp(second.to_markdown())
    assert strip_timestamp(first.to_html()) == strip_timestamp(second.to_html())
    assert "Generated" not in strip_timestamp(first.to_html())


def test_sections_are_omitted_when_results_are_absent(demo):
    result, ctx = demo
    from copy import copy

    bare = copy(ctx)
    bare.results = {}
    bare.graph = None
    stripped = copy(result)
    stripped.effect, stripped.steps = None, []
    report = build_report(stripped, bare)
    assert _keys(report) == ["summary", "data", "assumptions", "appendix"]
    report.to_html()  # renders without figures


def test_bootstrap_confidence_adds_a_heatmap(demo):
    result, ctx = demo
    from copy import copy

    from memory.graph import CausalGraph

    graph = CausalGraph.from_dict(ctx.graph.to_dict())
    graph.metadata["bootstrap"] = 20
    graph.metadata["edge_probabilities"] = [
        {"u": "X", "v": "Y", "present": 1.0, "types": {"X --> Y": 0.9, "Y --> X": 0.1}},
        {"u": "W", "v": "Z", "present": 0.4, "types": {"W --- Z": 0.4}}]
    graph.edges = [e if (e.u, e.v) != ("X", "Y") else type(e)(e.u, e.v, e.mark_u, e.mark_v, 0.9)
                   for e in graph.edges]
    boot_ctx = copy(ctx)
    boot_ctx.graph = graph
    report = build_report(result, boot_ctx)
    assert [f.key for f in report.section("graph").figures] == ["graph", "edge_confidence"]
    assert "in 90% of bootstrap resamples" in report.section("graph").after
    assert "20 bootstrap resamples" in report.section("graph").body
    assert report.section("graph").figures[1].png[:4] == b"\x89PNG"


@pytest.mark.parametrize("table", [
    [{"u": "A", "v": "B", "present": 0.9, "types": {"A --> B": 0.6, "A --- B": 0.3}}],   # discovery tool's table
    {"A --> B": 0.6, "A --- B": 0.3},
    {("A", "B"): 0.6, "A --- B": 0.3},
    [{"u": "A", "v": "B", "probability": 0.6}, {"u": "A", "v": "B", "kind": "undirected", "p": 0.3}],
])
def test_edge_probability_shapes(table):
    from agent.report.edge_confidence import edge_probabilities
    from memory.graph import CausalGraph

    graph = CausalGraph.from_edge_list(["A -> B"])
    graph.metadata["edge_probabilities"] = table
    probs = edge_probabilities(graph)
    assert probs[("A", "B")] == pytest.approx(0.9) and probs[("B", "A")] == pytest.approx(0.3)


def test_graph_figure_draws_every_mark_and_sizes_to_labels():
    from io import BytesIO

    from matplotlib.image import imread

    from agent.report.figures import graph_png
    from memory.graph import CausalGraph, Mark

    small = CausalGraph.from_edge_list(["a -> b"])
    big = CausalGraph.from_edge_list(["smoking_status -> tar_deposits", "tar_deposits -> lung_cancer",
                                      "genotype -> lung_cancer", "smoking_status <-> lung_cancer"])
    big.add_edge("income_bracket", "smoking_status", Mark.CIRCLE, Mark.ARROW, confidence=0.62)
    big.add_edge("income_bracket", "genotype", Mark.CIRCLE, Mark.CIRCLE)
    big.latent.add("genotype")
    widths = []
    for graph in (small, big):
        image = imread(BytesIO(graph_png(graph, roles={"smoking_status": "treatment", "lung_cancer": "outcome"})))
        assert image.shape[0] > 100 and image[..., :3].std() > 0.05  # drawn, not blank
        widths.append(image.shape[1])
    assert widths[1] > widths[0]


def test_the_report_package_imports_without_matplotlib():
    import subprocess
    import sys

    code = "import sys, agent.report, agent.report.sections; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.parametrize("question, graph, expect, section", [
    # A zero may come only from a graph the user supplied (issue 15): here the true DAG.
    ("What is the effect of S on A?", ["A -> T", "C -> T", "C -> Y", "T -> M", "M -> Y", "T -> S", "Y -> S"],
     "**no causal effect**", "estimate"),
    ("What is the effect of T on Y?", ["C -> T", "C -> Y", "T -> Y", "T <-> Y"], "**not identifiable**",
     "identification"),
])
def test_effects_without_a_number_are_explained(question, graph, expect, section):
    result, ctx = analyze_with_context(kinds_data(n=300), question, graph=graph)
    report = result.report
    assert expect in report.narrative.summary
    assert report.section(section) is not None and report.section("robustness") is None
    assert not any(f.key == "forest" for f in report.figures)
    for text in [report.narrative.summary, *report.narrative.insights]:
        assert check_grounding(text, report.facts, ctx.columns).ok, text
    if "T <-> Y" in (graph or []):
        assert "hidden common cause" in " ".join(report.narrative.insights)
        assert "Supplied by the user" in report.section("graph").body
