"""Columns → the apparatus in parallel segmentation, built into the base witness's TEI.

Each place where the witnesses differ (after normalisation) becomes an ``app``: the base text's words,
with their markup, in ``lem`` (``@wit``: the base and every witness that agrees), the other readings in
``rdg`` (``@wit``; ``type="omission"`` when empty, ``"addition"`` when the lemma is empty). An ``app`` never
cuts an element in two: where a variant begins or ends inside a name, a quotation or a ``choice``, it
is widened to take the whole element. A turn one witness lacks is wrapped whole in ``lem``; a turn only
some witnesses have is an ``app`` with an empty ``lem`` and the turn in ``rdg``. A turn whose speaker
differs carries an ``app`` inside ``speaker``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .normalise import PUNCTUATION
from .tokens import _T, Block, Token
from .words import Column

ATOMIC = {_T + "choice"}


@dataclass(eq=False)
class Variant:
    """Consecutive columns of one base paragraph where the witnesses differ."""

    block: Block                        # the base block
    columns: list[Column]
    start: int                          # base token range [start, stop); start == stop: an addition
    stop: int
    lemma: str = ""                     # the witness whose reading is the lemma ('' : the base)
    before: etree._Element | None = field(default=None, repr=False)   # widened: starts before this child
    after: etree._Element | None = field(default=None, repr=False)    # widened: ends after this child
    at_end: bool = False                # an addition at a paragraph's end rather than the next one's start
    rejected_after: "Variant | None" = field(default=None, repr=False)   # split off it by a reject decision

    def reading(self, siglum: str) -> list[Token]:
        return [t for c in self.columns for t in c.readings.get(siglum, [])]


def reading_key(tokens: list[Token]) -> tuple[str, ...]:
    return tuple(t.n for t in tokens if t.n != PUNCTUATION)


def reading_text(tokens: list[Token]) -> str:
    return "".join(t.t for t in tokens).strip()


def find_variants(block: Block, columns: list[Column], sigla: list[str]) -> list[Variant]:
    """Runs of columns where the readings differ, split at the base text's paragraph boundaries."""
    base = sigla[0]
    index = {id(t): k for k, t in enumerate(block.tokens)}
    variants: list[Variant] = []
    run: list[Column] = []

    def significant(column: Column) -> bool:
        return len({reading_key(column.readings.get(s, [])) for s in sigla}) > 1

    def close(next_base: int) -> None:
        if not run:
            return
        pieces: list[list[Column]] = [[]]
        unit = None
        for column in run:
            tokens = column.readings.get(base, [])
            if tokens and unit is not None and tokens[0].unit is not unit and pieces[-1]:
                pieces.append([])
            if tokens:
                unit = tokens[0].unit
            pieces[-1].append(column)
        for piece in pieces:
            positions = [index[id(t)] for c in piece for t in c.readings.get(base, [])]
            if positions:
                variants.append(Variant(block, piece, min(positions), max(positions) + 1))
            else:
                variant = Variant(block, piece, next_base, next_base)
                variant.at_end = _continues_paragraph(block, piece, columns, next_base)
                variants.append(variant)
        run.clear()

    # the index of the next base token at or after each column (where an addition goes)
    following = [len(block.tokens)] * (len(columns) + 1)
    for k in range(len(columns) - 1, -1, -1):
        tokens = columns[k].readings.get(base, [])
        following[k] = index[id(tokens[0])] if tokens else following[k + 1]
    pending: list[Column] = []     # punctuation-only columns: inside a variant only between variation
    for k, column in enumerate(columns):
        if significant(column):
            run.extend(pending)
            pending.clear()
            run.append(column)
        elif run and all(t.n == PUNCTUATION for r in column.readings.values() for t in r):
            pending.append(column)
        else:
            close(following[k - len(pending)] if pending else following[k])
            pending.clear()
    close(following[len(columns) - len(pending)] if pending else len(block.tokens))
    return variants


def _continues_paragraph(block: Block, piece: list[Column], columns: list[Column], index: int) -> bool:
    """Does an addition at a paragraph boundary of the base continue the witness's previous paragraph?"""
    tokens = block.tokens
    if index == 0:
        return False
    if index < len(tokens) and tokens[index].unit is tokens[index - 1].unit:
        return False
    start = columns.index(piece[0])
    for siglum, reading in piece[0].readings.items():
        if not reading:
            continue
        for column in reversed(columns[:start]):
            before = column.readings.get(siglum)
            if before:
                return before[-1].unit is reading[0].unit
    return index == len(tokens)


# ---------------------------------------------------------------- widening to whole elements

def _path(token: Token) -> list[etree._Element]:
    """Elements from the token's paragraph down to the one whose text holds it; cut after a choice."""
    container = token.holder.getparent() if token.in_tail else token.holder
    path = [container]
    while path[-1] is not token.unit and path[-1].getparent() is not None:
        path.append(path[-1].getparent())
    path.reverse()
    for k, element in enumerate(path):
        if element.tag in ATOMIC:
            return path[:k + 1]
    return path


def widen(variants: list[Variant], columns: list[Column], base: str) -> list[Variant]:
    """Widen every variant of a block to whole elements, merge variants that overlap, until stable."""
    while True:
        before = [(v.start, v.stop) for v in variants]
        variants = _widen_once(variants, columns, base)
        if [(v.start, v.stop) for v in variants] == before:
            return variants


