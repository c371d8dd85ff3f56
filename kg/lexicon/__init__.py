"""Language data of the extractor (verb tables, organs, months, ordinals, countries).

Knowledge lives in these YAML files, not in code: adding a verb or an organ is one line.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml


@cache
def load(name: str):
    """The parsed content of ``<name>.yaml`` in this package (read once per process)."""
    return yaml.safe_load(files(__package__).joinpath(f"{name}.yaml").read_text("utf-8"))


def spaced(pattern: str) -> str:
    """A phrase pattern whose spaces match any run of whitespace (justified PDF text)."""
    return pattern.replace("\\ ", " ").replace(" ", r"\s+")
