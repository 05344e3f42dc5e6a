"""Causal discovery: algorithms, selection, pipeline and tools.

Importing the package pins causal-learn's node hash (see stable_hash.py) before any
causal-learn node is created, so discovery gives the same graph in every process."""

from tools.discovery.stable_hash import pin_causallearn_node_hash

pin_causallearn_node_hash()
