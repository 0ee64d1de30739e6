"""Finding phrases in the text of a TEI body and marking them up without breaking existing elements.

Every editorial pass works the same way: it looks at the *text containers* of the body (paragraphs,
list items, heads, speaker labels, stage directions, closers), finds phrases in them, and wraps a
phrase in a new element only where the phrase lies inside one text node. Elements the converter or an
earlier pass wrote are never split; a pass can ask not to look inside some of them (``blocked``).

Anchors written by editors are phrases *as in the source*: the reading view of a container therefore
puts back the brackets and parentheses that the converter removed (``[`` ``]`` around ``supplied`` and
gloss notes, ``(`` ``)`` around ``stage``), as ``docs/encoding.md`` describes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, NamedTuple

from lxml import etree

from .. import TEI_NS

T = "{%s}" % TEI_NS
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: Elements whose text is running text of the edition.
CONTAINERS = {"p", "item", "head", "speaker", "stage", "closer", "trailer", "ab", "l", "label", "opener",
              "dateline", "salute", "signed"}
#: Elements that never take editorial markup inside them, whatever the pass.
ALWAYS_BLOCKED = {"sic", "orig", "corr", "reg", "abbr", "expan", "lb", "pb", "cb", "gap", "unclear"}
#: Editorial markup this layer writes: passes do not nest their own kind inside it.
NAME_TAGS = {"persName", "placeName", "orgName", "name", "rs", "geogName"}
DATE_TAGS = {"date", "time"}
MEASURE_TAGS = {"measure", "num", "measureGrp"}


_T_LENGTH = len(T)


def local(el) -> str:
    tag = el.tag
    if tag.__class__ is not str:  # comments and processing instructions have a function as tag
        return ""
    return tag[_T_LENGTH:] if tag.startswith(T) else tag


def tei(name: str) -> str:
    return T + name


_CONTAINER_TAGS = frozenset(T + name for name in CONTAINERS)
_ALWAYS_BLOCKED_TAGS = frozenset(T + name for name in ALWAYS_BLOCKED) | frozenset(ALWAYS_BLOCKED)


def containers(root) -> list:
    """The outermost text containers of the ``text`` element, in document order (one walk, no look-ups
    of ancestors: the walk does not descend into a container)."""
    result: list = []

    def walk(el) -> None:
        for child in el:
            if child.tag in _CONTAINER_TAGS:
                result.append(child)
            elif child.tag.__class__ is str:
                walk(child)

    for text_el in root.iter(tei("text")):
        if not any(a.tag == text_el.tag for a in text_el.iterancestors()):
            walk(text_el)
    return result


def plain_text(el) -> str:
    """All the text inside ``el`` (not its tail), in one string: every text node of ``slots`` is a part
    of it, so a pass can skip a container whose plain text cannot hold what the pass looks for."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


# ---------------------------------------------------------------------- text slots

class Slot(NamedTuple):   # a named tuple: made for every text node of every pass, and quickly
    """A text node: the text of ``owner`` (``tail=False``) or its tail (``tail=True``)."""

    owner: object
    tail: bool

    @property
    def parent(self):
        return self.owner.getparent() if self.tail else self.owner

    @property
    def value(self) -> str:
        return (self.owner.tail if self.tail else self.owner.text) or ""


def slots(container, blocked: set[str] | Callable[[object], bool] = frozenset()) -> list[Slot]:
    """The text nodes of ``container`` that a pass may mark up, in document order.

    A text node is skipped when its parent element or any ancestor up to the container is blocked.
    The list is made before the caller wraps any of them.
    """
    if callable(blocked):
        stop_tags = _ALWAYS_BLOCKED_TAGS
        is_blocked = blocked
    else:
        stop_tags = _stop_tags(blocked) if blocked.__class__ is frozenset else _stop_tags.__wrapped__(blocked)
        is_blocked = None
    found: list[Slot] = []
    append = found.append

    def walk(el) -> None:
        if el.tag in stop_tags or (is_blocked is not None and is_blocked(el)):
            return   # nothing inside a blocked element is offered
        if el.text:
            append(Slot(el, False))
        for child in el:
            if child.tag.__class__ is str:   # not a comment or processing instruction
                walk(child)
            if child.tail:
                append(Slot(child, True))

    walk(container)
    return found


