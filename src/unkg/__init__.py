"""unkg: United Nations resolutions as a knowledge graph.

The code lives in two subpackages that follow the data: ``unkg.kg`` (file → text →
structure → references → triples → store) and ``unkg.api`` (the SPARQL endpoint).
"""

__version__ = "0.1.0"
