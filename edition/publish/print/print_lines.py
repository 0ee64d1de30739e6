"""Line numbers of the print edition, for the apparatus at the foot of the page.

The textual apparatus (the editor's corrections: "12 Czechoslovakia] Czecholsovakia MS") and the
apparatus criticus of a collated document ("12 socialism] A; communism B") are keyed to line numbers,
and every fifth line of the text is numbered in the margin. Only the layout knows where lines break,
so:

1. ``prepare_lines``: before the first layout, every element of the text is given its position
   (``data-line-ref``; an attribute costs the layout nothing, where a span per word made it four
   times slower) and the apparatus entries are hidden.
   That layout is of the document up to the end of its text (``up_to_text``: the title page and
   what precedes the text, and the text; not the back matter after it, above all the index of
   names, whose page references WeasyPrint lays out three times): what comes after the text moves
   neither its lines nor its pages, so the numbers, and the pages the entries are first grouped
   by, are those of the whole document;
2. ``number_lines``: after it, the lines of the text are counted from WeasyPrint's line boxes
   through the whole text (not per page: a line breaks in the same place whatever page it falls on,
   so the numbers do not move when the notes at the foot of a page push lines to the next); each
   apparatus entry gets the number of the line its lemma begins on, written into a placeholder of
   figure spaces as wide as the digits (so the entries keep their width); and every fifth line gets
   its number in the margin, put into the text after the line's first word (found by following the
   laid-out text through the text nodes of the XHTML);
3. ``place_apparatus``: the entries of each page are joined into one note and laid out again until
   each stands on its lemma's page (``edition/publish/print/pdf.py`` has the index of names of these layouts give
   the pages of the layout before as text; the PDF keeps that index only if it is the index of the
   final pages, and lays it out again otherwise).

Documents without an apparatus (no ``span.crit-note``) are left as they are.
"""

from __future__ import annotations

import copy
import logging

from lxml import etree

from ..trees import remove_keeping_tail

XHTML = "http://www.w3.org/1999/xhtml"
_H = "{%s}" % XHTML
REF = "data-line-ref"
PLACEHOLDER = 4     # figure spaces in a line-number placeholder: numbers up to 9999
EVERY = 5
RENUMBER = 2        # layouts more, at most, when the lines moved under the numbers (numbers_stand)
_INSERTED_HYPHENS = "\u2010\u00ad-"   # what WeasyPrint writes at a hyphenation break

logger = logging.getLogger(__name__)


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _text_section(xhtml: etree._Element):
    return next((s for s in xhtml.iter(_H + "section") if s.get("id") == "text"), None)


def prepare_lines(xhtml: etree._Element) -> bool:
    """Give every element of ``section#text`` its position and hide the apparatus entries for the
    first layout; False if the document has no apparatus entries (then nothing is changed)."""
    text = _text_section(xhtml)
    if text is None or not any("crit-note" in _classes(s) for s in text.iter(_H + "span")):
        return False
    for number, element in enumerate(e for e in text.iter() if isinstance(e.tag, str)):
        element.set(REF, str(number))
    for span in text.iter(_H + "span"):
        if "crit-note" in _classes(span):
            span.set("class", "crit-note crit-pending")   # hidden in the first layout
    return True


def up_to_text(xhtml: etree._Element) -> etree._Element:
    """A copy of the XHTML without what follows ``section#text`` (the back matter): laid out, its
    pages are those of the whole document up to the end of the text, line for line."""
    copied = copy.deepcopy(xhtml)
    element = _text_section(copied)
    while element is not None and element.getparent() is not None:
        parent = element.getparent()
        for later in list(element.itersiblings()):
            parent.remove(later)
        if element.tail is not None and not element.tail.strip():
            element.tail = None
        element = parent
    return copied