def _widen_once(variants: list[Variant], columns: list[Column], base: str) -> list[Variant]:
    for variant in variants:
        if variant.start == variant.stop:
            continue
        tokens = variant.block.tokens
        while True:
            first, last = _path(tokens[variant.start]), _path(tokens[variant.stop - 1])
            depth = 0
            while depth < min(len(first), len(last)) and first[depth] is last[depth]:
                depth += 1
            if first[depth - 1].tag in ATOMIC:
                depth -= 1
            changed = False
            variant.before = first[depth] if len(first) > depth else None
            variant.after = last[depth] if len(last) > depth else None
            if variant.before is not None:
                while variant.start > 0 and variant.before in _path(tokens[variant.start - 1]):
                    variant.start -= 1
                    changed = True
            if variant.after is not None:
                while variant.stop < len(tokens) and variant.after in _path(tokens[variant.stop]):
                    variant.stop += 1
                    changed = True
            if not changed:
                break
    return _merge(variants, columns, base)


def _merge(variants: list[Variant], columns: list[Column], base: str) -> list[Variant]:
    """Variants whose base ranges now overlap become one; each takes the columns of the base tokens
    the widening took in."""
    merged: list[Variant] = []
    for variant in variants:
        if merged and variant.start < merged[-1].stop and variant.stop > variant.start:
            previous = merged.pop()
            union = Variant(variant.block, previous.columns + variant.columns, previous.start,
                            max(previous.stop, variant.stop))
            union.before = previous.before
            union.after = variant.after if variant.stop >= previous.stop else previous.after
            variant = union
        merged.append(variant)
    for variant in merged:
        wanted = {id(t) for t in variant.block.tokens[variant.start:variant.stop]}
        own = {id(c) for c in variant.columns}
        marks = [k for k, c in enumerate(columns)
                 if id(c) in own or any(id(t) in wanted for t in c.readings.get(base, []))]
        variant.columns = columns[marks[0]:marks[-1] + 1]
    return merged


# ---------------------------------------------------------------- cutting the tree

def _get(parent: etree._Element, k: int) -> str:
    return (parent.text if k < 0 else parent[k].tail) or ""


def _set(parent: etree._Element, k: int, value: str | None) -> None:
    if k < 0:
        parent.text = value or None
    else:
        parent[k].tail = value or None


def _point_of(token: Token, end: bool) -> tuple[etree._Element, int, int]:
    if token.in_tail:
        parent = token.holder.getparent()
        return parent, parent.index(token.holder), token.end if end else token.start
    return token.holder, -1, token.end if end else token.start


def wrap(parent: etree._Element, start: tuple[int, int], stop: tuple[int, int], app: etree._Element,
         lem: etree._Element) -> None:
    """Move parent's content from ``start`` to ``stop`` ((child index or -1 for .text, offset)) into
    ``lem`` and put ``app`` in its place."""
    (ks, os_), (ke, oe) = start, stop
    first = _get(parent, ks)
    if ks == ke:
        lem.text = first[os_:oe] or None
        app.tail = first[oe:] or None
        _set(parent, ks, first[:os_])
        parent.insert(ks + 1, app)
        return
    lem.text = first[os_:] or None
    moved = [parent[k] for k in range(ks + 1, ke + 1)]
    last_tail = moved[-1].tail or ""
    _set(parent, ks, first[:os_])
    for child in moved:
        lem.append(child)
    moved[-1].tail = last_tail[:oe] or None
    app.tail = last_tail[oe:] or None
    parent.insert(ks + 1, app)


def insert_at(parent: etree._Element, point: tuple[int, int], app: etree._Element) -> None:
    k, offset = point
    text = _get(parent, k)
    _set(parent, k, text[:offset])
    app.tail = text[offset:] or None
    parent.insert(k + 1, app)


def place_variant(variant: Variant) -> tuple[etree._Element, etree._Element]:
    """Cut the base text around the variant: returns (app, lem), lem holding the base's words."""
    app, lem = etree.Element(_T + "app"), etree.Element(_T + "lem")
    app.append(lem)
    tokens = variant.block.tokens
    if variant.start == variant.stop:
        parent, k, offset = _insertion_point(tokens, variant.start, variant.at_end)
        insert_at(parent, (k, offset), app)
        return app, lem
    if variant.before is not None:
        parent = variant.before.getparent()
        k = parent.index(variant.before) - 1
        start = (k, len(_get(parent, k)))
    else:
        parent, k, offset = _point_of(tokens[variant.start], False)
        start = (k, offset)
    if variant.after is not None:
        stop = (parent.index(variant.after), 0)
    else:
        _, k, offset = _point_of(tokens[variant.stop - 1], True)
        stop = (k, offset)
    wrap(parent, start, stop, app, lem)
    return app, lem


def _insertion_point(tokens: list[Token], index: int, at_end: bool = False) -> tuple[etree._Element, int, int]:
    """Where an addition goes: before base token ``index`` (outside elements it opens), else after
    the last token of the block."""
    if index < len(tokens) and not at_end:
        token = tokens[index]
        parent, k, offset = _point_of(token, False)
        element = parent if k < 0 else None
        while element is not None and element is not token.unit and not (element.text or "")[:offset].strip():
            above = element.getparent()
            k = above.index(element) - 1
            parent, offset = above, len(_get(above, k))
            element = above if k < 0 else None
        for ancestor in _path(token):
            if ancestor.tag in ATOMIC:
                above = ancestor.getparent()
                k = above.index(ancestor) - 1
                return above, k, len(_get(above, k))
        return parent, k, offset
    token = tokens[index - 1]
    parent, k, offset = _point_of(token, True)
    for ancestor in _path(token):
        if ancestor.tag in ATOMIC:
            above = ancestor.getparent()
            return above, above.index(ancestor), 0
    text = _get(parent, k)
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return parent, k, offset
