"""Ontology, SHACL shapes, JSON-LD context and the entity gazetteer, shipped as package data."""
