"""Lagged discovery against ground truth: a seeded synthetic VAR and the TCDF Finance
benchmark (../shared/benchmarks/timeseries_tcdf/Finance). Run from the project root:

    python -m evals.timeseries_eval [--quick] [--algorithms pcmci,granger] [--max-lag 3]

Scores lagged links (lag ≥ 1) by precision/recall/F1, with the delay required to match
("exact") and ignoring it ("any lag"); self-links count because the truth lists them.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tools.discovery.timeseries import LAGGED_ALGORITHMS, discover_lagged
from tools.discovery.timeseries_links import link_scores

FINANCE_DIR = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "timeseries_tcdf" / "Finance"

# (cause, effect, lag, coefficient); every series also depends on its own past.
SYNTHETIC_LINKS = (
    (0, 0, 1, 0.6), (1, 1, 1, 0.5), (2, 2, 1, 0.4), (3, 3, 1, 0.5), (4, 4, 1, 0.3),
    (0, 1, 1, 0.5), (1, 2, 2, 0.45), (0, 3, 2, -0.4), (2, 4, 1, 0.4), (3, 4, 2, 0.35),
)
CONTEMPORANEOUS_LINK = (1, 3, 0, 0.6)  # X1(t) → X3(t), only when asked for


def simulate_var(n: int = 1000, seed: int = 0, noise: str = "gaussian", n_series: int = 5,
                 contemporaneous: bool = False, burn_in: int = 200) -> tuple[pd.DataFrame, list[tuple]]:
    """A stationary linear VAR with lags 1–2 over series X0..X4 and its true links
    [(cause, effect, lag)]. ``noise``: gaussian, uniform or laplace (non-Gaussian)."""
    rng = np.random.default_rng(seed)
    links = list(SYNTHETIC_LINKS) + ([CONTEMPORANEOUS_LINK] if contemporaneous else [])
    draw = {"gaussian": lambda size: rng.normal(size=size),
            "uniform": lambda size: rng.uniform(-np.sqrt(3), np.sqrt(3), size=size),
            "laplace": lambda size: rng.laplace(scale=np.sqrt(0.5), size=size)}
    if noise not in draw:
        raise ValueError(f"noise must be one of {sorted(draw)}; got {noise!r}.")
    total = n + burn_in
    x = np.zeros((total, n_series))
    eps = draw[noise]((total, n_series))
    for t in range(2, total):
        for effect in range(n_series):  # a contemporaneous cause has the lower index
            x[t, effect] = eps[t, effect] + sum(b * x[t - lag, c] for c, e, lag, b in links if e == effect)
    names = [f"X{i}" for i in range(n_series)]
    frame = pd.DataFrame(x[burn_in:], columns=names)
    truth = [(names[c], names[e], lag) for c, e, lag, _ in links]
    return frame, truth


def finance_simulations(directory: Path = FINANCE_DIR) -> list[str]:
    """Names of the Finance simulations that have both data and truth files."""
    return sorted(p.name[: -len("_returns30007000_header.csv")] for p in directory.glob("*_returns30007000_header.csv")
                  if (directory / p.name.replace("_returns30007000_header.csv", ".csv")).exists())


def load_finance(sim: str, directory: Path = FINANCE_DIR) -> tuple[pd.DataFrame, list[tuple]]:
    """Data (S0..S24 × 4000 steps) and true links [(cause, effect, delay)]; the truth file
    holds column indices, one 'cause,effect,delay' per line with CR line endings."""
    frame = pd.read_csv(directory / f"{sim}_returns30007000_header.csv")
    text = (directory / f"{sim}.csv").read_text().replace("\r\n", "\n").replace("\r", "\n")
    names = list(frame.columns)
    truth = []
    for line in text.split("\n"):
        if line.strip():
            cause, effect, delay = (int(float(v)) for v in line.split(","))
            truth.append((names[cause], names[effect], delay))
    return frame, truth


def score_run(frame: pd.DataFrame, truth: list[tuple], algorithm: str, max_lag: int, alpha: float,
              correction: str) -> dict:
    """One discovery run scored three ways, with its wall time."""
    started = time.perf_counter()
    found = discover_lagged(frame, max_lag=max_lag, algorithm=algorithm, alpha=alpha, correction=correction)
    seconds = time.perf_counter() - started
    exact = link_scores(found.links, truth, require_lag=True)
    return {"algorithm": algorithm, "f1_exact": exact["f1"], "precision": exact["precision"],
            "recall": exact["recall"], "found": exact["found"], "true": exact["true"],
            "f1_any_lag": link_scores(found.links, truth, require_lag=False)["f1"],
            "f1_exact_no_self": link_scores(found.links, truth, include_self=False)["f1"], "seconds": seconds}


def summarise(rows: list[dict], label: str) -> None:
    frame = pd.DataFrame(rows)
    table = frame.groupby("algorithm", sort=False).agg(
        f1_exact=("f1_exact", "mean"), f1_any_lag=("f1_any_lag", "mean"), f1_no_self=("f1_exact_no_self", "mean"),
        precision=("precision", "mean"), recall=("recall", "mean"), found=("found", "mean"),
        seconds=("seconds", "mean"), runs=("seconds", "size"))
    print(f"\n{label}")
    print(table.round(3).to_string())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--algorithms", default=",".join(LAGGED_ALGORITHMS))
    parser.add_argument("--max-lag", type=int, default=3)
    parser.add_argument("--alpha", type=float, default=0.01)
    parser.add_argument("--correction", default="none", choices=["none", "fdr_bh"])
    parser.add_argument("--quick", action="store_true", help="2 seeds, 3 Finance simulations")
    parser.add_argument("--no-finance", action="store_true")
    args = parser.parse_args(argv)
    algorithms = [a.strip() for a in args.algorithms.split(",") if a.strip()]
    seeds = range(2 if args.quick else 5)
    settings = f"max_lag={args.max_lag}, alpha={args.alpha}, correction={args.correction}"
    for noise, contemporaneous in (("gaussian", False), ("laplace", True)):
        rows = []
        for seed in seeds:
            frame, truth = simulate_var(1000, seed=seed, noise=noise, contemporaneous=contemporaneous)
            rows += [score_run(frame, truth, a, args.max_lag, args.alpha, args.correction) for a in algorithms]
        extra = " + contemporaneous X1→X3" if contemporaneous else ""
        summarise(rows, f"Synthetic VAR, 5 series, lags 1-2, n=1000, {noise} noise{extra}, "
                        f"{len(seeds)} seeds ({settings})")
    if args.no_finance:
        return
    if not FINANCE_DIR.exists():
        print(f"\nFinance benchmark not found at {FINANCE_DIR}; skipped.")
        return
    sims = finance_simulations()[:3] if args.quick else finance_simulations()
    rows = []
    for sim in sims:
        frame, truth = load_finance(sim)
        rows += [score_run(frame, truth, a, args.max_lag, args.alpha, args.correction) | {"sim": sim}
                 for a in algorithms]
    summarise(rows, f"TCDF Finance, {len(sims)} simulations, 25 series x 4000 steps ({settings})")


if __name__ == "__main__":
    main()
