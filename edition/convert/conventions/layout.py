"""Layout conventions: how the text of a transcript is cut into paragraphs.

* ``caption-cues`` (a WebVTT or SubRip subtitle file, recognised by its structure): the cues joined into
  running text, a paragraph a speaker's turn; cue numbers, timings, settings and tags set aside
  (``captions.py``).
* ``line-numbered-pages`` (official court transcripts after pdftotext): every line starts with its
  number 1–25 on the page; a page ends with its number and the reporter's running heads. Numbers and
  running heads are page furniture: set aside, the page number kept as ``pb/@n``. A deeper indent after
  the line number opens a paragraph.
* ``blank-line-paragraphs``: paragraphs are runs of lines between blank lines (the default).
* ``one-turn-per-line`` (court records, tape and broadcast transcripts, Hansard without blank lines):
  a paragraph whose lines each open with a speaker label is cut into one paragraph per line.
* ``embedded-colon-label`` (text taken from a PDF that lost its paragraphs: ``… and talking with us.
  SH: Let me start … JP: Okay. SH: Please tell me …``): a paragraph in which labels run on after the
  sentences is cut at each of them.
* ``one-paragraph-per-line`` (text copied from a web page: no blank lines, each paragraph one long line):
  a run of lines that are not wrapped, each ending a sentence and long lines among them, is cut into
  one paragraph per line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ..paragraphs import SourceParagraph, split_paragraphs
from ..source import SourceText
from . import Unit, in_order


@dataclass(frozen=True)
class Furniture:
    """Page furniture taken out of the text: a page number, a running head, the line numbers of a page."""

    line: int
    text: str
    reason: str
    destination: str | None = None


@dataclass
class Layout:
    """The paragraphs of a transcript and what its layout put aside."""

    rule: str
    paragraphs: list[SourceParagraph]
    furniture: list[Furniture] = field(default_factory=list)
    #: page number of each form feed written into a paragraph, by the line ``parse_inline`` places it on
    page_numbers: dict[int, str] = field(default_factory=dict)
    #: a caption file's cue starts, voices and unnamed speaker changes (``captions.py``), else None
    captions: "Captions | None" = None
    #: what the reader must be told about the layout
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LayoutUnit(Unit):
    apply: Callable[[SourceText], "Layout | None"] = None


_NUMBERED = re.compile(r"^ ?(?P<n>\d{1,2})(?:(?P<indent>[ \t]+)(?P<text>\S.*))?$")
_PAGE_NUMBER = re.compile(r"^[ \t]+(?P<n>\d{1,4})[ \t]*$")
_NUMBERED_SOON = re.compile(r"\n ?(?:[1-9]|1\d|2[0-5])[ \t]+\S")
_PARAGRAPH_INDENT = 6  # spaces after the line number that open a paragraph (a running line has 1–4)


def line_numbered_pages(source: SourceText) -> Layout | None:
    if not _NUMBERED.match(source.text.lstrip("\n").split("\n", 1)[0]) and not _NUMBERED_SOON.search(source.text[:4000]):
        return None   # a quick look: no numbered line near the start
    lines = source.text.split("\n")
    filled = [line for line in lines if line.strip()]
    sample = filled[:200]
    numbered = [m for m in map(_NUMBERED.match, sample) if m and 1 <= int(m.group("n")) <= 25]
    if len(filled) < 50 or len(numbered) < 0.7 * len(sample):
        return None
    layout = Layout("line-numbered-pages", [])
    paragraphs = layout.paragraphs
    current: list[str] = []
    start = 0
    page_lines: list[str] = []
    page_first = 0
    pending_break = False

    def close() -> None:
        nonlocal current
        if current:
            paragraphs.append(SourceParagraph(len(paragraphs) + 1, start, "\n".join(current)))
            current = []

    def end_page(line_number: int, page: str | None) -> None:
        nonlocal page_lines, pending_break
        if page_lines:
            layout.furniture.append(Furniture(page_first, " ".join(page_lines),
                                              f"line numbers of page {page or '?'}"))
            page_lines = []
        pending_break = True

    printed: list[tuple[int, str]] = []   # (line, page number) of each page's foot
    for number, line in enumerate(lines, 1):
        if _PAGE_NUMBER.match(line) and not _NUMBERED.match(line):
            printed.append((number, _PAGE_NUMBER.match(line).group("n")))
    next_page = iter(printed)
    current_page = next(next_page, (0, None))
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        page = _PAGE_NUMBER.match(line)
        match = _NUMBERED.match(line)
        if page and not match:
            layout.furniture.append(Furniture(number, line.strip(), "page number", "pb/@n"))
            end_page(number, page.group("n"))
            current_page = next(next_page, (0, None))
            continue
        if match is None or int(match.group("n")) > 25:
            layout.furniture.append(Furniture(number, line.strip(), "running head or foot of a page"))
            continue
        if not page_lines:
            page_first = number
        page_lines.append(match.group("n"))
        text = match.group("text")
        if text is None:   # a numbered blank line: a paragraph ends
            close()
            continue
        if pending_break:
            pending_break = False
            if current:
                current[-1] += "\f"   # the page turns inside the paragraph
                layout.page_numbers[start + len(current) - 1] = current_page[1] or ""
            elif paragraphs:
                last = paragraphs.pop()
                paragraphs.append(SourceParagraph(last.number, last.line, last.text + "\f"))
                layout.page_numbers[last.line + len(last.lines) - 1] = current_page[1] or ""
        if len(match.group("indent").expandtabs()) >= _PARAGRAPH_INDENT:
            close()
        if not current:
            start = number
        current.append(text.rstrip())
    close()
    if page_lines:
        end_page(len(lines), None)
    return layout


def blank_line_paragraphs(source: SourceText) -> Layout:
    paragraphs = split_paragraphs(source)
    return Layout("blank-line-paragraphs", _split_front_matter(paragraphs))


def _split_front_matter(paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
    """A YAML front-matter block (``---`` … ``---``) is a paragraph of its own, even when the text
    follows its closing line without a blank line."""
    if not paragraphs or paragraphs[0].lines[0].strip() != "---":
        return paragraphs
    first = paragraphs[0]
    lines = first.lines
    close = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
    if close is None or close == len(lines) - 1:
        return paragraphs
    head = SourceParagraph(1, first.line, "\n".join(lines[:close + 1]))
    rest = SourceParagraph(2, first.line + close + 1, "\n".join(lines[close + 1:]))
    return [head, rest] + [SourceParagraph(p.number + 1, p.line, p.text) for p in paragraphs[1:]]


def caption_cues(source: SourceText) -> Layout | None:
    from .captions import caption_cues as read_cues   # captions.py builds on this module's Layout
    return read_cues(source)


LAYOUTS = in_order([
    LayoutUnit("caption-cues", 50, caption_cues),
    LayoutUnit("line-numbered-pages", 100, line_numbered_pages),
    LayoutUnit("blank-line-paragraphs", 900, blank_line_paragraphs),
])


def lay_out(source: SourceText) -> Layout:
    """The first layout unit that recognises the text decides."""
    for unit in LAYOUTS:
        layout = unit.apply(source)
        if layout is not None:
            return layout
    raise AssertionError("blank-line-paragraphs always applies")


#: "Date: Mon, 10 Jul 2000": a field of a header (a letter's, a message's), not a heading
_FIELD_LINE = re.compile(r"^[A-Z][\w -]{0,20}:[ \t]")


def _heading_lines(lines: list[str]) -> bool:
    """A sitting's heading above its turns: a few lines, none wrapped (each short or ending a sentence), none a
    field of a header."""
    return len(lines) <= 8 and all(_ENDS_SENTENCE.search(line) and not _FIELD_LINE.match(line) for line in lines)


def split_turn_lines(paragraphs: list[SourceParagraph], is_label: Callable[[str], bool]) -> tuple[list[SourceParagraph], int]:
    """``one-turn-per-line``: cut a paragraph at every line that opens with a label, when its first line
    and at least one more do, or when they open below a sitting's heading (``HANSARD`` / ``The House met at
    Nine o'clock.`` / ``PRAYERS``, or ``ADJOURNMENT`` above one turn: a few lines that are not wrapped and no
    header's fields, ``_heading_lines``), which stays a paragraph of its own. Returns the paragraphs (the
    ones after a cut renumbered) and how many cuts."""
    out: list[SourceParagraph] = []
    cut = 0
    for para in paragraphs:
        if "\n" not in para.text:
            out.append(SourceParagraph(para.number + cut, para.line, para.text) if cut else para)
            continue
        lines = para.lines
        starts = [i for i, line in enumerate(lines) if is_label(line)]
        if not starts or starts[0] != 0 and not _heading_lines(lines[:starts[0]]) or len(starts) < 2 and starts[0] == 0:
            out.append(SourceParagraph(para.number + cut, para.line, para.text) if cut else para)
            continue
        if starts[0] != 0:
            starts.insert(0, 0)   # the lines above the first label: a paragraph of their own
        bounds = starts + [len(lines)]
        for index, (a, b) in enumerate(zip(bounds, bounds[1:])):
            out.append(SourceParagraph(para.number + cut + index, para.line + a, "\n".join(lines[a:b])))
        cut += len(starts) - 1
    return out, cut


#: how a line that ends a paragraph ends, and how the next one begins
_ENDS_SENTENCE = re.compile(r"[.?!:;…\"”’)\]—–-]\s*$|^.{0,60}$")
_BEGINS_SENTENCE = re.compile(r"^\s*[\"“‘'(\[¿¡\d\w]")
_LONG_LINE = 100   # a line longer than text is wrapped at (70–80 characters): one not wrapped at all
_WRAPPED_AT = 90


def split_unwrapped_lines(paragraphs: list[SourceParagraph],
                          is_label: Callable[[str], bool]) -> tuple[list[SourceParagraph], list[int]]:
    """``one-paragraph-per-line``: cut a paragraph of three lines or more into one paragraph per line when
    its lines are not wrapped: every line ends a sentence (or is short: a title, a time) and the next one
    begins one (all but one line in ten: a long title ends no sentence), and lines longer than any
    wrapping are among them (text wrapped at a width breaks lines inside sentences, and none is longer
    than the width), and two lines or more open with a speaker label, not only the first: the turns of
    a whole text run together (a turn whose sentences stand each on a line of its own is left whole).
    Returns the paragraphs (renumbered after a cut) and the line of every cut."""
    out: list[SourceParagraph] = []
    cuts: list[int] = []
    for para in paragraphs:
        lines = para.lines
        if len(lines) >= 3 and _unwrapped(lines) and sum(1 for line in lines[1:] if is_label(line)) >= 2:
            for index, line in enumerate(lines):
                out.append(SourceParagraph(para.number + len(cuts) + index, para.line + index, line))
            cuts += range(para.line + 1, para.line + len(lines))
        else:
            out.append(SourceParagraph(para.number + len(cuts), para.line, para.text) if cuts else para)
    return out, cuts


def _unwrapped(lines: list[str]) -> bool:
    long_lines = sum(1 for line in lines if len(line.strip()) > _LONG_LINE)
    if long_lines < 2 or long_lines < len(lines) // 4:
        return False
    breaks = sum(1 for line, after in zip(lines, lines[1:])
                 if _ENDS_SENTENCE.search(line) and _BEGINS_SENTENCE.match(after) and not after[:1].islower())
    # a wrapped line is near the width of the others: in unwrapped text few lines are
    near_width = sum(1 for line in lines[:-1] if _WRAPPED_AT - 20 <= len(line) <= _WRAPPED_AT)
    # a long title written in one line ends no sentence: one such line in ten
    return breaks >= len(lines) - 1 - max(1, (len(lines) - 1) // 10) and near_width < len(lines) // 2


_EMBEDDED = re.compile(r"(?<=[.?!—])[ \t]+(?P<label>(?:Mr|Mrs|Ms|Dr|Senator|Chairman|Representative)[ \t]?\.?[ \t]+"
                       r"(?P<surname>[A-Z][A-Z’'-]{2,})\.)[ \t]+(?=\S)")


_EMBEDDED_QUICK = re.compile(r"[.?!—][ \t]+(?:Mr|Mrs|Ms|Dr|Senator|Chairman|Representative)[ \t]?\.?[ \t]+"
                             r"[A-Z][A-Z’'-]{2,}\.[ \t]+\S")


def has_embedded_label(text: str) -> bool:
    """Could any paragraph hold a hearing label after a sentence (a quick look at the whole text)?"""
    return _EMBEDDED_QUICK.search(text) is not None


def split_embedded_labels(paragraphs: list[SourceParagraph], surnames: set[str]) -> tuple[list[SourceParagraph], list[tuple[int, str]]]:
    """``embedded-label``: a hearing label of a known speaker left inside another's paragraph (``… the
    24th. Mr . MITCHELL. When you did talk with him—``) opens a turn of its own. Returns the paragraphs
    (renumbered) and the (line, label) of every cut, for the report."""
    out: list[SourceParagraph] = []
    cuts: list[tuple[int, str]] = []
    if not surnames:
        return paragraphs, cuts
    for para in paragraphs:
        text, line = para.text, para.line
        while True:
            match = next((m for m in _EMBEDDED.finditer(text) if m.group("surname") in surnames), None)
            if match is None:
                break
            head = text[:match.start()].rstrip()
            out.append(SourceParagraph(para.number + len(cuts), line, head))
            line += head.count("\n") + (1 if "\n" in text[len(head):match.start("label")] else 0)
            cuts.append((line, match.group("label")))
            text = text[match.start("label"):]
        out.append(SourceParagraph(para.number + len(cuts), line, text))
    return out, cuts


_EMBEDDED_COLON = re.compile(r"(?<=[.?!,;…\"”)\]—])[ \t\n]+(?P<label>[A-Z][\w.’'-]*(?:[ \t][A-Z][\w.’'-]*){0,3}):"
                             r"[ \t]+(?=[A-Z\"“(\[])")


def split_embedded_colon_labels(paragraphs: list[SourceParagraph], looks_like_name: Callable[[str], bool]
                                ) -> tuple[list[SourceParagraph], list[tuple[int, str]]]:
    """``embedded-colon-label``: colon labels run on inside a paragraph after its sentences (``… with us.
    SH: Let me start … JP: Okay. SH: Please …``, a transcript whose paragraphs were lost) open turns of
    their own, when the paragraph is such a run: a label that stands there twice or more, and three cuts
    or more. A label seen there once is taken when it is a name of two words or more (``James Pressman:``),
    a word and a colon once in a sentence (``… the reason. Money: it rules.``) is not. Returns the
    paragraphs (renumbered) and the (line, label) of every cut."""
    out: list[SourceParagraph] = []
    cuts: list[tuple[int, str]] = []
    for para in paragraphs:
        found = [m for m in _EMBEDDED_COLON.finditer(para.text) if looks_like_name(m.group("label"))]
        repeated = {label for label, count in Counter(m.group("label") for m in found).items() if count > 1}
        taken = []
        if repeated:   # a label that stands twice, also where the sentence before it lost its end ("… in SH:")
            names = "|".join(map(re.escape, sorted(repeated, key=len, reverse=True)))
            bare = re.compile(r"(?<=\S)[ \t\n]+(?P<label>" + names + r"):[ \t]+(?=[A-Z\"“(\[])")
            taken = sorted([*bare.finditer(para.text),
                            *(m for m in found if m.group("label") not in repeated and " " in m.group("label"))],
                           key=lambda m: m.start("label"))
        if len(taken) < 3:
            out.append(SourceParagraph(para.number + len(cuts), para.line, para.text) if cuts else para)
            continue
        start, line = 0, para.line
        for match in taken:
            head = para.text[start:match.start()].rstrip()
            out.append(SourceParagraph(para.number + len(cuts), line, head))
            line += para.text.count("\n", start, match.start("label"))
            cuts.append((line, match.group("label")))
            start = match.start("label")
        out.append(SourceParagraph(para.number + len(cuts), line, para.text[start:]))
    return out, cuts


def split_glued_labels(paragraphs: list[SourceParagraph], labels: set[str]
                       ) -> tuple[list[SourceParagraph], list[tuple[int, str]]]:
    """``glued-label`` (text taken from a PDF that lost a line end: ``… or was itMOLER: No, no …``): a label
    in capitals that opens two paragraphs or more elsewhere (``labels``), run into a word in lower case inside
    a paragraph, opens a turn of its own. Returns the paragraphs (renumbered) and the (line, label) of every
    cut."""
    capitals = sorted((label for label in labels if len(label) >= 3 and label.isupper()), key=len, reverse=True)
    if not capitals:
        return paragraphs, []
    glued = re.compile(r"(?<=[a-z])(?P<label>" + "|".join(map(re.escape, capitals)) + r"):[ \t]+(?=[A-Z\"“(\[])")
    out: list[SourceParagraph] = []
    cuts: list[tuple[int, str]] = []
    for para in paragraphs:
        start, line = 0, para.line
        for match in glued.finditer(para.text):
            out.append(SourceParagraph(para.number + len(cuts), line, para.text[start:match.start()].rstrip()))
            line += para.text.count("\n", start, match.start())
            cuts.append((line, match.group("label")))
            start = match.start()
        out.append(SourceParagraph(para.number + len(cuts), line, para.text[start:]) if cuts else para)
    return out, cuts
