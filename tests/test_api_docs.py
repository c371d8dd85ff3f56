"""The settings table is declared once: `serve --help` and the docs must list every setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unkg.api.settings import SETTINGS, Settings, env_var, markdown_table, option_name
from unkg.kg.cli import app
from unkg.kg.errors import UnkgError

ROOT = Path(__file__).parents[1]
MARKED = re.compile(r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", re.DOTALL)


def test_docs_carry_the_generated_settings_table():
    docs = [p for p in (ROOT / "README.md", ROOT / "docs" / "endpoint.md") if p.exists()]
    tables = [m.group(1) for p in docs if (m := MARKED.search(p.read_text(encoding="utf-8")))]
    assert tables, "docs/endpoint.md (or README.md) must hold the settings table between markers"
    for table in tables:
        assert table == markdown_table(), "regenerate it with: python -m unkg.api.settings"


def test_serve_help_lists_every_setting():
    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}, terminal_width=200)
    assert result.exit_code == 0
    for f in SETTINGS:
        assert f"--{option_name(f.name)}" in result.output
        assert env_var(f.name) in result.output


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"workers": 0}, "--workers"), ({"timeout": -1}, "--timeout"), ({"port": 70000}, "--port"), ({"update_token": " "}, "--update-token")],
)
def test_bad_settings_are_one_line_errors(changes, message):
    with pytest.raises(UnkgError, match=message):
        Settings(**changes)
