"""Normalisation rules of a collation, from the editorial file's ``[collation]`` table.

Witnesses are compared by a normalised form of each token, so that differences the editors declare
insignificant (case, punctuation, pairs of spelling variants) are not variants::

    [collation]
    ignore_case = true              # Socialism = socialism (default true)
    ignore_punctuation = true       # a comma more or less is no variant (default true)
    spelling = [["Jiang Jieshi", "Chiang Kai-shek"], ["colour", "color"]]   # each group: one word
    speakers = [["Interviewer", "Q"], ["Anna Petrova", "A"]]   # speaker labels of one speaker

Each spelling group counts as one form; a form of several words is compared word by word, so give
single words (``["Jieshi", "Kai-shek"]``) for names written differently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import ConfigError

#: the normalised form of a token that is only punctuation when punctuation is ignored
PUNCTUATION = "\u2063"

_WORD_CHARS = re.compile(r"[\w]", re.UNICODE)


@dataclass(frozen=True)
class Normaliser:
    """How a token's text becomes the form witnesses are compared by."""

    ignore_case: bool = True
    ignore_punctuation: bool = True
    spelling: dict[str, str] = field(default_factory=dict)   # form → the group's first form
    speakers: dict[str, str] = field(default_factory=dict)   # folded label → the group's first label

    def speaker(self, label: str) -> str | None:
        """The speaker a label names when the rules list it (labels of one speaker in two conventions)."""
        return self.speakers.get(" ".join(label.split()).casefold())

    def __call__(self, text: str) -> str:
        form = unicodedata.normalize("NFC", text.strip())
        form = form.replace("’", "'")
        if self.ignore_punctuation:
            if not _WORD_CHARS.search(form):
                return PUNCTUATION
        if self.ignore_case:
            form = form.casefold()
        return self.spelling.get(form, form)


def load_normaliser(editorial: dict, path: str | None = None) -> Normaliser:
    """The ``[collation]`` rules of an editorial file (its parsed TOML)."""
    table = editorial.get("collation", {})
    if not isinstance(table, dict):
        raise ConfigError("[collation] must be a table", path=path)
    problems = []
    flags = {}
    for key in ("ignore_case", "ignore_punctuation"):
        value = table.get(key, True)
        if not isinstance(value, bool):
            problems.append(f"collation.{key} must be true or false")
        flags[key] = bool(value)
    spelling: dict[str, str] = {}
    groups = table.get("spelling", [])
    if not isinstance(groups, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(f, str) and f.strip() for f in g) for g in groups):
        problems.append("collation.spelling must be a list of groups of two or more forms, "
                        'e.g. [["colour", "color"]]')
        groups = []
    speakers: dict[str, str] = {}
    label_groups = table.get("speakers", [])
    if not isinstance(label_groups, list) or not all(
            isinstance(g, list) and len(g) >= 2 and all(isinstance(f, str) and f.strip() for f in g) for g in label_groups):
        problems.append('collation.speakers must be a list of groups of labels, e.g. [["Interviewer", "Q"]]')
        label_groups = []
    for group in label_groups:
        for label in group:
            speakers[" ".join(label.split()).casefold()] = " ".join(group[0].split()).casefold()
    if problems:
        raise ConfigError("; ".join(problems), path=path)
    plain = Normaliser(flags["ignore_case"], flags["ignore_punctuation"])
    for group in groups:
        forms = [plain(f) for f in group]
        for form in forms:
            spelling[form] = forms[0]
    return Normaliser(flags["ignore_case"], flags["ignore_punctuation"], spelling, speakers)
