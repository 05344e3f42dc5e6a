"""Panel DML (Clarke & Polselli): unit effects correlated with the treatment bias
cross-sectional estimates; the within-transformed DML recovers the effect, through analyze()."""

import numpy as np
import pandas as pd

from agent import CausalAgent
from memory.store import InMemoryGraphStore
from tools.estimation.panel_dml import panel_dml
from tools.estimation.query import EffectQuery, Nuisance


def _panel(seed=0, n_units=150, n_periods=8):
    """y = 1.5 t + 2 a_i + x^2 + e; t = 0.8 a_i + 0.5 x^2 + v: the unit effect a_i and the
    nonlinear covariate x both confound t."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_units):
        a = rng.normal()
        for year in range(2000, 2000 + n_periods):
            x = rng.normal()
            t = 0.8 * a + 0.5 * x * x + rng.normal()
            rows.append({"firm": f"f{i}", "year": year, "x": x, "training_hours": t,
                         "output": 1.5 * t + 2.0 * a + x * x + rng.normal()})
    return pd.DataFrame(rows)


def test_within_dml_recovers_the_effect_that_pooled_regression_misses():
    df = _panel()
    pooled = np.polyfit(df.training_hours, df.output, 1)[0]
    assert pooled - 1.5 > 0.5  # the unit effect biases a pooled comparison
    q = EffectQuery(treatment="training_hours", outcome="output", covariates=("x",), unit="firm", time="year",
                    nuisance=Nuisance.BOOSTING)
    res = panel_dml(df, q)
    assert abs(res.estimate - 1.5) < 0.1 and res.ci_low < 1.5 < res.ci_high
    assert 0.2 < res.details["treatment_variance_between_units"] < 0.8
    assert res.details["n_clusters"] == 150
    assert abs(res.details["cre_dml"]["estimate"] - 1.5) < 0.15


def test_analyze_recognises_the_panel_and_uses_panel_dml():
    res = CausalAgent(store=InMemoryGraphStore()).analyze(_panel(), "What is the effect of training_hours on output?")
    assert res.effect.method == "DML (within, panel)"
    assert abs(res.effect.estimate - 1.5) < 0.15
    assert any("between units" in n for n in res.effect.details.get("data_notes", []))


def test_a_text_unit_column_is_kept_as_unit_codes_when_it_forms_a_panel():
    from agent.data import prepare_frame

    prepared = prepare_frame(_panel(n_units=80))
    assert "firm" in prepared.frame.columns and prepared.frame["firm"].nunique() == 80
    assert any("unit codes" in note for note in prepared.notes)
    free_text = pd.DataFrame({"comment": [f"note {i}" for i in range(200)], "y": range(200)})
    assert "comment" not in prepare_frame(free_text).frame.columns  # not a panel: still dropped
