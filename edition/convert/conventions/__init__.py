"""The conventions a transcript may follow, each a small named unit with a place in a declared order.

Like docutils' transforms, every unit has a ``name`` (the rule the conversion report prints) and a
``priority``: units of one family run lowest priority first, and the first that applies decides. Adding
a convention is adding one unit to its family's list.

Families: ``layout`` (how the text is cut into paragraphs: blank lines, line-numbered pages, one turn per
line), ``shapes`` (what a speaker label looks like), ``headers`` (the fields of a record's header and
front matter), ``brackets`` (what a bracket or parenthesis is for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, TypeVar


@dataclass(frozen=True)
class Unit:
    """One convention: its name in the report and its place in its family's order."""

    name: str
    priority: int


U = TypeVar("U", bound=Unit)


def in_order(units: Iterable[U]) -> tuple[U, ...]:
    """Units lowest priority first; two units may not share a name or a priority."""
    ordered = tuple(sorted(units, key=lambda u: u.priority))
    names = [u.name for u in ordered]
    priorities = [u.priority for u in ordered]
    if len(set(names)) != len(names) or len(set(priorities)) != len(priorities):
        raise ValueError(f"conventions must have distinct names and priorities: {names}")
    return ordered
