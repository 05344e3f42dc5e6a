"""Generated demo data with a known answer (no download, no keys)."""

from __future__ import annotations

import numpy as np
import pandas as pd

DEMO_QUESTION = "What is the effect of X on Y?"
DEMO_TRUE_EFFECT = 2.0


def demo_data(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    """Linear SCM: V → X ← Z, Z → Y, X → Y (effect 2.0), Z → W.

    The v-structure at X makes the effect identifiable from the CPDAG; the right
    adjustment set is {Z}."""
    rng = np.random.default_rng(seed)
    v = rng.normal(size=n)
    z = rng.normal(size=n)
    x = 0.8 * v + 0.9 * z + rng.normal(size=n)
    y = DEMO_TRUE_EFFECT * x + 1.5 * z + rng.normal(size=n)
    w = 0.7 * z + rng.normal(size=n)
    return pd.DataFrame({"V": v, "Z": z, "X": x, "Y": y, "W": w})
