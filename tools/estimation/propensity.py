"""Propensity scores and overlap diagnostics for a binary treatment.

Assumes positivity: every unit had a non-negligible chance of either treatment. The
diagnostics (share of scores clipped, min/max score, effective sample size per arm, and
weighted covariate balance) say when the data do not support that assumption."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tools.estimation.linear import logistic
from tools.estimation.query import EstimandKind, Nuisance

POOR_CLIPPED_SHARE = 0.05
POOR_ESS_SHARE = 0.10
IMBALANCE_SMD = 0.1


@dataclass
class Propensity:
    """Estimated scores P(T=1|X) and overlap diagnostics. Clipping depends on the estimand:
    the ATT weights controls by e/(1-e), so only scores near 1 need clipping; the ATC only
    scores near 0; the ATE both (clipping the harmless side would give near-irrelevant
    units weight they should not have)."""

    raw: np.ndarray
    clip: float
    diagnostics: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def bounds(self, estimand: EstimandKind) -> tuple[float, float]:
        low = 0.0 if estimand is EstimandKind.ATT else self.clip
        high = 1.0 if estimand is EstimandKind.ATC else 1 - self.clip
        return low, high

    def score(self, estimand: EstimandKind = EstimandKind.ATE) -> np.ndarray:
        low, high = self.bounds(estimand)
        return np.clip(self.raw, max(low, 1e-12), min(high, 1 - 1e-12))

    def share_clipped(self, estimand: EstimandKind = EstimandKind.ATE) -> float:
        low, high = self.bounds(estimand)
        return float(np.mean((self.raw < low) | (self.raw > high)))


def fit_propensity(X: np.ndarray, t: np.ndarray, *, clip: float = 0.01, nuisance: Nuisance = Nuisance.LINEAR,
                   seed: int = 0) -> Propensity:
    """P(T=1 | X) by logistic regression (or cross-fitted boosting); see Propensity for clipping."""
    if nuisance is Nuisance.BOOSTING and X.shape[1]:
        raw = crossfit_classifier(X, t, seed)
    else:
        raw = logistic(X, t)
    return Propensity(raw=raw, clip=clip)


def crossfit_classifier(X: np.ndarray, t: np.ndarray, seed: int, folds: int = 5) -> np.ndarray:
    """Out-of-fold P(T=1|X) from histogram gradient boosting (flexible nuisance)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold

    out = np.empty(len(t))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(X, t):
        model = HistGradientBoostingClassifier(max_iter=100, random_state=seed).fit(X[train], t[train])
        out[test] = model.predict_proba(X[test])[:, 1]
    return out


def balancing_weights(e: np.ndarray, t: np.ndarray, estimand: EstimandKind) -> np.ndarray:
    """Inverse-probability weights that re-weight each arm to the target population."""
    if estimand is EstimandKind.ATT:
        return np.where(t == 1, 1.0, e / (1 - e))
    if estimand is EstimandKind.ATC:
        return np.where(t == 1, (1 - e) / e, 1.0)
    return np.where(t == 1, 1 / e, 1 / (1 - e))


def effective_sample_size(w: np.ndarray) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2."""
    return float(w.sum() ** 2 / np.sum(w ** 2)) if len(w) else 0.0


def overlap_report(ps: Propensity, X: np.ndarray, t: np.ndarray, estimand: EstimandKind,
                   names: list[str]) -> Propensity:
    """Fill ``ps.diagnostics`` and ``ps.warnings`` (poor overlap, residual imbalance)."""
    w = balancing_weights(ps.score(estimand), t, estimand)
    treated, control = t == 1, t == 0
    ess1, ess0 = effective_sample_size(w[treated]), effective_sample_size(w[control])
    smd = weighted_smd(X, t, w)
    worst = int(np.argmax(np.abs(smd))) if len(smd) else None
    share = ps.share_clipped(estimand)
    ps.diagnostics = {
        "propensity_min": float(ps.raw.min()), "propensity_max": float(ps.raw.max()),
        "clip_bounds": list(ps.bounds(estimand)), "share_clipped": share,
        "ess_treated": ess1, "ess_control": ess0,
        "ess_share_treated": float(ess1 / max(treated.sum(), 1)),
        "ess_share_control": float(ess0 / max(control.sum(), 1)),
        "max_abs_weighted_smd": float(np.abs(smd).max()) if len(smd) else 0.0,
        "worst_balanced_covariate": names[worst] if worst is not None else None,
    }
    d = ps.diagnostics
    # effective size of the re-weighted arm(s) relative to the population they stand in for
    n1, n0 = max(int(treated.sum()), 1), max(int(control.sum()), 1)
    ratio = {EstimandKind.ATT: ess0 / n1, EstimandKind.ATC: ess1 / n0}.get(estimand, min(ess1 / n1, ess0 / n0))
    d["ess_ratio"] = float(ratio)
    if share > POOR_CLIPPED_SHARE or ratio < POOR_ESS_SHARE:
        d["poor_overlap"] = True
        ps.warnings.append(
            f"Poor overlap: {100 * share:.1f}% of propensity scores clipped, scores range "
            f"{d['propensity_min']:.3g}-{d['propensity_max']:.3g}, effective sample size {ess1:.0f} treated / "
            f"{ess0:.0f} control. Estimates lean on extrapolation; consider ATT, trimming the sample, or fewer "
            "covariates.")
    noise = 3 * np.sqrt(1 / max(ess1, 1) + 1 / max(ess0, 1))  # weighted SMDs are noisy at small ESS
    if d["max_abs_weighted_smd"] > max(IMBALANCE_SMD, noise):
        ps.warnings.append(f"After weighting, {d['worst_balanced_covariate']!r} remains imbalanced "
                           f"(standardised difference {d['max_abs_weighted_smd']:.2f} > {IMBALANCE_SMD}): "
                           "the propensity model may be misspecified.")
    return ps


def weighted_smd(X: np.ndarray, t: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Standardised mean difference of each covariate between weighted arms."""
    if X.shape[1] == 0:
        return np.zeros(0)
    a, b = t == 1, t == 0
    m1 = np.average(X[a], axis=0, weights=w[a])
    m0 = np.average(X[b], axis=0, weights=w[b])
    sd = np.sqrt((X[a].var(axis=0) + X[b].var(axis=0)) / 2)
    return (m1 - m0) / np.where(sd == 0, 1.0, sd)
