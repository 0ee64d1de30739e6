"""Align the blocks (turns, paragraphs) of each witness with the base witness's.

Two blocks can correspond when they are of one kind (a turn with a turn, a paragraph with a paragraph);
how well is the share of words they have in common. The alignment with the highest total (a
Needleman–Wunsch over blocks; a block of one witness with no counterpart is an omission or an
addition) pairs them. The words inside corresponding blocks are then aligned by CollateX.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .normalise import PUNCTUATION
from .tokens import Block

#: two blocks with fewer words in common than this share are not the same turn
MIN_SIMILARITY = 0.3


@dataclass
class BlockAlignment:
    """For each base block, the corresponding block of every other witness (or None: omitted);
    ``added[i]`` are the blocks of witnesses with no base counterpart, after base block ``i``
    (``-1``: before the first)."""

    rows: list[dict[str, Block | None]]
    added: dict[int, list[tuple[str, Block]]] = field(default_factory=dict)


def similarity(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    return 2 * sum((a & b).values()) / total


def _bag(block: Block) -> Counter:
    return Counter(f for f in block.forms if f != PUNCTUATION)


def align_pair(base: list[Block], other: list[Block]) -> list[tuple[int | None, int | None]]:
    """Pairs (base index, other index); None on one side is an omission or an addition."""
    bags_a, bags_b = [_bag(b) for b in base], [_bag(b) for b in other]
    n, m = len(base), len(other)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]   # 0 diagonal, 1 up (base alone), 2 left (other alone)
    for i in range(1, n + 1):
        move[i][0] = 1
    for j in range(1, m + 1):
        move[0][j] = 2
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best, how = score[i - 1][j], 1
            if score[i][j - 1] > best:
                best, how = score[i][j - 1], 2
            a, b = base[i - 1], other[j - 1]
            if a.kind == b.kind:
                sim = similarity(bags_a[i - 1], bags_b[j - 1])
                if sim >= MIN_SIMILARITY:
                    sim += 0.01 if a.who == b.who else 0.0
                    if score[i - 1][j - 1] + sim >= best:
                        best, how = score[i - 1][j - 1] + sim, 0
            score[i][j], move[i][j] = best, how
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        how = move[i][j]
        if how == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif how == 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    pairs.reverse()
    return pairs


def align_blocks(witnesses: dict[str, list[Block]], base: str) -> BlockAlignment:
    """Every witness's blocks against the base witness's, in the order of the witnesses."""
    base_blocks = witnesses[base]
    rows: list[dict[str, Block | None]] = [{base: block} for block in base_blocks]
    added: dict[int, list[tuple[str, Block]]] = {}
    for siglum, blocks in witnesses.items():
        if siglum == base:
            continue
        last = -1
        for i, j in align_pair(base_blocks, blocks):
            if i is not None:
                rows[i][siglum] = blocks[j] if j is not None else None
                last = i
            else:
                added.setdefault(last, []).append((siglum, blocks[j]))
    return BlockAlignment(rows, added)
