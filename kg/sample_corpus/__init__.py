"""The bundled sample corpus: five real French resolutions (the seeds)."""
