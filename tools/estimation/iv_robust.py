"""Several instruments, some perhaps invalid: over-identification test, median estimator and
selection of the instruments the data do not contradict.

With one endogenous treatment and instruments Z_1..Z_k, instrument j alone identifies the
effect as the ratio of its reduced-form and first-stage coefficients, beta_j = Gamma_j / gamma_j
(both from regressions on all instruments and the covariates). An instrument with a direct
effect alpha_j on the outcome gives beta + alpha_j / gamma_j instead. So:

- Sargan's test (n R^2 of the 2SLS residuals on all exogenous variables, chi^2 with k - 1
  degrees of freedom) asks whether the instruments agree; it has no power when all are
  invalid in the same way.
- The weighted median of the ratios (Bowden et al. 2016; inverse-variance weights) is
  consistent when instruments carrying more than half of the weight are valid.
- Downward testing (Andrews 1999, with the median as the reference): while Sargan rejects,
  the instrument whose ratio is farthest from the median (in standard errors) is judged
  invalid and moved into the outcome equation as a control; a majority always stays. 2SLS on
  the instruments that remain is the post-selection estimate.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from tools.estimation.linear import add_intercept, ols, tsls

SARGAN_LEVEL = 0.05
MEDIAN_DRAWS = 1000


@dataclass
class InstrumentCheck:
    """What several instruments say about each other (all estimates per unit of treatment)."""

    sargan_statistic: float
    sargan_df: int
    sargan_p: float
    ratios: dict[str, tuple[float, float]]        # instrument -> (ratio estimate, standard error)
    weighted_median: float
    weighted_median_se: float
    invalid: list[str] = field(default_factory=list)
    valid: list[str] = field(default_factory=list)
    post_selection: float | None = None
    post_selection_se: float | None = None
    post_selection_sargan_p: float | None = None

    def to_dict(self) -> dict:
        out = asdict(self)
        out["ratios"] = {k: {"estimate": v[0], "se": v[1]} for k, v in self.ratios.items()}
        return out


def sargan(t: np.ndarray, y: np.ndarray, z: np.ndarray, w: np.ndarray) -> tuple[float, int, float]:
    """Sargan's over-identification test of 2SLS of y on t with instruments ``z`` and
    exogenous controls ``w``: (statistic, degrees of freedom, p-value)."""
    from scipy import stats

    exog = add_intercept(np.column_stack([z, w]))
    fit = tsls(add_intercept(np.column_stack([t, w])), exog, y)
    e = fit.resid - fit.resid.mean()
    aux = ols(exog, e)
    r2 = 1.0 - float(aux.resid @ aux.resid) / float(e @ e) if float(e @ e) > 0 else 0.0
    dof = z.shape[1] - 1
    stat = len(y) * r2
    return stat, dof, float(stats.chi2.sf(stat, dof))


def weighted_median(estimates: np.ndarray, weights: np.ndarray) -> float:
    """Bowden et al.'s weighted median: the 50th percentile of the weighted distribution of
    the estimates, interpolated between neighbours."""
    order = np.argsort(estimates)
    b, w = estimates[order], weights[order] / weights.sum()
    position = np.cumsum(w) - w / 2
    return float(np.interp(0.5, position, b))


def check_instruments(t: np.ndarray, y: np.ndarray, zi: np.ndarray, w: np.ndarray, names: list[str],
                      seed: int = 0, draws: int = MEDIAN_DRAWS) -> InstrumentCheck:
    """Sargan test, per-instrument ratios, weighted median (SE from ``draws`` parametric
    bootstrap draws; 0: no SE, for point-only refits) and the post-selection 2SLS after
    downward testing. ``w`` holds the covariates (no intercept)."""
    k = zi.shape[1]
    design = add_intercept(np.column_stack([zi, w]))
    first, reduced = ols(design, t), ols(design, y)
    gamma, big_gamma = first.beta[1:1 + k], reduced.beta[1:1 + k]
    se_gamma = np.array([first.se(1 + j) for j in range(k)])
    se_big = np.array([reduced.se(1 + j) for j in range(k)])
    ratio = big_gamma / gamma
    ratio_se = np.sqrt(se_big ** 2 / gamma ** 2 + big_gamma ** 2 * se_gamma ** 2 / gamma ** 4)
    weights = 1.0 / np.maximum(ratio_se, 1e-12) ** 2
    median = weighted_median(ratio, weights)
    rng = np.random.default_rng(seed)
    simulated = rng.normal(big_gamma, se_big, (draws, k)) / rng.normal(gamma, se_gamma, (draws, k))
    median_se = float(np.std([weighted_median(row, weights) for row in simulated])) if draws else float("nan")
    stat, dof, p = sargan(t, y, zi, w)
    check = InstrumentCheck(stat, dof, p, {n: (float(r), float(s)) for n, r, s in zip(names, ratio, ratio_se)},
                            median, median_se)
    keep = list(range(k))
    p_kept = p
    while p_kept < SARGAN_LEVEL and len(keep) - 1 > k / 2 and len(keep) > 2:
        worst = max(keep, key=lambda j: abs(ratio[j] - median) / ratio_se[j])
        keep.remove(worst)
        dropped = [j for j in range(k) if j not in keep]
        p_kept = sargan(t, y, zi[:, keep], np.column_stack([w, zi[:, dropped]]))[2]
    dropped = [j for j in range(k) if j not in keep]
    check.valid, check.invalid = [names[j] for j in keep], [names[j] for j in dropped]
    if dropped:
        controls = np.column_stack([w, zi[:, dropped]])
        fit = tsls(add_intercept(np.column_stack([t, controls])), add_intercept(np.column_stack([zi[:, keep], controls])), y)
        check.post_selection, check.post_selection_se = float(fit.beta[1]), fit.se(1)
        check.post_selection_sargan_p = p_kept
    return check
