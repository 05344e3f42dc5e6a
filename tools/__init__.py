"""Typed causal tools (pure functions over pandas and networkx) and their registry."""