@lru_cache(maxsize=64)
def _stop_tags(blocked: frozenset[str]) -> frozenset[str]:
    """The tags ``slots`` does not look inside: whole tags are compared, a TEI name in its namespace and any
    other name as ``local`` gives it (each pass's set is worked out once)."""
    return _ALWAYS_BLOCKED_TAGS | {T + name for name in blocked} | set(blocked)


def wrap(slot: Slot, spans: list[tuple[int, int, object]]) -> None:
    """Wrap the ``(start, end, element)`` spans of one text node; the spans must not overlap.

    Each element receives the spanned text (appended after any content it already has).
    """
    if not spans:
        return
    text = slot.value
    spans = sorted(spans, key=lambda s: s[0])
    pieces = []
    position = 0
    for start, end, element in spans:
        if start < position:
            raise ValueError("overlapping spans")
        pieces.append((text[position:start], element, text[start:end]))
        position = end
    rest = text[position:]
    if slot.tail:
        owner = slot.owner
        parent = owner.getparent()
        owner.tail = pieces[0][0] or None
        index = parent.index(owner) + 1
    else:
        parent = slot.owner
        parent.text = pieces[0][0] or None
        index = 0
    for number, (_, element, inner) in enumerate(pieces):
        _append_text(element, inner)
        following = pieces[number + 1][0] if number + 1 < len(pieces) else rest
        element.tail = following or None
        parent.insert(index, element)
        index += 1


def _append_text(element, text: str) -> None:
    if not text:
        return
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def make(name: str, attrib: dict | None = None, text: str | None = None):
    el = etree.Element(tei(name))
    for key, value in (attrib or {}).items():
        if key.startswith("xml:"):
            key = "{http://www.w3.org/XML/1998/namespace}" + key[4:]
        el.set(key, value)
    if text:
        el.text = text
    return el


# ---------------------------------------------------------------------- reading view for anchors

class Piece(NamedTuple):
    """A stretch of the reading view: real text of a slot, or a bracket the converter removed."""

    start: int          # offset in the reading view
    text: str
    slot: Slot | None   # None for a virtual bracket
    element: object = None   # for a virtual bracket: the element it opens or closes
    closing: bool = False


_OPEN = {"supplied": "[", "stage": "(", "note": "["}
_CLOSE = {"supplied": "]", "stage": ")", "note": "]"}


def _brackets(el) -> tuple[str, str] | None:
    name = local(el)
    if name == "note":
        return ("[", "]") if el.get("type") == "gloss" else None
    if name in ("supplied", "stage"):
        return _OPEN[name], _CLOSE[name]
    return None


