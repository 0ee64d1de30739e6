"""Header and front-matter conventions: the fields of a record's header, in any letter case.

Each field is a unit: the keys it is written with and what it tells (``participants``, ``subject``,
``date``, ``time``, ``place``, ``title``, ``transcriber``, ``recorder``, ``note``). A header field is
never a speaker. A participants field is split into persons, each with the office written before the
name (``Representatives Dreier, Hastings and Slaughter`` is three persons); those persons are the list
that labels resolve against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import Unit, in_order


@dataclass(frozen=True)
class Field(Unit):
    kind: str = "note"
    keys: tuple[str, ...] = ()
    #: keys that are also speakers' roles ("Interviewer: So tell me…"): a field only when the value is names
    roles: tuple[str, ...] = ()


FIELDS = in_order([
    Field("participants-field", 10, "participants",
          ("participants", "present", "present at the meeting", "also present", "guests", "attendees",
           "those attending the meeting were", "those present", "those present were", "speakers",
           "interviewee", "interviewees", "members present", "appearances"), ("interviewee",)),
    Field("interpreters-field", 15, "interpreters", ("interpreter", "interpreters"), ("interpreter",)),
    Field("interviewer-field", 17, "interviewer", ("interviewer", "interviewers", "interviewed by"),
          ("interviewer",)),
    Field("subject-field", 20, "subject", ("subject", "subjects", "re", "topic")),
    Field("date-time-field", 30, "date", ("date and time", "date", "dated",
                                          "时间", "日期")),
    Field("time-field", 35, "time", ("time",)),
    Field("place-field", 40, "place", ("place", "venue", "location", "地点")),
    Field("title-field", 50, "title", ("title",)),
    Field("transcriber-field", 60, "transcriber", ("transcript_by", "transcribed by", "transcriber",
                                                   "transcription")),
    Field("minutes-field", 65, "recorder", ("minutes", "minutes by", "recorded by", "note taker")),
    Field("summary-field", 70, "summary", ("summary", "description", "abstract")),
    Field("other-field", 90, "note", ("copies to", "distribution", "classification", "tags", "media",
                                      "layout", "keywords", "categories", "source", "duration", "posted on", "posted", "时段", "事件")),
])
_BY_KEY = {key: unit for unit in FIELDS for key in unit.keys}
_KEYS = "|".join(re.escape(k).replace(r"\ ", r"[ \t]+") for k in sorted(_BY_KEY, key=len, reverse=True))
#: ``KEY: value`` (``Present [at the meeting]:`` with its bracket, ``时间：`` with a full-width colon)
FIELD_LINE = re.compile(r"^(?P<key>(?:" + _KEYS + r")(?:[ \t]*\[[^\]\n]{1,40}\])?)[ \t]*[:：][ \t\u00a0]*"
                        r"(?P<value>.*)$", re.I | re.S)
#: a key alone on its line, the values in the lines or paragraphs that follow
KEY_ALONE = re.compile(r"^(?P<key>" + _KEYS + r")[ \t]*[:：]?$", re.I)


def field_for(key: str) -> Field | None:
    """The unit of a key as written (any case, a bracketed addition dropped)."""
    found = _BY_KEY.get(key.casefold())
    if found is not None or "[" not in key and "  " not in key and "\t" not in key:
        return found
    bare = re.sub(r"\s*\[[^\]]*\]", " ", key).strip()
    bare = re.sub(r"\s+", " ", bare.casefold().replace("[", "").replace("]", ""))
    return _BY_KEY.get(bare) or _BY_KEY.get(re.sub(r"\s*\[.*$", "", key.casefold()).strip())


def match_field(text: str):
    """``(unit, key as written, value)`` of a paragraph that opens with a header field, else None."""
    match = FIELD_LINE.match(text.strip())
    if match is None:
        return None
    unit = field_for(match.group("key"))
    if unit is None:
        return None
    if match.group("key").casefold() in unit.roles and not _names_only(match.group("value")):
        return None   # "Interviewer: So tell me…" is a turn
    return unit, match.group("key"), match.group("value")


#: a timecode written after a line ("Where were you born? (00:35)")
_TRAILING_TIMECODE = re.compile(r"\s*[(\[]\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?[)\]]\s*$")
#: the lower-case words a name may hold ("Ludwig van Beethoven", "Secretary of State"), here and in a label
#: (``shapes.looks_like_name``)
NAME_PARTICLES = {"de", "da", "das", "del", "della", "der", "den", "des", "di", "du", "la", "le", "van", "von",
                   "zu", "bin", "ibn", "al", "el", "y", "e", "of", "the", "and", "für"}


def _names_only(value: str) -> bool:
    """Is the value of a role's field ("Interviewer: …") names, not a question or a sentence of a turn?"""
    parts = [p.strip() for p in re.split(r"[;,\n]", _TRAILING_TIMECODE.sub("", value)) if p.strip()]
    return bool(parts) and all(
        len(p.split()) <= 5 and p[:1].isupper() and not re.search(r"[.!?]$", p) and "?" not in p
        and all(w[:1].isupper() or not w[:1].isalpha() or w.casefold() in NAME_PARTICLES for w in p.split())
        or re.search(r"\b[A-Z]\.$", p) for p in parts)


