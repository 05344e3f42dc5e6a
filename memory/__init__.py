"""Graph memory: the CausalGraph type and a keyed, namespaced store with provenance."""

from memory.graph import CausalGraph, Edge, GraphError, GraphType, Mark
from memory.store import (DEFAULT_NAMESPACE, GraphNotFound, GraphStore, InMemoryGraphStore, Provenance,
                          SQLiteGraphStore, StoredGraph, default_store, state_dir)

__all__ = ["CausalGraph", "Edge", "GraphError", "GraphType", "Mark", "DEFAULT_NAMESPACE", "GraphNotFound",
           "GraphStore", "InMemoryGraphStore", "Provenance", "SQLiteGraphStore", "StoredGraph",
           "default_store", "state_dir"]
