"""Fixed attributes (age, sex, race, ...) get no incoming edges: a stated default that
settles directions the data leave open."""

import numpy as np
import pandas as pd

from agent import CausalAgent
from tools.covariates.fixed import fixed_attribute_columns
from memory.store import InMemoryGraphStore
from tools.knowledge import Knowledge


def test_names_that_are_fixed_attributes():
    columns = ["patient_age", "age_years", "Gender", "female", "minority_status", "stage", "average_score",
               "usage", "agent_id", "treatment", "outcome"]
    assert fixed_attribute_columns(columns, "outcome", Knowledge()) == [
        "patient_age", "age_years", "Gender", "female", "minority_status"]
    assert fixed_attribute_columns(["age", "y"], "age", Knowledge()) == []            # never the outcome
    user = Knowledge(forbidden=[("age", "y")])
    assert fixed_attribute_columns(["age", "y"], "y", user) == []                     # the user's word wins


def _age_confounded(n: int = 4000, seed: int = 2) -> pd.DataFrame:
    """age -> drug, age -> recovery, drug -> recovery (2.0): age — drug is undirected in the CPDAG."""
    rng = np.random.default_rng(seed)
    age = rng.normal(50, 10, n)
    bmi = rng.normal(size=n)
    drug = 0.08 * age + rng.normal(size=n)
    recovery = 2.0 * drug - 0.1 * age + 0.5 * bmi + rng.normal(size=n)
    return pd.DataFrame({"age": age, "bmi": bmi, "drug": drug, "recovery": recovery})


def test_age_as_fixed_attribute_makes_the_effect_identifiable_and_is_stated():
    res = CausalAgent(store=InMemoryGraphStore()).analyze(_age_confounded(), "What is the effect of drug on recovery?")
    assert res.effect is not None and abs(res.effect.estimate - 2.0) < 0.1
    assert "age" in res.effect.adjustment_set
    assert any("'age' is a fixed attribute" in a for a in res.assumptions)


def test_user_knowledge_about_the_column_turns_the_default_off():
    knowledge = {"forbidden": [["recovery", "age"]]}
    res = CausalAgent(store=InMemoryGraphStore()).analyze(_age_confounded(), "What is the effect of drug on recovery?",
                                                          knowledge=knowledge)
    assert not any("fixed attribute" in a for a in res.assumptions)
    # age — drug stays undirected: age is pre-treatment by default (stated), and the range over both
    # orientations is reported beside the estimate.
    assert "age" in res.effect.adjustment_set and len(res.effect.possible_effects) == 2


def test_a_date_column_is_a_time_index_not_a_covariate():
    """Real table (avocado prices): a Date column was adjusted for 'by default' and the estimate refused."""
    import numpy as np
    import pandas as pd

    from agent import CausalAgent
    from memory.store import InMemoryGraphStore

    rng = np.random.default_rng(0)
    price = rng.normal(1.3, 0.2, 169)
    df = pd.DataFrame({"Date": pd.date_range("2015-01-04", periods=169, freq="W").astype(str),
                       "AveragePrice": price, "TotalVolume": 8e6 - 3e6 * price + rng.normal(0, 2e5, 169)})
    res = CausalAgent(store=InMemoryGraphStore()).analyze(df, "What is the effect of AveragePrice on TotalVolume?")
    assert res.effect is not None and "Date" not in res.effect.adjustment_set
    assert abs(res.effect.estimate + 3e6) < 3e5
