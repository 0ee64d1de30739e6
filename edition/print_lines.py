"""Line numbers of the print edition, for the apparatus criticus.

A critical apparatus at the foot of the page is keyed to line numbers ("12 socialism] A; communism
B"), and every fifth line of the text is numbered in the margin. Only the layout knows where lines
break, so:

1. ``wrap_words``: before the first layout, every word of the text is given a span with an id (the
   spans change nothing in the layout);
2. ``number_lines``: after it, the lines of the text are counted through the whole text (not per
   page: a line breaks in the same place whatever page it falls on, so the numbers do not move when
   the notes at the foot of a page push lines to the next), each apparatus entry gets the number of
   the line its lemma begins on, written into a placeholder of figure spaces as wide as the digits
   (so the entries keep their width), and a number is put in the margin of every fifth line.

Documents without an apparatus (no ``span.crit-note``) are left as they are.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
_H = "{%s}" % XHTML
_WORD = re.compile(r"(\S+)(\s*)")
SKIP = {"crit-note", "footnote", "line-number", "footnote-anchor"}
PLACEHOLDER = 4     # figure spaces in a line-number placeholder: numbers up to 9999
EVERY = 5


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def wrap_words(xhtml: etree._Element) -> bool:
    """Give every word of ``section#text`` (outside notes) a ``span id="w-N"``; False if the document
    has no apparatus entries (then nothing is changed)."""
    text = next((s for s in xhtml.iter(_H + "section") if s.get("id") == "text"), None)
    if text is None or not any("crit-note" in _classes(s) for s in text.iter(_H + "span")):
        return False
    holders = []
    for element in text.iter():
        if not isinstance(element.tag, str):
            continue
        skipped_above = any(_classes(a) & SKIP for a in element.iterancestors())
        if element.text and element.text.strip() and not skipped_above and not _classes(element) & SKIP:
            holders.append((element, False))
        if element is not text and element.tail and element.tail.strip() and not skipped_above:
            holders.append((element, True))
    for span in text.iter(_H + "span"):
        if "crit-note" in _classes(span):
            span.set("class", "crit-note crit-pending")   # hidden in the first layout
    number = 0
    for element, in_tail in holders:
        value = element.tail if in_tail else element.text
        lead = value[:len(value) - len(value.lstrip())]
        spans = []
        for match in _WORD.finditer(value.lstrip()):
            number += 1
            span = etree.Element(_H + "span", {"class": "w", "id": f"w-{number}"})
            span.text = match.group(1)
            span.tail = match.group(2) or None
            spans.append(span)
        if in_tail:
            element.tail = lead or None
            for offset, span in enumerate(spans):
                element.addnext(span) if offset == 0 else spans[offset - 1].addnext(span)
        else:
            element.text = lead or None
            for offset, span in enumerate(spans):
                element.insert(offset, span)
    return number > 0


def _lines(document):
    """The line boxes of the text (``section#text``), in reading order, with the ids in each."""
    from weasyprint.formatting_structure import boxes

    def ids(box, found):
        element = getattr(box, "element", None)
        if element is not None and hasattr(element, "get") and element.get("id"):
            found.append(element.get("id"))
        for child in getattr(box, "children", ()):
            ids(child, found)
        return found

    def walk(box, inside):
        if isinstance(box, boxes.FootnoteAreaBox):
            return
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None) == "section" and element.get("id") == "text":
            inside = True
        if inside and isinstance(box, boxes.LineBox):
            yield ids(box, [])
            return
        for child in getattr(box, "children", ()):
            yield from walk(child, inside)

    for page in document.pages:
        yield from walk(page._page_box, False)


def _append_text(parent, previous, text: str | None) -> None:
    """Text after ``previous`` (or at the start of ``parent`` if None)."""
    if not text:
        return
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def unwrap_words(xhtml: etree._Element) -> None:
    """Take the word spans of ``wrap_words`` out again once the lines are numbered: they quadruple
    the time of a layout, and the text breaks into the same lines without them."""
    for span in list(xhtml.iter(_H + "span")):
        if span.get("class") != "w":
            continue
        parent = span.getparent()
        _append_text(parent, span.getprevious(), span.text)
        for child in list(span):                 # a line number after the word
            span.addprevious(child)
        _append_text(parent, span.getprevious(), span.tail)
        parent.remove(span)


