"""Reading the line numbers of the print edition back from ``pdftotext -layout``: a numbered line
has its number in the left margin ("25   such a method"); the apparatus entries at the foot of the
page ("     100 Czechoslovakia] Czecholsovakia MS") are indented further."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def layout_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout
    return text.split("\f")


def margin_number(line: str) -> int | None:
    """The line number in the margin of a line, if it has one."""
    match = re.match(r"^ {0,3}(\d{1,4}) {2,}\S", line)
    return int(match.group(1)) if match else None


def numbered_lines(page: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The lines of a page with text, and (index, number) of those numbered in the margin."""
    lines = [line for line in page.splitlines() if line.strip()]
    return lines, [(i, n) for i, line in enumerate(lines) if (n := margin_number(line)) is not None]


def line_of_text(page: str, number: int) -> str:
    """Line ``number`` of the text, counted from the nearest numbered line of its page."""
    lines, numbered = numbered_lines(page)
    assert numbered, page[:300]
    index, known = min(numbered, key=lambda item: abs(item[1] - number))
    return lines[index + number - known]
