"""Align the words of corresponding blocks with CollateX; the result is a list of columns.

A column holds, for every witness, the tokens it reads there (none: it omits them). CollateX
(``collatex.collate``, its edit-graph aligner on the normalised forms) aligns the tokens. Its aligner
grows with the product of the witnesses' lengths, so runs of at least ``anchor_length`` tokens that
every witness reads identically (normalised) are found first with ``difflib`` and passed through as
agreement; CollateX aligns every stretch between them, which is where the witnesses differ.
``anchor_length = 0`` gives CollateX whole blocks.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .tokens import Token

#: the default length of the identical runs passed through without CollateX
ANCHOR_LENGTH = 6


@dataclass(eq=False)
class Column:
    """What each witness reads at one place: its tokens (an empty list: nothing)."""

    readings: dict[str, list[Token]]


def align_tokens(streams: dict[str, list[Token]], base: str, anchor_length: int = ANCHOR_LENGTH) -> list[Column]:
    """Columns for the token streams of corresponding blocks (``base`` first in the result's order)."""
    sigla = [base] + [s for s in streams if s != base]
    if anchor_length <= 0 or len(sigla) < 2:
        return _collatex(streams, sigla)
    anchors = _anchors(streams, sigla, anchor_length)
    columns: list[Column] = []
    position = {s: 0 for s in sigla}
    for anchor in anchors + [None]:
        stop = anchor or {s: len(streams[s]) for s in sigla}
        gap = {s: streams[s][position[s]:stop[s]] for s in sigla}
        columns.extend(_collatex(gap, sigla))
        if anchor is None:
            break
        length = anchor["length"]
        for k in range(length):
            columns.append(Column({s: [streams[s][anchor[s] + k]] for s in sigla}))
        position = {s: anchor[s] + length for s in sigla}
    return columns


def _anchors(streams: dict[str, list[Token]], sigla: list[str], length: int) -> list[dict]:
    """Runs of base tokens that every other witness reads identically, in one order for all."""
    base = sigla[0]
    base_forms = [t.n for t in streams[base]]
    # for every base position: the matching position in each witness (only inside long identical runs)
    maps = []
    for siglum in sigla[1:]:
        matcher = difflib.SequenceMatcher(None, base_forms, [t.n for t in streams[siglum]], autojunk=False)
        mapping = {}
        for block in matcher.get_matching_blocks():
            if block.size >= length:
                for k in range(block.size):
                    mapping[block.a + k] = block.b + k
        maps.append(mapping)
    anchors: list[dict] = []
    i = 0
    while i < len(base_forms):
        if all(i in m for m in maps):
            start = i
            while i + 1 < len(base_forms) and all(i + 1 in m and m[i + 1] == m[i] + 1 for m in maps):
                i += 1
            if i - start + 1 >= length:
                anchor = {base: start, "length": i - start + 1}
                for siglum, m in zip(sigla[1:], maps):
                    anchor[siglum] = m[start]
                anchors.append(anchor)
        i += 1
    return anchors


def _collatex(streams: dict[str, list[Token]], sigla: list[str]) -> list[Column]:
    present = [s for s in sigla if streams[s]]
    if not present:
        return []
    if len(present) == 1:
        only = present[0]
        return [Column({s: ([t] if s == only else []) for s in sigla}) for t in streams[only]]
    from collatex import Collation, collate

    collation = Collation()
    for siglum in present:
        collation.add_witness({"id": siglum, "tokens": [{"t": t.t, "n": t.n, "i": k}
                                                       for k, t in enumerate(streams[siglum])]})
    table = collate(collation, output="table", segmentation=False, near_match=False)
    columns = []
    for column in table.columns:
        readings = {s: [] for s in sigla}
        for siglum, cell in column.tokens_per_witness.items():
            cells = cell if isinstance(cell, list) else [cell]
            readings[siglum] = [streams[siglum][c.token_data["i"]] for c in cells]
        columns.append(Column(readings))
    return columns