def group_by_page(xhtml: etree._Element, pages: dict[str, int]) -> None:
    """One note per page for the apparatus: the entries whose lemma is on a page join one note at
    the first of them (many small notes on a page make WeasyPrint 70 lose some), and are shown."""
    first_on_page: dict[int, etree._Element] = {}
    for span in reversed(list(xhtml.iter(_H + "span"))):   # the note at the page's last variant
        if "crit-note" not in _classes(span):
            continue
        span.set("class", "crit-note")
        page = pages.get("appanchor-" + (span.get("data-app") or ""))
        if page is None:
            continue
        if page not in first_on_page:
            first_on_page[page] = span
            continue
        holder = first_on_page[page]
        entry = etree.Element(_H + "span", {"class": "crit-entry", "data-app": span.get("data-app")})
        holder.insert(0, entry)
        entry.tail, holder.text = holder.text, None
        entry.text, span.text = span.text, None
        for child in list(span):
            entry.append(child)
        parent, tail, previous = span.getparent(), span.tail, span.getprevious()
        parent.remove(span)
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def misplaced(xhtml: etree._Element, pages: dict[str, int]) -> list[str]:
    """Apparatus entries printed on another page than their lemma."""
    wrong = []
    for span in xhtml.iter(_H + "span"):
        if "crit-note" in _classes(span):
            page = pages.get(span.get("id"))
            for entry in [span, *(e for e in span.iter(_H + "span") if "crit-entry" in _classes(e))]:
                if pages.get("appanchor-" + (entry.get("data-app") or "")) != page:
                    wrong.append(entry.get("data-app"))
    return wrong


def place_apparatus(xhtml: etree._Element, document, render, serialise, page_of_anchors):
    """After the first layout (entries hidden): line numbers, then the entries grouped by the page of
    their lemma; laid out again until every entry is on its lemma's page (at most three times).
    Returns (html text, document, entries still misplaced)."""
    number_lines(document, xhtml)
    unwrap_words(xhtml)
    pages = page_of_anchors(document)
    for _ in range(3):
        candidate = copy.deepcopy(xhtml)
        group_by_page(candidate, pages)
        html_text = serialise(candidate)
        document = render(html_text)
        pages = page_of_anchors(document)
        wrong = misplaced(candidate, pages)
        if not wrong:
            break
    return html_text, document, wrong


def number_lines(document, xhtml: etree._Element) -> bool:
    """Line numbers into the apparatus entries and the margin; False if there are none to write."""
    line_of: dict[str, int] = {}
    first_word: dict[int, str] = {}
    number = 0
    pending: list[str] = []
    for found in _lines(document):
        words = [i for i in found if i.startswith("w-")]
        anchors = [i for i in found if i.startswith("appanchor-")]
        if not words:
            pending.extend(anchors)     # an anchor on a line of its own: the next line's
            continue
        number += 1
        first_word[number] = words[0]
        for anchor in pending + anchors:
            line_of[anchor] = number
        pending = []
    for anchor in pending:
        line_of[anchor] = number
    if not line_of:
        return False
    by_id = {e.get("id"): e for e in xhtml.iter(_H + "span") if e.get("id")}
    for span in xhtml.iter(_H + "span"):
        if "crit-line" in _classes(span):
            line = line_of.get(span.get("data-anchor"))
            if line is not None:
                span.text = str(line).rjust(PLACEHOLDER, "\u2007")
    for line, word in first_word.items():
        if line % EVERY == 0 and word in by_id:
            mark = etree.Element(_H + "span", {"class": "line-number", "aria-hidden": "true"})
            mark.text = str(line)
            # after the line's first word (or the end of a word hyphenated on the line before): an
            # absolutely positioned box before the first word stays at the end of the line before
            by_id[word].append(mark)
    return True
