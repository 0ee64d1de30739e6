"""The editors' decisions on a collation, from the editorial file; no witness is touched::

    [[collation.lemma]]           # this witness's reading is the lemma here, not the base text's
    witness = "B"
    reading = "communism"         # B's reading at the variant (compared normalised)
    base = "socialism"            # optional: the base text's reading there, to tell places apart
    occurrence = 1                # optional: the n-th such place (default: the only one)

    [[collation.reject]]          # this witness's reading is not a variant of the lemma here: it is
    witness = "B"                 # recorded as an omission and, after it, an addition
    reading = "the day after"
    base = "tomorrow evening"

A decision that matches no place, or several without ``occurrence``, is an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError
from .normalise import PUNCTUATION, Normaliser
from .tokens import _TOKEN


@dataclass(frozen=True)
class Decision:
    kind: str            # "lemma" | "reject"
    number: int
    witness: str
    reading: tuple[str, ...]
    base: tuple[str, ...] | None
    occurrence: int | None
    text: str

    def describe(self) -> str:
        return f"[[collation.{self.kind}]] #{self.number} (witness {self.witness}, reading {self.text!r})"


def _key(text: str, normalise: Normaliser) -> tuple[str, ...]:
    return tuple(f for f in (normalise(m.group()) for m in _TOKEN.finditer(text)) if f != PUNCTUATION)


def load_decisions(editorial: dict, normalise: Normaliser, sigla: list[str], path: str | None) -> list[Decision]:
    table = editorial.get("collation", {})
    decisions: list[Decision] = []
    problems: list[str] = []
    for kind in ("lemma", "reject"):
        entries = table.get(kind, []) if isinstance(table, dict) else []
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            problems.append(f"[[collation.{kind}]] must be an array of tables")
            continue
        for number, entry in enumerate(entries, 1):
            witness, reading = entry.get("witness"), entry.get("reading")
            base, occurrence = entry.get("base"), entry.get("occurrence")
            if witness not in sigla:
                problems.append(f"[[collation.{kind}]] #{number}: witness must be one of {', '.join(sigla)}")
                continue
            if not isinstance(reading, str) or (base is not None and not isinstance(base, str)) or (
                    occurrence is not None and (not isinstance(occurrence, int) or occurrence < 1)):
                problems.append(f"[[collation.{kind}]] #{number}: reading (text), optional base (text) and "
                                "occurrence (1, 2, …) expected")
                continue
            decisions.append(Decision(kind, number, witness, _key(reading, normalise),
                                      _key(base, normalise) if base is not None else None, occurrence, reading))
    if problems:
        raise ConfigError("; ".join(problems), path=path)
    return decisions