def _lines(document):
    """The line boxes of the text (``section#text``) in reading order: for each, the ids of the
    elements in it, its boxes in order: (True, a text box of the document's text) or (False, the
    box of an element or of generated content), and the text boxes of the margin numbers in it.
    The text of a page-break mark ("[p. 329v]") is not text of the document: a line that holds
    only such a mark is no line of the text for a reader counting its lines."""
    from weasyprint.formatting_structure import boxes

    def content(box, ids, texts, marks, mark=False):
        element = getattr(box, "element", None)
        has_get = element is not None and hasattr(element, "get")
        if has_get and element.get("id"):
            ids.append(element.get("id"))
        if has_get and not mark:        # inside a page-break mark or a margin number
            classes = set((element.get("class") or "").split())
            mark = "line-number" if "line-number" in classes else "pb" if "pb" in classes else False
        if isinstance(box, boxes.TextBox) and "::" not in (getattr(box, "element_tag", "") or ""):
            if mark == "line-number":
                marks.append(box)
            elif not mark:
                texts.append((True, box))
        elif has_get and element.get(REF) is not None:
            texts.append((False, box))     # an element's box (or a footnote call, a list marker):
            #                                the text of its parent goes on after the element
        for child in getattr(box, "children", ()):
            content(child, ids, texts, marks, mark)
        return ids, texts, marks

    def walk(box, inside):
        if isinstance(box, boxes.FootnoteAreaBox):
            return
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None) == "section" and element.get("id") == "text":
            inside = True
        if inside and isinstance(box, boxes.LineBox):
            yield content(box, [], [], [])
            return
        for child in getattr(box, "children", ()):
            yield from walk(child, inside)

    for page in document.pages:
        yield from walk(page._page_box, False)


def _numbered_lines(document) -> list:
    """(number, ids, boxes, margin numbers) of the line boxes of the text, as ``_lines`` gives them,
    numbered as a reader counts them: a line without text of the document (a page-break mark or an
    anchor alone) has the number None."""
    numbered, number = [], 0
    for ids, boxes_of_line, marks in _lines(document):
        if any(is_text and box.text.strip() for is_text, box in boxes_of_line):
            number += 1
            numbered.append((number, ids, boxes_of_line, marks))
        else:
            numbered.append((None, ids, boxes_of_line, marks))
    return numbered


def _lines_of_anchors(numbered: list) -> dict[str, int]:
    """The line each apparatus anchor stands on; an anchor on a line without text: the next line's
    (the last line's at the end)."""
    line_of: dict[str, int] = {}
    pending: list[str] = []
    number = 0
    for number_of_line, ids, _, _ in numbered:
        anchors = [i for i in ids if i.startswith("appanchor-")]
        if number_of_line is None:
            pending.extend(anchors)
            continue
        number = number_of_line
        for anchor in pending + anchors:
            line_of[anchor] = number
        pending = []
    for anchor in pending:
        line_of[anchor] = number
    return line_of


class _TextFollower:
    """Follows the laid-out text through the text nodes of the XHTML: for a text box, the node it
    comes from (an element's text, or the tail of one of its children) and where in the node its
    first word ends. Text boxes come in reading order; an element's box met on the way moves its
    parent on to the element's tail."""

    def __init__(self, xhtml: etree._Element) -> None:
        self.by_ref = {e.get(REF): e for e in xhtml.iter() if isinstance(e.tag, str) and e.get(REF) is not None}
        self.node: dict[str, int] = {}      # element ref -> 0 (its text) or k (tail of child k)
        self.pos: dict[tuple[str, int], int] = {}

    def _nodes(self, element):
        return [None, *element]             # 0: element.text; k: element[k - 1].tail

    def _value(self, element, k: int) -> str:
        return (element.text if k == 0 else element[k - 1].tail) or ""

    def element_box(self, box) -> None:
        element = self.by_ref.get(box.element.get(REF))
        parent = element.getparent() if element is not None else None
        if parent is None or parent.get(REF) is None:
            return
        k = parent.index(element) + 1
        if k > self.node.get(parent.get(REF), 0):
            self.node[parent.get(REF)] = k

    def text_box(self, box):
        """(element, node index, offset after the box's first word), or None if the text does not
        follow (then the line keeps no number)."""
        ref = box.element.get(REF)
        element = self.by_ref.get(ref)
        if element is None:
            return None
        k = self.node.get(ref, 0)
        while k <= len(element) and not self._value(element, k)[self.pos.get((ref, k), 0):].strip():
            k += 1                          # nodes left behind: white space, or under hidden boxes
        if k > len(element):
            return None
        self.node[ref] = k
        raw, at = self._value(element, k), self.pos.get((ref, k), 0)
        first_word_end = None
        seen_text = False
        for char in box.text:
            if char.isspace():
                while at < len(raw) and raw[at].isspace():
                    at += 1
                if seen_text and first_word_end is None:
                    first_word_end = at     # after the word's space: where the line may break
                continue
            while at < len(raw) and (raw[at].isspace() or raw[at] == "\u00ad"):
                at += 1
            if at < len(raw) and raw[at].lower() == char.lower():
                at += 1
                seen_text = True
                at_before_space = at
            elif char in _INSERTED_HYPHENS:
                continue
            else:
                self.pos[(ref, k)] = len(raw)   # lost the thread in this node
                return None
        self.pos[(ref, k)] = at
        if not seen_text:
            return None
        return element, k, first_word_end if first_word_end is not None else at_before_space


