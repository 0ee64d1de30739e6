"""Speaker labels: recognising ``Label:`` at the start of a paragraph and resolving it to a participant.

Labels in records of conversation take many forms: ``Mao Zedong:``, ``Cde. Mao Zedong:``,
``MAO ZEDONG:``, ``N. S. Khrushchev:``, ``The President:``, ``Mr. Gomułka:``, ``K:``, ``SECRETARY:``,
``Premier Zhou:``, ``Khrushchev (after the translation ended):``, ``Mao Zedong continues:``.
Recognition looks only at the shape of the label (the units of ``conventions/shapes.py``); resolution
matches it against the participants that the metadata, the register or other labels make known, and says
which rule decided.
"""

from __future__ import annotations

import html
import re
import unicodedata

from anyascii import anyascii

from .conventions.shapes import ARTICLES, CONTINUES, HEARING_TITLES, LabelMatch, looks_like_name, match_label  # noqa: F401

#: Forms of address that are not part of a name.
HONORIFICS = {
    "cde", "comrade", "tov", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "madame",
    "mme", "monsieur", "herr", "frau", "signor", "senor", "señor", "señora", "senora", "senyor", "senyora",
    "gospodin", "pan", "pani", "mevrouw", "heer", "mw", "dhr",
}
#: Offices that stand before a name ("Premier Zhou") but are an identity on their own ("The President").
TITLES = {
    "premier", "chairman", "president", "secretary", "minister", "ambassador", "general", "marshal",
    "senator", "governor", "admiral", "colonel", "prime", "vice", "deputy", "foreign", "the", "chancellor",
    "pres", "secy", "gen", "amb", "adm", "col", "v", "to", "prince", "king", "comrades",
}


def normalise_name(label: str) -> str:
    """Case-folded words without honorifics and punctuation: "Cde. Mao Zedong" → "mao zedong"."""
    text = unicodedata.normalize("NFC", label).casefold()
    words = [w for w in re.split(r"[\s.]+", text) if w]
    if len(words) > 2 and words[0] in ARTICLES and words[1] in HONORIFICS:
        words = words[1:]
    words = [w for w in words if w not in HONORIFICS]
    without_titles = [w for w in words if w not in TITLES]
    return " ".join(without_titles or words)


def display_name(label: str) -> str:
    """A participant's name from a label: honorifics dropped, SHOUTING turned to Title Case
    ("MAO ZEDONG" → "Mao Zedong", "Secretary DULLES" → "Secretary Dulles")."""
    words = label.rstrip(".").split()
    if len(words) > 2 and words[0].casefold() in ARTICLES and words[1].casefold() in HONORIFICS:
        words = words[1:]
    words = [w for w in words if w.strip(".").casefold() not in HONORIFICS] or label.split()
    return " ".join(w.capitalize() if w.isupper() and len(w) > 2 and "." not in w else w for w in words)


def slugify(text: str) -> str:
    """An ``xml:id``-safe identifier: "Mao Zedong" → "mao-zedong", "Gomułka" → "gomulka"; names in other
    scripts transliterated (anyascii): "Хрущёв" → "khrushchev", "毛泽东" → "mao-ze-dong"."""
    if "&" in text:
        text = html.unescape(text)   # an entity left in the source: "Si&ocirc;n" → "sion"
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    if any(c.isalpha() and not c.isascii() and unicodedata.combining(c) == 0 for c in decomposed):
        spaced = _UNCASED_SCRIPT.sub(lambda m: f" {m.group()} ", text)
        ascii_text = anyascii(spaced).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "person"
    return slug if slug[0].isalpha() else f"p-{slug}"


#: Characters of scripts written without spaces between syllables (Chinese, Japanese): one word each.
_UNCASED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")


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


_NUMBERS = re.compile(r"\d+")
#: a letter standing alone: a speaker's designation ("Speaker A") or an initial ("J. Smith")
_LETTERS = re.compile(r"(?<![^\W\d_])[^\W\d_](?![^\W\d_])")


def is_slip(written: str, known: str) -> bool:
    """A label that differs from a known name by a typing slip: same initial, one edit (two for names of
    nine letters or more). Short names are never slips of each other: Zhou and Zhu are two people; nor
    are labels that differ in their numbers: Speaker 7 and Speaker 1, Juror 12 and Juror 2 are others; nor in a
    word of one letter: Speaker A and Speaker C, Witness B and Witness D."""
    if written == known or len(known) < 6 or written[0] != known[0]:
        return False
    if _NUMBERS.findall(written) != _NUMBERS.findall(known):
        return False
    if _LETTERS.findall(written.casefold()) != _LETTERS.findall(known.casefold()):
        return False
    limit = 1 if len(known) < 9 else 2
    return edit_distance(written, known, limit) <= limit
