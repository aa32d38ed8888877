"""The knowledge base's mechanisms: passages, the hybrid search index, snippets, answers."""