_PLURAL_TITLES = {"representatives": "Representative", "senators": "Senator", "messrs.": "Mr.", "messrs": "Mr.",
                  "drs.": "Dr.", "generals": "General", "ambassadors": "Ambassador", "secretaries": "Secretary",
                  "justices": "Justice", "judges": "Judge", "ministers": "Minister", "comrades": "Comrade"}
_AND = re.compile(r",?\s+(?:and|&|und|et|i|a)\s+(?=[A-ZÀ-ÞĀ-ž])")


def split_persons(value: str) -> list[str]:
    """The persons of a participants field, each with the office written before the names:
    ``Representatives Dreier, Hastings and Slaughter`` → ``Representative Dreier``, ``Representative
    Hastings``, ``Representative Slaughter``; ``N. S. Khrushchev; Mr. Gomułka`` → two persons."""
    lines = [v.strip(" .") for v in re.split(r"\n", value) if v.strip(" .")]
    if len(lines) > 1:
        return [p for line in lines for p in split_persons(line)]
    if ";" in value:
        return [v.strip(" .") for v in value.split(";") if v.strip(" .")]
    parts = [p.strip(" .") for p in re.split(r",(?![^()]*\))", value)]
    parts = [q.strip(" .") for p in parts for q in _AND.split(p) if q.strip(" .")]
    persons: list[str] = []
    office = None
    for part in parts:
        words = part.split()
        if words and words[0].casefold() in _PLURAL_TITLES:
            office = _PLURAL_TITLES[words[0].casefold()]
            part = " ".join([office] + words[1:])
        elif office and len(words) == 1:
            part = f"{office} {part}"
        persons.append(part)
    return persons


def parse_front_matter(text: str) -> list[tuple[str, str]] | None:
    """A YAML front-matter block (``---`` … ``---``) as ``(key, value)`` pairs; list items joined by
    newlines. Only the flat shape websites use: ``key: value`` and ``  - item``."""
    lines = text.split("\n")
    if len(lines) < 3 or lines[0].strip() != "---" or lines[-1].strip() != "---":
        return None
    pairs: list[tuple[str, str]] = []
    for line in lines[1:-1]:
        item = re.match(r"^\s+-\s+(?P<item>.+)$", line)
        if item and pairs:
            key, value = pairs[-1]
            pairs[-1] = (key, f"{value}\n{item.group('item').strip()}".strip())
            continue
        match = re.match(r"^(?P<key>[\w-]+):\s*(?P<value>.*)$", line)
        if match:
            pairs.append((match.group("key"), match.group("value").strip().strip('"')))
        elif pairs:
            key, value = pairs[-1]
            pairs[-1] = (key, f"{value} {line.strip()}")
    return pairs


_TITLE_PERSONS = re.compile(r"\b(?:[Bb]etween|(?:Interview|Conversation|Talk|Meeting|Discussion)s?\s+with)\s+"
                            r"(?P<list>.+?)\s*(?:\[\d{1,3}\])?\s*$")
_PAREN_NAME = re.compile(r"\((?P<name>[A-Z][^()]{1,40})\)")


def title_persons(title: str) -> list[tuple[str, str | None]]:
    """``title-participants``: the persons a title names, with their office: "… Between President
    Kennedy and the Editor of Izvestia (Adzhubei)" → ("President Kennedy", None), ("Adzhubei", "the
    Editor of Izvestia"); "Interview with M.D. McIlroy" → ("M.D. McIlroy", None)."""
    match = _TITLE_PERSONS.search(title.strip())
    if match is None:
        return []
    persons = []
    for part in re.split(r"\s+and\s+|,\s+", match.group("list")):
        part = part.strip(" .")
        named = _PAREN_NAME.search(part)
        if named:
            persons.append((named.group("name"), part[:named.start()].strip() or None))
            continue
        words = part.split()
        if words and words[0] in ("the", "The"):
            words = words[1:]
        if 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            persons.append((part, None))
    return persons


_ROLE_LINE = re.compile(r"^(?P<name>[A-Z][^,:\n]{2,50}),\s+(?P<role>Interviewer|Interviewee|Moderator|Host|"
                        r"Transcriber|Translator|Interpreter|Editor)\.?$", re.I)


def role_line(text: str) -> tuple[str, str] | None:
    """``role-line``: "Michael S. Mahoney, Interviewer" in the front matter: a person and their role."""
    match = _ROLE_LINE.match(text.strip())
    return (match.group("name").strip(), match.group("role").casefold()) if match else None
