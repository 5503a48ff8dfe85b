"""Full-text search: documents from the model, Chinese analysis, one engine module.

Only `engine.py` imports whoosh, so the engine can be swapped without touching
the CLI, the service or the corpus.
"""
