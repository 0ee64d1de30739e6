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


#: a line that holds only a page-break mark ("[p. 329v]", "[page break]"): not a line of the text
PAGE_BREAK_ALONE = re.compile(r"^\s*\[(p\. [^\]]*|page break)\]\s*$")


def numbered_lines(page: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The lines of a page with text (a page-break mark alone is none, as a reader counts the lines),
    and (index, number) of those numbered in the margin."""
    lines = [line for line in page.splitlines() if line.strip() and not PAGE_BREAK_ALONE.match(line)]
    return lines, [(i, n) for i, line in enumerate(lines) if (n := margin_number(line)) is not None]


def line_of_text(page: str, number: int) -> str:
    """Line ``number`` of the text, counted from the nearest numbered line of its page."""
    lines, numbered = numbered_lines(page)
    assert numbered, page[:300]
    index, known = min(numbered, key=lambda item: abs(item[1] - number))
    return lines[index + number - known]


def _words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """The words of each page with their boxes (xMin, yMin, xMax, yMax, text), from ``pdftotext -bbox``."""
    from lxml import etree

    data = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", str(pdf), "-"], capture_output=True,
                          check=True, timeout=60).stdout
    root = etree.fromstring(data, etree.XMLParser(recover=True, no_network=True, resolve_entities=False))
    return [[(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
             for w in page.iter("{*}word")] for page in root.iter("{*}page")]


def text_lines_with_numbers(pdf: Path, body_height: float = 13.0) -> list[tuple[str, int | None]]:
    """The lines of the text as a reader counts them, in order, each with the number printed beside it
    in the left margin (or None), from the word boxes of the PDF: a line is a row of words in the text's
    type (the running heads, page-break marks "[p. 12r]", notes and apparatus entries are smaller:
    their words are less than ``body_height`` points high), counted from the first page with a number
    in the margin to the last; a margin number stands beside the line whose top it is level with."""
    pages = _words(pdf)
    lines: list[tuple[str, int | None]] = []
    numbered_pages = [i for i, words in enumerate(pages) if _margin_numbers(words, body_height)]
    if not numbered_pages:
        return lines
    for words in pages[numbered_pages[0]:numbered_pages[-1] + 1]:
        body = sorted((w for w in words if w[3] - w[1] >= body_height), key=lambda w: (w[1], w[0]))
        rows: list[list[tuple]] = []
        for word in body:
            if rows and abs(word[1] - rows[-1][0][1]) < 3:
                rows[-1].append(word)
            else:
                rows.append([word])
        numbers = _margin_numbers(words, body_height)
        for row in rows:
            top = row[0][1]
            beside = [n for y, n in numbers if abs(y - top) < 4]
            lines.append((" ".join(w[4] for w in sorted(row)), beside[0] if beside else None))
    return lines


def _margin_numbers(words, body_height: float) -> list[tuple[float, int]]:
    """(top, number) of the numbers in the left margin of a page: digits left of the text's words."""
    left = min((w[0] for w in words if w[3] - w[1] >= body_height), default=None)
    if left is None:
        return []
    return [(w[1], int(w[4])) for w in words if w[4].isdigit() and w[2] < left - 2 and w[3] - w[1] < body_height]
