"""BOSS with causal-learn's BIC local score vs the project's fast BIC score: same graphs,
time side by side (random sparse linear DAGs, n = 5000, 3 restarts, one run each).

    python -m evals.bench_boss_score
"""

from __future__ import annotations

import time
from unittest import mock

from evals.bench_spine import wide_linear_data
from tools.discovery import boss


def _causal_learn_score_class(values, score, penalty=1.0):
    from causallearn.score.LocalScoreFunction import local_score_BIC_from_cov
    from causallearn.score.LocalScoreFunctionClass import LocalScoreClass

    return LocalScoreClass(data=values, local_score_fun=local_score_BIC_from_cov,
                           parameters={"lambda_value": float(penalty)})


def main() -> None:
    print("| p | causal-learn score s | fast score s | ratio | same graph |")
    print("|---|---|---|---|---|")
    for seed, p in [(0, 20), (1, 30), (2, 40), (3, 50)]:
        x = wide_linear_data(n=5000, p=p, seed=seed).to_numpy()
        start = time.process_time()
        fast = boss.boss_search(x, "bic", 1.0, 3, seed)
        fast_s = time.process_time() - start
        with mock.patch.object(boss, "score_class", _causal_learn_score_class):
            start = time.process_time()
            ref = boss.boss_search(x, "bic", 1.0, 3, seed)
            ref_s = time.process_time() - start
        print(f"| {p} | {ref_s:.2f} | {fast_s:.2f} | {ref_s / fast_s:.1f}x | {'yes' if fast[0] == ref[0] else 'NO'} |")


if __name__ == "__main__":
    main()