def _insert_mark(element, k: int, offset: int, number: int) -> None:
    """The margin number ``number`` into text node ``k`` of ``element`` at ``offset``."""
    mark = etree.Element(_H + "span", {"class": "line-number", "aria-hidden": "true"})
    mark.text = str(number)
    if k == 0:
        raw = element.text or ""
        element.text, mark.tail = raw[:offset] or None, raw[offset:] or None
        element.insert(0, mark)
    else:
        child = element[k - 1]
        raw = child.tail or ""
        child.addnext(mark)
        child.tail, mark.tail = raw[:offset] or None, raw[offset:] or None


def number_lines(document, xhtml: etree._Element, keep_refs: bool = False) -> bool:
    """Line numbers into the apparatus entries and the margin; False if there are none to write.
    ``keep_refs``: the positions (``data-line-ref``) stay, for numbering again from a later layout."""
    follower = _TextFollower(xhtml)
    numbered = _numbered_lines(document)
    marks: list[tuple[etree._Element, int, int, int]] = []
    for number, _, boxes_of_line, _ in numbered:
        first = None
        for is_text, box in boxes_of_line:
            if not is_text:
                follower.element_box(box)
                continue
            place = follower.text_box(box) if box.text.strip() else None
            if box.text.strip() and first is None:
                first = place or ()
        if number is not None and number % EVERY == 0 and first:
            marks.append((*first, number))
    line_of = _lines_of_anchors(numbered)
    for span in xhtml.iter(_H + "span"):
        if "crit-line" in _classes(span):
            line = line_of.get(span.get("data-anchor"))
            if line is not None:
                span.text = str(line).rjust(PLACEHOLDER, "\u2007")
    # after the line's first word: a box put before it would stay at the end of the line before;
    # from the last node of an element and the end of each node, so that the indexes and offsets
    # of the marks still to come stay right
    for element, k, offset, line in sorted(marks, key=lambda m: (m[0].get(REF), -m[1], -m[2])):
        _insert_mark(element, k, offset, line)
    if not keep_refs:
        _drop_refs(xhtml)
    return bool(line_of)


def _drop_refs(xhtml: etree._Element) -> etree._Element:
    for element in xhtml.iter():
        if isinstance(element.tag, str) and REF in element.attrib:
            del element.attrib[REF]
    return xhtml


def numbers_stand(document, xhtml: etree._Element) -> bool:
    """Whether the numbers of the laid-out ``xhtml`` are those of its lines as ``document`` has them:
    each margin number on the line it numbers, each entry's number the line of its lemma. WeasyPrint
    may break a line elsewhere once a number is put into it (it breaks a line too early where an
    empty element, such as an anchor, stands at the break, and where it does depends on the text
    boxes around), so the numbers are checked against the layout that prints them."""
    numbered = _numbered_lines(document)
    for number, _, _, marks in numbered:
        if any(mark.text.strip() != str(number) for mark in marks):
            return False
    line_of = _lines_of_anchors(numbered)
    for span in xhtml.iter(_H + "span"):
        if "crit-line" in _classes(span) and (span.text or "").strip():
            if line_of.get(span.get("data-anchor")) != int(span.text.strip()):
                return False
    return True


def group_by_page(xhtml: etree._Element, pages: dict[str, int], single: set[str] = frozenset()) -> None:
    """One note per page for the apparatus: the entries whose lemma is on a page join one note at
    the first of them (many small notes on a page make WeasyPrint 70 lose some), and are shown.
    The entries named in ``single`` (``data-app``) stay notes of their own (``crit-single``: each goes
    to the next page with its line if it does not fit), for pages whose entries do not fit in one note."""
    first_on_page: dict[int, etree._Element] = {}
    for span in reversed(list(xhtml.iter(_H + "span"))):   # the note at the page's last variant
        if "crit-note" not in _classes(span):
            continue
        if span.get("data-app") in single:
            span.set("class", "crit-note crit-single")
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
        remove_keeping_tail(span)


def _held_entries(note: etree._Element) -> list:
    """The entries an apparatus note holds, itself first."""
    return [note, *(e for e in note.iter(_H + "span") if "crit-entry" in _classes(e))]


def _entries(xhtml: etree._Element):
    """The apparatus notes and, for each, the entries it holds (itself first)."""
    for span in xhtml.iter(_H + "span"):
        if "crit-note" in _classes(span):
            yield span, _held_entries(span)


