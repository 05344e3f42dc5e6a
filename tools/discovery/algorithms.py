"""The registry of cross-sectional discovery algorithms.

Each ``Algorithm`` declares what data it accepts, what graph it returns, how it takes
background knowledge, what it assumes, its default parameters and a runtime model
(seconds as a function of n and p, fitted to timings on 2 cores; see ``runtime``).
The selector and the ``discover_graph`` tool look algorithms up here by name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

from memory.graph import CausalGraph, GraphType
from tools.discovery import runners
from tools.knowledge import Knowledge


class AlgorithmName(str, Enum):
    PC = "pc"
    FCI = "fci"
    CDNOD = "cdnod"
    GES = "ges"
    BOSS = "boss"
    BOSS_LOCAL = "boss_local"
    GRASP = "grasp"
    EXACT = "exact"
    DIRECT_LINGAM = "direct_lingam"
    ICA_LINGAM = "ica_lingam"


class DataKind(str, Enum):
    CONTINUOUS = "continuous"
    DISCRETE = "discrete"


class KnowledgeSupport(str, Enum):
    NATIVE = "native"          # constraints are used during the search
    POST_HOC = "post_hoc"      # enforced on the output, conflicts reported


class CITest(str, Enum):
    """Independence tests the constraint-based algorithms accept."""

    FISHERZ = "fisherz"    # linear-Gaussian partial correlation
    CHISQ = "chisq"        # discrete
    GSQ = "gsq"            # discrete
    KCI = "kci"            # kernel, nonlinear, slow
    RCIT = "rcit"          # randomised kernel approximation, nonlinear
SCORES = ("bic", "poly", "bdeu")

SUFFICIENCY = "Causal sufficiency: no unobserved common causes of two or more analysed variables"
FAITHFULNESS = "Faithfulness: every independence in the data comes from the graph (no exact cancellations)"
ACYCLIC = "Acyclicity: no feedback loops among the variables"
LINEAR_GAUSSIAN = "Linear relations with Gaussian noise (the Fisher-z test / BIC score are built on them)"
LINEAR_NON_GAUSSIAN = "Linear relations with non-Gaussian, independent noise (LiNGAM identifiability)"
IID = "Rows are independent draws from one distribution"
DOMAIN_INDEX = ("The domain/time index captures every change of mechanism across domains "
                "(pseudo causal sufficiency, CD-NOD)")
SELECTION = "No selection bias beyond what the PAG marks allow"


@dataclass(frozen=True)
class Algorithm:
    """One discovery algorithm: capabilities, assumptions and how to run it."""

    name: AlgorithmName
    label: str
    description: str
    data_kinds: frozenset[DataKind]
    output: GraphType
    knowledge: KnowledgeSupport
    assumptions: tuple[str, ...]
    defaults: dict = field(default_factory=dict)
    runtime_model: Callable[[int, int, bool], float] = lambda n, p, discrete: 1.0
    runner: Callable[[runners.DiscoveryData, dict, Knowledge, int], CausalGraph] = runners.run_pc
    handles_missing: bool = False
    max_p: int | None = None     # beyond this the algorithm is impractical here

    def estimate_seconds(self, n: int, p: int, discrete: bool = False) -> float:
        """Estimated seconds of one run (rough: a factor of ~2-3 either way)."""
        if self.max_p is not None and p > self.max_p:
            return math.inf
        return float(self.runtime_model(n, p, discrete))


MAX_RESTARTS = 10


def boss_seconds(n: int, p: int, discrete: bool, restarts: int) -> float:
    """BOSS time: one start costs t1; later starts reuse the score caches (measured:
    3 starts ~ 1.9 x one, 10 starts ~ 4 x one). The linear and polynomial BIC cost the
    same (both work from one precomputed Gram matrix); BDeu counts rows, so grows with n."""
    t1 = 5e-4 * p ** 2.5 * (n / 5000.0) ** 0.75 if discrete else 3e-4 * p ** 2.3 * max(n / 1000.0, 0.1) ** 0.1
    return max(0.01, t1 * (1 + 0.4 * (max(restarts, 1) - 1)))


def _power(a: float, b_p: float, b_n: float) -> Callable[[int, int, bool], float]:
    """seconds = a * p**b_p * (n / 1000)**b_n (at least 10 ms)."""
    return lambda n, p, discrete: max(0.01, a * max(p, 2) ** b_p * max(n / 1000.0, 0.1) ** b_n)


def _boss_runtime(n: int, p: int, discrete: bool) -> float:
    return boss_seconds(n, p, discrete, MAX_RESTARTS)


# Runtime models: CPU seconds of one call, fitted to timings on this project's machines
# (random DAGs with average degree 2, n = 1000 and 5000, p = 5..80; see the report of
# issue 3) and to the causal-learn figures in NOTES.md. Expect a factor of ~2-3 either way:
# the density of the true graph matters as much as p.
def _constraint_runtime(continuous: float) -> Callable[[int, int, bool], float]:
    """Chi-square tests (discrete) cost more and grow with n; Fisher-z ones barely do."""
    discrete_model, continuous_model = _power(2e-3, 2.0, 0.3), _power(continuous, 2.0, 0.1)
    return lambda n, p, d: (discrete_model if d else continuous_model)(n, p, d)


_RUNTIME: dict[AlgorithmName, Callable[[int, int, bool], float]] = {
    AlgorithmName.PC: _constraint_runtime(6e-6),      # vectorised fast_pc for Fisher-z
    AlgorithmName.FCI: _constraint_runtime(8e-4),
    AlgorithmName.CDNOD: lambda n, p, d: _constraint_runtime(8e-4)(n, p + 1, d),
    AlgorithmName.GES: _power(2.4e-4, 2.6, 0.1),
    AlgorithmName.BOSS: _boss_runtime,
    AlgorithmName.BOSS_LOCAL: _power(1.5e-4, 1.7, 0.3),   # p = 160 / 500 / 1000: 1.2 / 6 / 18 s at n = 5-10k
    AlgorithmName.GRASP: _power(3e-4, 2.3, 0.1),
    AlgorithmName.EXACT: lambda n, p, d: max(0.01, 1e-3 * 2.0 ** p * max(n / 1000.0, 0.1) ** 0.4),
    AlgorithmName.DIRECT_LINGAM: _power(1e-3, 2.5, 0.5),
    AlgorithmName.ICA_LINGAM: _power(1.5e-4, 2.3, 0.3),
}

REGISTRY: dict[AlgorithmName, Algorithm] = {a.name: a for a in (
    Algorithm(AlgorithmName.PC, "PC",
              "Constraint-based; fast; CPDAG. Fisher-z (continuous) or chi-square/G2 (discrete).",
              frozenset(DataKind), GraphType.CPDAG, KnowledgeSupport.NATIVE,
              (SUFFICIENCY, FAITHFULNESS, ACYCLIC, IID), {"ci_test": "fisherz", "alpha": 0.01, "stable": True},
              _RUNTIME[AlgorithmName.PC], runners.run_pc, handles_missing=True),
    Algorithm(AlgorithmName.FCI, "FCI", "Constraint-based; allows hidden confounders; PAG.",
              frozenset(DataKind), GraphType.PAG, KnowledgeSupport.NATIVE,
              (FAITHFULNESS, ACYCLIC, IID, SELECTION), {"ci_test": "fisherz", "alpha": 0.01},
              _RUNTIME[AlgorithmName.FCI], runners.run_fci),
    Algorithm(AlgorithmName.CDNOD, "CD-NOD", "PC plus a domain/time index; uses mechanism changes to orient more.",
              frozenset(DataKind), GraphType.CPDAG, KnowledgeSupport.NATIVE,
              (SUFFICIENCY, FAITHFULNESS, ACYCLIC, DOMAIN_INDEX), {"ci_test": "fisherz", "alpha": 0.01},
              _RUNTIME[AlgorithmName.CDNOD], runners.run_cdnod),
    Algorithm(AlgorithmName.GES, "GES", "Greedy equivalence search; BIC (continuous) or BDeu (discrete); CPDAG.",
              frozenset(DataKind), GraphType.CPDAG, KnowledgeSupport.POST_HOC,
              (SUFFICIENCY, FAITHFULNESS, ACYCLIC, IID), {"score": "bic", "penalty": 1.0},
              _RUNTIME[AlgorithmName.GES], runners.run_ges),
    Algorithm(AlgorithmName.BOSS, "BOSS", "Permutation-based score search (best order); reliable on small "
              "linear designs; CPDAG.", frozenset(DataKind), GraphType.CPDAG, KnowledgeSupport.POST_HOC,
              (SUFFICIENCY, ACYCLIC, IID), {"score": "bic", "penalty": 1.0, "restarts": MAX_RESTARTS},
              _RUNTIME[AlgorithmName.BOSS], runners.run_boss),
    Algorithm(AlgorithmName.BOSS_LOCAL, "BOSS (local)", "BOSS with each variable's parents chosen among its "
              "estimated Markov blanket, started from PC's order; linear-Gaussian BIC; for many variables; CPDAG.",
              frozenset({DataKind.CONTINUOUS}), GraphType.CPDAG, KnowledgeSupport.POST_HOC,
              (SUFFICIENCY, ACYCLIC, IID, LINEAR_GAUSSIAN),
              {"score": "bic", "penalty": 1.0, "restarts": 1, "alpha": 0.01},
              _RUNTIME[AlgorithmName.BOSS_LOCAL], runners.run_boss_local),
    Algorithm(AlgorithmName.GRASP, "GRaSP", "Permutation-based score search (sparsest permutation); CPDAG.",
              frozenset(DataKind), GraphType.CPDAG, KnowledgeSupport.POST_HOC,
              (SUFFICIENCY, ACYCLIC, IID), {"score": "bic", "penalty": 1.0, "depth": 3},
              _RUNTIME[AlgorithmName.GRASP], runners.run_grasp),
    Algorithm(AlgorithmName.EXACT, "Exact search", "BIC-optimal DAG by A* (p <= 14); CPDAG.",
              frozenset({DataKind.CONTINUOUS}), GraphType.CPDAG, KnowledgeSupport.NATIVE,
              (SUFFICIENCY, ACYCLIC, IID, LINEAR_GAUSSIAN), {},
              _RUNTIME[AlgorithmName.EXACT], runners.run_exact, max_p=14),
    Algorithm(AlgorithmName.DIRECT_LINGAM, "DirectLiNGAM", "Linear non-Gaussian; a fully oriented DAG.",
              frozenset({DataKind.CONTINUOUS}), GraphType.DAG, KnowledgeSupport.NATIVE,
              (SUFFICIENCY, ACYCLIC, IID, LINEAR_NON_GAUSSIAN), {"measure": "pwling"},
              _RUNTIME[AlgorithmName.DIRECT_LINGAM], runners.run_direct_lingam),
    Algorithm(AlgorithmName.ICA_LINGAM, "ICA-LiNGAM", "Linear non-Gaussian via FastICA; a DAG; faster, less stable.",
              frozenset({DataKind.CONTINUOUS}), GraphType.DAG, KnowledgeSupport.POST_HOC,
              (SUFFICIENCY, ACYCLIC, IID, LINEAR_NON_GAUSSIAN), {"max_iter": 1000},
              _RUNTIME[AlgorithmName.ICA_LINGAM], runners.run_ica_lingam),
)}


def get_algorithm(name: str | AlgorithmName) -> Algorithm:
    """Look an algorithm up by name; the error lists the valid names."""
    try:
        return REGISTRY[AlgorithmName(name)]
    except ValueError:
        raise ValueError(f"Unknown algorithm {name!r}. Valid: {', '.join(a.value for a in AlgorithmName)}.") from None
