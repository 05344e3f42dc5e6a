"""Choose a discovery algorithm and its settings from the data profile.

Rule table (first matching rule wins; within a rule the candidates are tried in order
and the first whose estimated runtime fits the time budget is used):

| rule           | when                                          | candidates                          |
|----------------|-----------------------------------------------|-------------------------------------|
| latent         | allow_latent=True                             | FCI (Fisher-z / chi-square)         |
| heterogeneous  | a domain/site/regime column was found         | CD-NOD, then PC                     |
| discrete       | >= 75 % of usable columns discrete            | BOSS-BDeu, then PC chi-square       |
| missing        | > 10 % of rows incomplete, continuous data    | PC with MV-PC (test-wise deletion)  |
| lingam         | non-Gaussian residuals (Jarque-Bera)          | DirectLiNGAM, ICA-LiNGAM, PC        |
| score          | continuous, p <= 60                           | BOSS-BIC, GES-BIC, PC Fisher-z      |
| large linear   | continuous, p > 60, not nonlinear             | BOSS (local), PC Fisher-z           |
| large          | otherwise                                     | PC Fisher-z                         |

Why these (figures from evals/discovery_eval.py): on 5-8 variable linear designs
(n = 4000) multi-start BOSS recovered the exact CPDAG in 90 % of 40 designs, PC in 42 %,
GES in 70 %; on the nine 20-variable linear-Gaussian benchmarks BOSS was exact on all,
PC on none; on discrete networks BOSS with BDeu beat PC chi-square on orientation F1
everywhere except pgmpy's alarm at n = 5000 (PC better there; at n = 10 000 BOSS was);
LiNGAM is the only choice that orients a whole DAG, but only under linear non-Gaussian
noise; CD-NOD uses a domain index to orient more; FCI tolerates hidden confounders.

A LiNGAM fit is then checked: each structural equation is tested for nonlinearity in its
parents (``lingam_check``); if any fails, the choice is redone as for nonlinear data.
Pairwise linearity screens cannot make this call, because skewed noise makes pairwise
conditional means nonlinear even in a linear model.

Hyperparameters: alpha 0.05 for n < 500, 0.01 for n < 10 000, else 0.001 (fewer false
adjacencies as power grows); PC/FCI depth unlimited up to p = 20, 4 up to 60, else 3;
BIC penalty lambda = 1 (twice the textbook BIC; measured more reliable on small designs);
when relations look nonlinear BOSS scores additive cubic-polynomial regressions (BIC,
lambda = 0.5; 20/20 exact on mildly nonlinear small designs vs 16/20 for linear BIC),
GES/GRaSP use lambda = 2; BOSS restarts: as many (3-10) as fit in half the budget.

Beyond 60 variables plain BOSS costs minutes (one start: 534 s at p = 500), so linear
continuous data go to BOSS (local): parents chosen within each variable's estimated
Markov blanket, one start from PC's order, lambda = 1 (Tetrad's penalty discount 2, the
setting that keeps FGES/BOSS accurate at large p). On random linear-Gaussian DAGs
(average degree 3; evals/bench_discovery_scale.py) it reached arrowhead F1 0.99 at
p = 160 and 500 where PC reached 0.91-0.93.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from tools.discovery.algorithms import MAX_RESTARTS, AlgorithmName, DataKind, boss_seconds, get_algorithm
from tools.profiling import DataProfile

SMALL_P = 60
MIN_RESTARTS = 3
RESTART_BUDGET_SHARE = 0.5   # restarts may use half the budget: runtime models err by ~2x
DISCRETE_SHARE = 0.75
MISSING_ROWS = 0.10
BOOTSTRAP_STARTUP_S = 3.0   # each joblib worker imports causal-learn once


@dataclass(frozen=True)
class SelectionInput:
    """What the selector looks at: sizes after preparation plus profile facts."""

    n: int
    p: int
    discrete: bool
    incomplete_rows: float = 0.0
    linear: bool | None = None
    non_gaussian: bool | None = None
    domain_column: str | None = None
    heterogeneous: bool = False
    allow_latent: bool = False
    time_budget_s: float = 60.0
    bootstrap: int = 0
    findings: dict[str, str] = field(default_factory=dict)   # finding name -> citable text


@dataclass
class Selection:
    algorithm: AlgorithmName
    parameters: dict[str, Any]
    reasons: list[str]
    rule: str
    estimated_seconds: float
    override: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["algorithm"] = self.algorithm.value
        return out


def alpha_for(n: int) -> float:
    return 0.05 if n < 500 else 0.01 if n < 10_000 else 0.001


def depth_for(p: int) -> int | None:
    return None if p <= 20 else 4 if p <= 60 else 3


def _bootstrap_factor(s: SelectionInput) -> float:
    return 1.0 if s.bootstrap <= 0 else 1.0 + math.ceil(s.bootstrap / 2)


def _poly(s: SelectionInput) -> bool:
    return s.linear is False and not s.discrete


def restarts_for(s: SelectionInput) -> int:
    """BOSS starting orders: as many as fit in half the budget, between 3 and 10 (more
    starts find better-scoring graphs; on alarm, 3 -> 10 starts took SHD from 19 to 2)."""
    for r in range(MAX_RESTARTS, MIN_RESTARTS - 1, -1):
        secs = boss_seconds(s.n, s.p, s.discrete, r)
        if secs * _bootstrap_factor(s) <= RESTART_BUDGET_SHARE * s.time_budget_s:
            return r
    return MIN_RESTARTS


def default_parameters(name: AlgorithmName, s: SelectionInput) -> dict[str, Any]:
    """Settings for ``name`` on this data (data kind, n and p decide tests, alpha, depth)."""
    params = dict(get_algorithm(name).defaults)
    if "ci_test" in params:
        params["ci_test"] = "chisq" if s.discrete else "fisherz"
        params["alpha"] = alpha_for(s.n)
        if name in (AlgorithmName.PC, AlgorithmName.FCI):
            params["depth"] = depth_for(s.p)
    if "score" in params:
        params["score"] = "bdeu" if s.discrete else "bic"
        if s.discrete:
            params.pop("penalty", None)
        elif _poly(s) and name == AlgorithmName.BOSS:
            params.update(score="poly", penalty=0.5)
        else:
            params["penalty"] = 2.0 if s.linear is False else 1.0
    if name == AlgorithmName.BOSS:
        params["restarts"] = restarts_for(s)
    if name == AlgorithmName.BOSS_LOCAL:
        params["alpha"] = alpha_for(s.n)   # PC's alpha for the starting order
    return params


@dataclass(frozen=True)
class Rule:
    name: str
    applies: Callable[[SelectionInput], bool]
    candidates: tuple[AlgorithmName, ...]
    reason: Callable[[SelectionInput], str]


def _cite(s: SelectionInput, key: str, fallback: str) -> str:
    return s.findings.get(key) or fallback


RULES: tuple[Rule, ...] = (
    Rule("latent", lambda s: s.allow_latent, (AlgorithmName.FCI,),
         lambda s: "hidden common causes are allowed, so FCI (a PAG) rather than a method assuming none"),
    Rule("heterogeneous", lambda s: s.domain_column is not None, (AlgorithmName.CDNOD, AlgorithmName.PC),
         lambda s: f"{_cite(s, 'heterogeneity', f'{s.domain_column!r} looks like a domain index')}; "
                   "CD-NOD uses changes across domains to orient more edges"),
    Rule("discrete", lambda s: s.discrete, (AlgorithmName.BOSS, AlgorithmName.PC),
         lambda s: f"{_cite(s, 'share_discrete', 'the data are discrete')}; BOSS with a BDeu score "
                   "(PC chi-square if over budget)"),
    Rule("missing", lambda s: s.incomplete_rows > MISSING_ROWS, (AlgorithmName.PC,),
         lambda s: f"{s.incomplete_rows:.0%} of rows have missing values; PC with test-wise deletion "
                   "(MV-PC) keeps every observed value"),
    Rule("lingam", lambda s: s.non_gaussian is True,
         (AlgorithmName.DIRECT_LINGAM, AlgorithmName.ICA_LINGAM, AlgorithmName.PC),
         lambda s: f"{_cite(s, 'non_gaussian', 'residuals are non-Gaussian')}; LiNGAM can orient every edge "
                   "if relations are linear" + (
                       f" ({_cite(s, 'linearity', 'relations look linear')})" if s.linear is not False else
                       f" (pairwise, {_cite(s, 'linearity', 'relations look nonlinear')}, which skewed noise can "
                       "also cause)") + "; its structural equations are checked for nonlinearity after fitting"),
    Rule("score", lambda s: s.p <= SMALL_P, (AlgorithmName.BOSS, AlgorithmName.GES, AlgorithmName.PC),
         lambda s: f"{s.p} continuous variables (<= {SMALL_P}); multi-start BOSS was the most reliable "
                   "on linear designs (small designs, 20-variable and 50-variable benchmarks)"),
    Rule("large linear", lambda s: not s.discrete and s.linear is not False,
         (AlgorithmName.BOSS_LOCAL, AlgorithmName.PC),
         lambda s: f"{s.p} continuous variables (> {SMALL_P}); BOSS restricted to each variable's estimated "
                   "Markov blanket and started from PC's order keeps BOSS's accuracy at this size"),
    Rule("large", lambda s: True, (AlgorithmName.PC,),
         lambda s: f"{s.p} variables; PC with Fisher-z scales best"),
)


def estimate_seconds(name: AlgorithmName, s: SelectionInput) -> float:
    """Estimated wall time including bootstrap resamples (2 workers)."""
    if name == AlgorithmName.BOSS:
        one = boss_seconds(s.n, s.p, s.discrete, restarts_for(s))
    else:
        one = get_algorithm(name).estimate_seconds(s.n, s.p, s.discrete)
    if s.bootstrap <= 0:
        return one
    return one * _bootstrap_factor(s) + BOOTSTRAP_STARTUP_S


def select_algorithm(s: SelectionInput, override: str | None = None, override_reason: str = "") -> Selection:
    """Apply the rule table (or the planner's override) and return the choice with reasons."""
    if override is not None:
        return _override(s, override, override_reason)
    for rule in RULES:
        if not rule.applies(s):
            continue
        reasons = [rule.reason(s)]
        usable = [c for c in rule.candidates if _kind(s) in get_algorithm(c).data_kinds]
        for name in usable:
            secs = estimate_seconds(name, s)
            if secs <= s.time_budget_s:
                if name != usable[0]:
                    reasons.append(f"{get_algorithm(usable[0]).label} was estimated over the "
                                   f"{s.time_budget_s:.0f} s budget; using {get_algorithm(name).label}")
                return Selection(name, default_parameters(name, s), reasons + _notes(s, name), rule.name, secs)
        fastest = min(usable, key=lambda c: estimate_seconds(c, s))
        secs = estimate_seconds(fastest, s)
        reasons.append(f"every candidate is estimated over the {s.time_budget_s:.0f} s budget; "
                       f"using the fastest ({get_algorithm(fastest).label}, ~{secs:.0f} s)")
        return Selection(fastest, default_parameters(fastest, s), reasons + _notes(s, fastest), rule.name, secs)
    raise RuntimeError("The rule table has no catch-all rule.")  # pragma: no cover


def _kind(s: SelectionInput) -> DataKind:
    return DataKind.DISCRETE if s.discrete else DataKind.CONTINUOUS


def _notes(s: SelectionInput, name: AlgorithmName) -> list[str]:
    notes = []
    if s.linear is False and not s.discrete:
        notes.append(f"{_cite(s, 'linearity', 'relations look nonlinear')}: linear tests/scores may miss or "
                     "misorient edges (BOSS uses an additive polynomial score; ci_test='kci' is more general "
                     "but slow)")
    if name == AlgorithmName.BOSS and _poly(s):
        notes.append(f"additive cubic-polynomial BIC (lambda=0.5), {restarts_for(s)} restarts")
    elif name == AlgorithmName.BOSS and not s.discrete:
        notes.append(f"BIC penalty lambda=1.0, {restarts_for(s)} restarts")
    return notes


def _override(s: SelectionInput, name: str, reason: str) -> Selection:
    algorithm = get_algorithm(name)
    if _kind(s) not in algorithm.data_kinds:
        valid = [a.value for a in AlgorithmName if _kind(s) in get_algorithm(a).data_kinds]
        raise ValueError(f"{algorithm.label} does not handle {_kind(s).value} data. Valid here: {', '.join(valid)}.")
    if algorithm.name == AlgorithmName.CDNOD and s.domain_column is None:
        raise ValueError("CD-NOD needs a domain/site/regime column and none was found (names containing "
                         "domain, site, regime, group, batch, env, ... with 2-20 levels). Choose another algorithm.")
    secs = estimate_seconds(algorithm.name, s)
    why = reason.strip() or "no reason given"
    reasons = [f"planner chose {algorithm.label}: {why}"]
    if secs > s.time_budget_s:
        reasons.append(f"estimated ~{secs:.0f} s, over the {s.time_budget_s:.0f} s budget")
    return Selection(algorithm.name, default_parameters(algorithm.name, s), reasons + _notes(s, algorithm.name),
                     "override", secs, override=why)


def selection_input(profile: DataProfile, n: int, p: int, discrete: bool, incomplete_rows: float,
                    domain_column: str | None, allow_latent: bool, time_budget_s: float,
                    bootstrap: int = 0) -> SelectionInput:
    """Build the selector input from a profile plus the prepared data's sizes."""
    findings = {f.name: f.text for f in profile.findings if f.text}
    return SelectionInput(n=n, p=p, discrete=discrete, incomplete_rows=incomplete_rows, linear=profile.linear,
                          non_gaussian=profile.non_gaussian, domain_column=domain_column,
                          heterogeneous=profile.heterogeneous, allow_latent=allow_latent,
                          time_budget_s=time_budget_s, bootstrap=bootstrap, findings=findings)


def is_discrete(profile: DataProfile) -> bool:
    """Discrete mode when at least 75 % of usable columns are binary/categorical/ordinal."""
    return profile.share_discrete >= DISCRETE_SHARE
