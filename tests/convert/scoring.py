"""Scoring a conversion against a hand-checked turn list.

A turn list (``turns/<source stem>.tsv``) gives each speaker turn of a real transcript as its speaker
(one name per person, whatever label the text uses) and its first words. A turn is right when its first
words are in an ``sp`` whose ``@who`` is the participant of that speaker; each speaker's participant is
the one most of its turns went to, and no two speakers may share one (two people merged into one
participant get only the larger one's turns right).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from edition import TEI_NS

TURNS = Path(__file__).parent / "turns"
_WORD = re.compile(r"\w+")
T = f"{{{TEI_NS}}}"


def tokens(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def load_turns(stem: str) -> list[tuple[str, str]]:
    rows = []
    for line in (TURNS / f"{stem}.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            speaker, words = line.split("\t")
            rows.append((speaker, words))
    return rows


def _sp_tokens(sp) -> list[str]:
    """The words of a turn: its speech without the label; a note of the source or a timecode counts as
    its marker."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.tag in (T + "note", T + "milestone") and node.get("n"):
            if node.getparent() is not sp:   # a timecode before the label is not the speech
                parts.append(node.get("n"))   # a note of the source, a timecode: its marker
        elif node.tag != T + "speaker":
            parts.append(node.text or "")
            for child in node:
                walk(child)
        if node is not sp:
            parts.append(node.tail or "")

    walk(sp)
    return tokens(" ".join(parts))


def _find(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    first = needle[0]
    return any(haystack[i:i + n] == needle for i, w in enumerate(haystack) if w == first)


@dataclass
class Score:
    right: int
    total: int
    wrong: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0


def score(root, turns: list[tuple[str, str]]) -> Score:
    sps = [(sp.get("who", "").lstrip("#"), _sp_tokens(sp)) for sp in root.iter(T + "sp")]
    found: list[str | None] = []
    cursor = 0
    for _, words in turns:
        needle = tokens(words)
        order = list(range(cursor, len(sps))) + list(range(0, cursor))
        # a later sp that begins with the words, else one that holds them (a turn merged into another)
        later = order[1:] + order[:1] if found else order
        hit = next((i for i in later if sps[i][1][:len(needle)] == needle), None)
        if hit is None:
            hit = next((i for i in order if _find(sps[i][1], needle)), None)
        if hit is not None:
            cursor = hit
        found.append(sps[hit][0] if hit is not None else None)
    # each speaker's participant: the one most of its turns went to, one speaker per participant
    votes = Counter((speaker, who) for (speaker, _), who in zip(turns, found) if who)
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for (speaker, who), _ in votes.most_common():
        if speaker not in chosen and who not in taken:
            chosen[speaker] = who
            taken.add(who)
    result = Score(0, len(turns))
    for (speaker, words), who in zip(turns, found):
        if who is not None and chosen.get(speaker) == who:
            result.right += 1
        else:
            result.wrong.append(f"{speaker}: {words!r} → {'#' + who if who else 'in no sp'}")
    return result
