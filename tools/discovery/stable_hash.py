"""Make causal-learn's results independent of Python's string-hash randomisation.

causal-learn hashes graph nodes by name (``GraphNode.__hash__ = hash(self.name)``), and
its FCI and PC code iterate over sets of nodes, so the order in which edges are removed
and oriented — and with it the output graph — changed with ``PYTHONHASHSEED`` from one
process to the next (measured: FCI on linear_gaussian/1 gave SHD 25 or 26). Pinning the
hash to the CRC-32 of the name keeps the equality contract (equal names, equal hashes)
and makes the same data and seed give the same graph in every process.
"""

from __future__ import annotations

import zlib


def _stable_node_hash(node) -> int:
    return zlib.crc32(str(node.name).encode("utf-8"))


def pin_causallearn_node_hash() -> None:
    """Idempotent: replace ``GraphNode.__hash__`` with the name's CRC-32."""
    from causallearn.graph.GraphNode import GraphNode

    if GraphNode.__hash__ is not _stable_node_hash:
        GraphNode.__hash__ = _stable_node_hash
