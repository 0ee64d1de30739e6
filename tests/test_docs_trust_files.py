"""docs/trust.md, section "Files, builds and preview": every row names a test that exists, and every test
of the files it covers is named in a row."""

from __future__ import annotations

import ast
import re

SECTION = "## Files, builds and preview"
COVERED = ("tests/build/test_build.py", "tests/test_cli_outputs.py", "tests/publish/html/test_serve.py", "tests/test_fsio.py")


def _section(repo_root) -> str:
    text = (repo_root / "docs" / "trust.md").read_text(encoding="utf-8")
    start = text.index(SECTION) + len(SECTION)
    end = text.find("\n## ", start)
    return text[start:] if end < 0 else text[start:end]


def _tests(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_row_of_the_table_is_proved_by_a_test_that_exists(repo_root):
    rows = [line for line in _section(repo_root).splitlines() if line.startswith("| ") and "`tests/" in line]
    assert len(rows) >= 25
    named = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert len(cells) == 3 and all(cells), row
        match = re.fullmatch(r"`(tests/[\w/]+\.py)::(test_\w+)`", cells[2])
        assert match, row
        path, name = match.groups()
        assert name in _tests(repo_root / path), f"{path}::{name} does not exist"
        named.append(f"{path}::{name}")
    assert len(named) == len(set(named)), "a test is named twice"
    for path in COVERED:
        missing = {f"{path}::{name}" for name in _tests(repo_root / path)} - set(named)
        assert not missing, f"tests not in the table of docs/trust.md: {sorted(missing)}"
