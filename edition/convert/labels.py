"""Speaker labels: recognising ``Label:`` at the start of a paragraph and resolving it to a participant.

Labels in records of conversation take many forms: ``Mao Zedong:``, ``Cde. Mao Zedong:``,
``MAO ZEDONG:``, ``N. S. Khrushchev:``, ``The President:``, ``Mr. Gomułka:``, ``K:``, ``SECRETARY:``,
``Premier Zhou:``, ``Khrushchev (after the translation ended):``, ``Mao Zedong continues:``.
Recognition looks only at the shape of the label; resolution matches it against the participants that
the metadata, the register or other labels make known, and says which rule decided.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .paragraphs import TIMECODE

#: Forms of address that are not part of a name.
HONORIFICS = {
    "cde", "comrade", "tov", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "madame",
    "mme", "monsieur", "herr", "frau", "signor", "senor", "señor", "gospodin", "pan", "pani",
}
#: Offices that stand before a name ("Premier Zhou") but are an identity on their own ("The President").
TITLES = {
    "premier", "chairman", "president", "secretary", "minister", "ambassador", "general", "marshal",
    "senator", "governor", "admiral", "colonel", "prime", "vice", "deputy", "foreign", "the", "chancellor",
    "pres", "secy", "gen", "amb", "adm", "col", "v", "to", "prince", "king", "comrades",
}
CONTINUES = re.compile(r"\s+(?:continues|continued|continuing|resumes|resumed)$", re.I)
_SMALL = {"of", "the", "de", "da", "van", "von", "der", "la", "le", "du", "al", "el", "bin", "ibn", "y"}
_LABEL = re.compile(
    r"^(?P<name>[^\s:()\[\]][^:()\[\]\n]{0,70}?)"
    r"(?P<stage>\s*\((?P<stage_text>[^()\n]{1,120})\))?"
    r"(?P<sep>:(?!\d)[ \t\u00a0]*)"
)


#: Hearing style: "The CHAIRMAN.", "Senator FULBRIGHT.", "Mr. DULLES." — a surname in capitals and a period.
HEARING_TITLES = ("The", "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Senator", "Representative", "Chairman",
                  "Secretary", "General", "Ambassador", "Judge", "Justice", "Governor", "Admiral", "Colonel")
_HEARING_LABEL = re.compile(
    r"^(?P<name>(?P<title>(?:" + "|".join(re.escape(t) for t in HEARING_TITLES) + r")\s+)?"
    r"[A-Z][A-Z’'-]{2,}(?:\s+[A-Z][A-Z’'-]{2,})?)(?P<sep>\.[ \t\u00a0]+)(?=\S)")


#: "[00:12:45] " before a label: the turn's position in the recording.
_TIMECODE_PREFIX = re.compile(rf"^(?P<code>[\[(]{TIMECODE.pattern}[\])])[ \t\u00a0]*")


@dataclass(frozen=True)
class LabelMatch:
    """A label recognised at the start of a paragraph."""

    name: str            # as written, without stage and colon: "Cde. Mao Zedong"
    stage: str | None    # "after the translation ended"
    stage_offset: int    # offset of the stage text in the paragraph
    separator: str       # ":  "
    rest_offset: int     # where the speech starts in the paragraph
    continuation: bool   # "Mao Zedong continues:"
    period: bool = False  # hearing style, "The CHAIRMAN." (the period belongs to the label)
    titled: bool = False  # with a title before the name ("Senator FULBRIGHT.")
    timecode: str | None = None   # "[00:12:45]" written before the label, brackets included


def match_label(text: str) -> LabelMatch | None:
    """Recognise a speaker label at the start of ``text`` by its shape; None if it is not one.

    A hearing-style label without a title ("FULBRIGHT. Yes.") is only a candidate: the classifier
    accepts it when the same label opens more than one paragraph.
    """
    first_line = text.split("\n", 1)[0]
    timecode = _TIMECODE_PREFIX.match(first_line)
    if timecode:
        found = match_label(text[timecode.end():])
        if found is None:
            return None
        shift = timecode.end()
        return replace(found, stage_offset=found.stage_offset + shift if found.stage_offset >= 0 else -1,
                       rest_offset=found.rest_offset + shift, timecode=timecode.group("code"))
    match = _LABEL.match(first_line)
    if not match:
        hearing = _HEARING_LABEL.match(first_line)
        if hearing is None:
            return None
        return LabelMatch(hearing.group("name"), None, -1, hearing.group("sep"), hearing.end(), False,
                          period=True, titled=bool(hearing.group("title")))
    name = match.group("name").rstrip()
    continuation = bool(CONTINUES.search(name))
    core = CONTINUES.sub("", name) if continuation else name
    if not looks_like_name(core):
        return None
    stage = match.group("stage_text")
    return LabelMatch(
        name=name,
        stage=stage,
        stage_offset=match.start("stage_text") if stage else -1,
        separator=match.group("sep"),
        rest_offset=match.end(),
        continuation=continuation,
    )


def looks_like_name(label: str) -> bool:
    """Short, capitalised words, initials or honorifics: the shape of a speaker's name."""
    if len(label) > 60 or re.search(r"[,;!?\"“”]", label):
        return False
    words = label.split()
    if not words or len(words) > 6:
        return False
    for word in words:
        bare = word.strip(".")
        if not bare:
            return False
        if bare.lower() in _SMALL and word is not words[0]:
            continue
        if not (bare[0].isupper() or bare[0].isdigit()):
            return False
    return True


def normalise_name(label: str) -> str:
    """Case-folded words without honorifics and punctuation: "Cde. Mao Zedong" → "mao zedong"."""
    text = unicodedata.normalize("NFC", label).casefold()
    words = [w for w in re.split(r"[\s.]+", text) if w]
    words = [w for w in words if w not in HONORIFICS]
    without_titles = [w for w in words if w not in TITLES]
    return " ".join(without_titles or words)


def display_name(label: str) -> str:
    """A participant's name from a label: honorifics dropped, SHOUTING turned to Title Case
    ("MAO ZEDONG" → "Mao Zedong", "Secretary DULLES" → "Secretary Dulles")."""
    words = [w for w in label.rstrip(".").split() if w.strip(".").casefold() not in HONORIFICS] or label.split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 2 and "." not in w else w for w in words)


def slugify(text: str) -> str:
    """An ``xml:id``-safe identifier: "Mao Zedong" → "mao-zedong", "Gomułka" → "gomulka"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "person"
    return slug if slug[0].isalpha() else f"p-{slug}"


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Edit distance counting an exchange of two neighbouring letters as one edit (optimal string
    alignment): "Efremeov" ~ "Efremov" is 1. Stops early: any distance above ``limit`` is ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def is_slip(written: str, known: str) -> bool:
    """A label that differs from a known name by a typing slip: same initial, one edit (two for names of
    nine letters or more). Short names are never slips of each other: Zhou and Zhu are two people."""
    if written == known or len(known) < 6 or written[0] != known[0]:
        return False
    limit = 1 if len(known) < 9 else 2
    return edit_distance(written, known, limit) <= limit
