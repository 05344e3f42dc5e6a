"""Causal discovery: algorithms, selection, pipeline and tools."""
