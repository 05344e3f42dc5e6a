"""Library versions for the report's appendix, read from installed package metadata."""

from __future__ import annotations

import platform
from importlib import metadata

LIBRARIES = ("causal-agent", "numpy", "pandas", "scipy", "scikit-learn", "causal-learn", "econml", "networkx",
             "matplotlib", "langchain", "langchain-core")


def library_versions(names: tuple[str, ...] = LIBRARIES) -> dict[str, str]:
    """``{distribution: version}``, with 'not installed' for missing ones; Python first."""
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out
