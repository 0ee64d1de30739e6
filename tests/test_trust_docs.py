"""docs/trust.md: every row of the table of bad inputs names tests, and every test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTION = "## Documents, scripts, encodings and editorial files"


def _rows() -> list[str]:
    text = (REPO / "docs" / "trust.md").read_text(encoding="utf-8")
    assert SECTION in text
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")][1:]


def test_every_row_names_a_test_and_every_named_test_exists():
    rows = _rows()
    assert len(rows) >= 20
    for row in rows:
        named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", row.rsplit("|", 2)[-2])
        assert named, f"no test named in: {row}"
        for path, name in named:
            source = (REPO / path).read_text(encoding="utf-8")
            assert re.search(rf"^def {name}\(", source, re.M), f"{path}::{name} does not exist"