def misplaced(xhtml: etree._Element, pages: dict[str, int]) -> list[str]:
    """Apparatus entries printed on another page than their lemma."""
    wrong = []
    for span, entries in _entries(xhtml):
        page = pages.get(span.get("id"))
        for entry in entries:
            if pages.get("appanchor-" + (entry.get("data-app") or "")) != page:
                wrong.append(entry.get("data-app"))
    return wrong


def overfull(xhtml: etree._Element, pages: dict[str, int]) -> set[str]:
    """The entries of the notes of a page that are not on the page of their own place in the text (or
    on none): the entries of that page did not fit at its foot in one note (a page of text whose
    variants take more than a page)."""
    full = set()
    for span, entries in _entries(xhtml):
        if len(entries) > 1 and pages.get(span.get("id")) != pages.get("appanchor-" + (span.get("data-app") or "")):
            full.update(entry.get("data-app") for entry in entries)
    return full


def place_apparatus(xhtml: etree._Element, document, render, serialise, page_of_anchors, for_layout=None,
                    name: str = "document"):
    """After the first layout (entries hidden): line numbers, then the entries grouped by the page of
    their lemma; laid out again until every entry is on its lemma's page (at most four times).
    If the entries of a page do not fit at its foot as one note (``overfull``), every entry is laid out
    as a note of its own instead, once: a line goes to the next page with its entries, as in a printed
    edition whose apparatus takes half the page.
    ``for_layout(xhtml, pages)``, if given, is the XHTML each of these layouts lays out, made from the
    candidate and the pages of the layout before (the returned text is the candidate's). ``name``: the
    document's, for the warning that the line numbers may be a line off.
    Returns (html text, document, entries still misplaced)."""
    unnumbered = copy.deepcopy(xhtml)
    number_lines(document, xhtml, keep_refs=True)
    pages = page_of_anchors(document)
    single: set[str] = set()
    apps = [span.get("data-app") for span in xhtml.iter(_H + "span") if "crit-note" in _classes(span)]
    renumbered = 0
    for attempt in range(4 + RENUMBER):
        candidate = copy.deepcopy(xhtml)
        group_by_page(candidate, pages, single)
        grouped_by = [pages.get("appanchor-" + app) for app in apps]
        html_text = serialise(_drop_refs(copy.deepcopy(candidate)))
        document = render(serialise(candidate if for_layout is None else for_layout(candidate, pages)))
        pages = page_of_anchors(document)
        wrong = misplaced(candidate, pages)
        if numbers_stand(document, candidate):
            numbers_right = True
        elif renumbered < RENUMBER and attempt < 3 + RENUMBER:
            # the lines moved under the numbers: numbered again from this layout, and laid out again
            renumbered += 1
            xhtml = copy.deepcopy(unnumbered)
            number_lines(document, xhtml, keep_refs=True)
            continue
        else:
            numbers_right = False
        if not wrong:
            break
        if single or overfull(candidate, pages):     # notes of their own: they go with their lines
            if single:
                break
            single = set(apps)
        elif grouped_by == [pages.get("appanchor-" + app) for app in apps]:
            break       # the same notes again: an entry too long for the page its lemma is on
    if not numbers_right:
        logger.warning("%s: the line numbers of the print edition may be a line off where WeasyPrint broke "
                       "lines otherwise once the numbers were put in (after %d layouts more)", name, renumbered)
    return html_text, document, wrong


def entries_after_text(xhtml: etree._Element, notes: list[str]) -> int:
    """The apparatus notes ``notes`` (their ``data-app``) that WeasyPrint could not place at the foot
    of any page, moved into a list after the text ("Apparatus criticus (continued)"), each entry with
    its line number, so that the document prints and loses nothing. Returns how many entries moved."""
    text = _text_section(xhtml)
    wanted = set(notes)
    moved = [span for span in xhtml.iter(_H + "span") if "crit-note" in _classes(span)
             and span.get("data-app") in wanted]
    if text is None or not moved:
        return 0
    section = etree.Element(_H + "section", {"class": "apparatus crit-after-text", "id": "apparatus-after-text",
                                            "data-running": "Apparatus"})
    heading = etree.SubElement(section, _H + "h2")
    heading.text = "Apparatus (entries not printed at the foot of their pages)"
    items = etree.SubElement(section, _H + "ol", {"class": "crit-endnotes"})
    count = 0
    for span in moved:
        remove_keeping_tail(span)
        count += len(_held_entries(span))
        span.set("class", "crit-moved")
        span.tag = _H + "li"
        items.append(span)
    span = None
    text.addnext(section)
    section.tail, text.tail = text.tail, None
    return count
