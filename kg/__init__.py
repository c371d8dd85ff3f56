"""The knowledge-graph pipeline: file → text → structure → references → triples → store.

Public verbs: :func:`extract_file` and :func:`extract_text` (in :mod:`unkg.kg.extract`).
"""