class ReadingView:
    """The text of a container as it reads in the source, with a map back to the text nodes."""

    def __init__(self, container, skip: Callable[[object], bool] | None = None) -> None:
        self.container = container
        self.pieces: list[Piece] = []
        self._length = 0
        self._skip = skip or (lambda el: False)
        self._walk(container, top=True)
        self.text = "".join(p.text for p in self.pieces)

    def _add(self, text: str, slot: Slot | None, element=None, closing=False) -> None:
        if text:
            self.pieces.append(Piece(self._length, text, slot, element, closing))
            self._length += len(text)

    def _walk(self, el, top=False) -> None:
        brackets = None if top else _brackets(el)
        if brackets:
            self._add(brackets[0], None, el, False)
        if el.text:
            self._add(el.text, Slot(el, False))
        for child in el:
            if isinstance(child.tag, str) and not self._skip(child) and not _editorial_only(child):
                self._walk(child)
            if child.tail:
                self._add(child.tail, Slot(child, True))
        if brackets:
            self._add(brackets[1], None, el, True)

    def piece_at(self, offset: int) -> Piece | None:
        for piece in self.pieces:
            if piece.start <= offset < piece.start + len(piece.text):
                return piece
        return None

    def find(self, phrase: str) -> list[int]:
        """Offsets where ``phrase`` occurs as whole words (spaces in the phrase match any white space)."""
        return [m.start() for m in phrase_pattern(phrase).finditer(self.text)]

    def span(self, phrase: str, start: int) -> tuple[int, int]:
        match = phrase_pattern(phrase).match(self.text, start)
        return match.start(), match.end()

    def single_slot(self, start: int, end: int) -> tuple[Slot, int, int] | None:
        """The text node holding the whole of ``[start, end)``, with offsets in it; None if it crosses markup."""
        first = self.piece_at(start)
        if first is None or first.slot is None:
            return None
        if end > first.start + len(first.text):
            return None
        return first.slot, start - first.start, end - first.start

    def insertion_point(self, end: int) -> tuple[str, object, int]:
        """Where to insert an element right after the character before ``end``.

        Returns ``("slot", Slot, offset)`` or ``("after", element, 0)`` (after an element, before its tail).
        When the phrase ends where an element's content ends, the point moves out of that element, so that
        a note never lands inside a name, a supplied word or a stage direction.
        """
        piece = self.piece_at(end - 1)
        if piece is None:
            raise ValueError("offset out of range")
        if piece.slot is None:
            if piece.closing:
                return ("after", piece.element, 0)
            return ("slot", Slot(piece.element, False), 0)
        slot, offset = piece.slot, end - piece.start
        if offset < len(slot.value):
            return ("slot", slot, offset)
        parent = slot.parent
        ends_parent = (not slot.tail and len(parent) == 0) or (slot.tail and slot.owner is parent[-1])
        if parent is self.container or not ends_parent:
            return ("slot", slot, offset)
        # climb out of every element whose content ends here
        element = parent
        while True:
            up = element.getparent()
            if up is None or up is self.container or element.tail or element is not up[-1]:
                return ("after", element, 0)
            element = up


def _editorial_only(el) -> bool:
    """Text the source does not have: the editor's readings and notes."""
    name = local(el)
    return name in ("corr", "reg", "expan") or (name == "note" and el.get("type") != "gloss")


def matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """The matches of ``pattern`` in ``text``, exactly as ``finditer`` gives them, when every match begins
    at one of ``starts`` (in order): the pattern is tried there only."""
    end = 0
    for start in starts:
        if start < end:
            continue
        match = pattern.match(text, start)
        if match:
            yield match
            end = match.end()


def phrase_pattern(phrase: str) -> re.Pattern:
    r"""``phrase`` as whole words: spaces match any white space; no word character right before or after.

    The check before the phrase is written *after* its first word (``word(?<!\wword)``, the same test
    as ``(?<!\w)word``), so that the pattern starts with a literal and the regex engine can skip
    through long texts to where that word occurs.
    """
    parts = [re.escape(part) for part in phrase.split()]
    if parts and phrase[:1].isalnum():
        parts[0] += r"(?<!\w" + parts[0] + ")"
    body = r"\s+".join(parts)
    tail = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(body + tail)


def insert_at(point: tuple[str, object, int], element) -> None:
    """Insert ``element`` at a point returned by ``ReadingView.insertion_point``."""
    kind, target, offset = point
    if kind == "after":
        parent = target.getparent()
        element.tail = target.tail
        target.tail = None
        parent.insert(parent.index(target) + 1, element)
        return
    slot: Slot = target
    text = slot.value
    before, after = text[:offset], text[offset:]
    element.tail = after or None
    if slot.tail:
        slot.owner.tail = before or None
        parent = slot.owner.getparent()
        parent.insert(parent.index(slot.owner) + 1, element)
    else:
        slot.owner.text = before or None
        slot.owner.insert(0, element)
