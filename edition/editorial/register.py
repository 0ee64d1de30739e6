"""The register of names: persons, places, organisations and events of an edition.

The register is a TOML file (``sources/register.toml``); see ``docs/editorial.md``::

    [register]
    ignore = ["Americans", "Chinese"]        # capitalised words that are not names (for `edition check`)
    [register.resolve]
    "CC" = "ccp-cc"                          # a form claimed by two entries: which one it means here

    [[person]]
    id = "chiang-kai-shek"                   # xml:id-safe slug; also a participant id
    name = "Chiang Kai-shek"                 # preferred name
    forms = ["Jiang Jieshi", "Chiang Kai-shek"]
    sort = "Chiang Kai-shek"                 # the sort key of the indexes (default: derived, see sort_key)
    description = "Chinese Nationalist leader, President of the Republic of China on Taiwan"
    birth = "1887-10-31"
    death = "1975-04-05"
    wikidata = "Q16574"
    viaf = ""                                # left empty when not verified
    [[place]] … geonames = "756135"
    [[org]] … from = "1921" to = ""
    [[event]] … from = "1950-06-25" to = "1953-07-27"

Forms are matched case-sensitively in running text, as whole words (never inside a longer word), the
longest form first. A speaker label is matched case-insensitively after its honorifics are removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..convert.labels import CONTINUES, HONORIFICS, TITLES
from ..project import read_toml
from ..schemas import control_characters, did_you_mean, raise_at

#: The kinds of entry, the TOML table that lists them, and the TEI names used for them.
KINDS = ("person", "place", "org", "event")
NAME_ELEMENT = {"person": "persName", "place": "placeName", "org": "orgName", "event": "name"}
LIST_ELEMENT = {"person": "listPerson", "place": "listPlace", "org": "listOrg", "event": "listEvent"}
ENTRY_ELEMENT = {"person": "person", "place": "place", "org": "org", "event": "event"}

#: Forms of address and offices removed from a speaker label before it is compared with forms: the
#: converter's own lists (convert/labels.py), so that the register and the converter read labels alike.
_ADDRESS = sorted(HONORIFICS | TITLES, key=len, reverse=True)
_HONORIFIC_RE = re.compile(r"^(?:(?:%s)\.?\s+)+" % "|".join(map(re.escape, _ADDRESS)), re.I)
_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
_DATE_RE = re.compile(r"^-?\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_QID_RE = re.compile(r"^Q[1-9]\d*$")
_DIGITS_RE = re.compile(r"^\d+$")
_TABLE_HEADER_RE = re.compile(r"\s*\[\[\s*([A-Za-z_-]+)\s*\]\]")
AUTHORITIES = ("wikidata", "viaf", "geonames")
_KNOWN_KEYS = {"id", "name", "forms", "description", "birth", "death", "from", "to", "wikidata", "viaf",
               "geonames", "note", "sex", "certainty", "sort"}
#: Words that open a place's or organisation's name without being where it is looked up ("The Levant").
ARTICLES = ("the", "a", "an")
#: Lower-case particles that belong to a surname ("Charles de Gaulle" sorts as "de Gaulle, Charles").
_PARTICLES = {"de", "da", "di", "du", "del", "della", "der", "van", "von", "le", "la", "ter", "ten", "bin", "ibn"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
#: A romanised East Asian given name in two syllables (Wade-Giles "Kai-shek", "En-lai", "Il-sung").
_HYPHENATED_GIVEN = re.compile(r"^[A-Z][a-z]+-[a-z]+$")


@dataclass(frozen=True)
class Entry:
    """One person, place, organisation or event of the register."""

    id: str
    kind: str
    name: str
    forms: tuple[str, ...]
    description: str = ""
    birth: str = ""
    death: str = ""
    start: str = ""          # ``from`` in the file: organisations, places, events
    end: str = ""            # ``to``
    wikidata: str = ""
    viaf: str = ""
    geonames: str = ""
    note: str = ""           # what the editor is unsure of
    line: int | None = None  # where the entry starts in the register file
    sort: str = ""           # the key the indexes sort by ("Hitler, Adolf"); derived when the file has none

    @property
    def name_element(self) -> str:
        return NAME_ELEMENT[self.kind]

    def authorities(self) -> list[tuple[str, str]]:
        return [(kind, value) for kind in AUTHORITIES if (value := getattr(self, kind))]


@dataclass(frozen=True)
class FormMatch:
    """A register form found in a piece of text."""

    start: int
    end: int
    form: str
    entries: tuple[Entry, ...]   # more than one when the form is ambiguous and not resolved

    @property
    def entry(self) -> Entry | None:
        return self.entries[0] if len(self.entries) == 1 else None


@dataclass
class Register:
    """The entries of a register and the means to find them in text."""

    entries: list[Entry] = field(default_factory=list)
    ignore: frozenset[str] = frozenset()
    resolve: dict[str, str] = field(default_factory=dict)
    path: str | None = None

    def __post_init__(self) -> None:
        self._by_id = {entry.id: entry for entry in self.entries}
        by_form: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for form in entry.forms:
                if entry not in by_form.setdefault(form, []):
                    by_form[form].append(entry)
        for form, entry_id in self.resolve.items():
            if form in by_form and entry_id in self._by_id:
                by_form[form] = [self._by_id[entry_id]]
        self._by_form = {form: tuple(entries) for form, entries in by_form.items()}
        forms = sorted(self._by_form, key=lambda f: (-len(f), f))
        # each form is checked for a word character or hyphen before it *after* the form
        # (``form(?<![\w-]form)``, the same test as ``(?<![\w-])form``): the pattern then begins with
        # literals, and the regex engine skips quickly to where a form can begin
        self._pattern = (
            re.compile(r"(?:%s)(?![\w]|-\w)" % "|".join(
                re.escape(f) + r"(?<![\w\-]" + re.escape(f) + ")" for f in forms))
            if forms else None
        )
        # any form at all, as plain characters: text without one cannot hold a match of ``find``
        self._any_form = re.compile("|".join(re.escape(f) for f in forms)) if forms else None
        self._folded = {}
        for form, entries in self._by_form.items():
            self._folded.setdefault(_fold(form), entries)
        self._folded_names = [(_fold(entry.name), entry) for entry in self.entries]

    # ------------------------------------------------------------------ look-ups
    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self._by_id

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def forms(self) -> dict[str, tuple[Entry, ...]]:
        return dict(self._by_form)

    def entries_for_form(self, form: str) -> tuple[Entry, ...]:
        return self._by_form.get(form, ())

    def match_label(self, label_text: str) -> Entry | None:
        """The person a speaker label names ("Cde. Mao Zedong" → mao-zedong), or None.

        Honorifics and offices are removed, then the rest is compared with every form and
        preferred name, ignoring case, accents and spacing. Ambiguous labels give None.
        """
        core = strip_honorifics(label_text)
        for candidate in (core, label_text.strip()):
            folded = _fold(candidate)
            entries = self._folded.get(folded)
            if entries is None:
                entries = tuple(e for name, e in self._folded_names if name == folded)
            people = [e for e in entries if e.kind == "person"] or list(entries)
            if len(people) == 1:
                return people[0]
        return None

    def may_name(self, text: str) -> bool:
        """False when ``text`` holds no form even as part of a word (then ``find`` finds nothing in it
        nor in any part of it); a cheap test before looking at the text piece by piece."""
        return self._any_form is not None and self._any_form.search(text) is not None

    def find(self, text: str) -> list[FormMatch]:
        """Every form in ``text``: longest first, whole words only, left to right, no overlaps."""
        if self._pattern is None:
            return []
        return [FormMatch(m.start(), m.end(), m.group(0), self._by_form[m.group(0)])
                for m in self._pattern.finditer(text)]


def sort_key(kind: str, name: str, forms: tuple[str, ...] = ()) -> str:
    """The key an entry is sorted by in the indexes when the register gives none.

    Persons: surname first ("Adolf Hitler" → "Hitler, Adolf"), with the particles and suffixes of the
    surname ("de Gaulle, Charles", "King, Martin Luther, Jr."). A name written family name first
    stays as it is: one whose first word is also a form of its own ("Mao Zedong", forms "Mao"), or one
    with a romanised two-syllable given name ("Chiang Kai-shek", "Chou En-lai"). Names the rule gets
    wrong ("Liu Shaoqi") take a ``sort`` in the register. Places, organisations, events: the name
    without a leading article ("The Levant" → "Levant, The").
    """
    words = name.split()
    if kind != "person":
        if len(words) > 1 and words[0].lower() in ARTICLES:
            return " ".join(words[1:]) + ", " + words[0]
        return " ".join(words)
    suffix = []
    while len(words) > 2 and words[-1].lower().rstrip(",") in _SUFFIXES:
        suffix.insert(0, words.pop().rstrip(","))
        words[-1] = words[-1].rstrip(",")
    if len(words) < 2:
        return " ".join(words + suffix)
    single = {f.strip() for f in forms if len(f.split()) == 1}
    family_first = (words[0] in single and words[-1] not in single) or any(
        len(f.split()) == 2 and _HYPHENATED_GIVEN.match(f.split()[1]) for f in (name, *forms))
    if family_first:
        return " ".join(words + suffix)
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return ", ".join([" ".join(words[start:]), " ".join(words[:start]), *suffix])


def strip_honorifics(label: str) -> str:
    """``"Cde. N.S. Khrushchev"`` → ``"N.S. Khrushchev"``."""
    text = CONTINUES.sub("", " ".join(label.split()))
    stripped = _HONORIFIC_RE.sub("", text)
    return stripped or text


def _fold(text: str) -> str:
    if text.isascii():   # nothing to decompose, no accents to drop
        bare = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s.]+", " ", bare).strip().casefold().replace(" ", "")


# ---------------------------------------------------------------------- loading

def _table_lines(text: str) -> dict[str, list[int]]:
    """Line numbers of every ``[[kind]]`` header, in order, per kind."""
    lines: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = _TABLE_HEADER_RE.match(line) if "[[" in line else None
        if match:
            lines.setdefault(match.group(1), []).append(number)
    return lines


def table_lines(path: str | Path | None) -> dict[str, list[int]]:
    """Where each array-of-tables entry starts in a TOML file (for messages); empty if unreadable."""
    if path is None:
        return {}
    try:
        return _table_lines(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return {}


def load_register(path: str | Path) -> Register:
    """Read a register file; every problem is reported (file:line: message), then loading stops once."""
    path = Path(path)
    data = read_toml(path)
    controls = control_characters(data)
    if controls:
        raise_at(path, data, controls)
    lines = table_lines(path)
    return register_from_dict(data, path=str(path), lines=lines)


def register_from_dict(data: dict, *, path: str | None = None,
                       lines: dict[str, list[int]] | None = None) -> Register:
    lines = lines or {}
    problems: list[tuple[int | None, str]] = []
    entries: list[Entry] = []
    seen: dict[str, int | None] = {}
    unknown_tables = sorted(set(data) - set(KINDS) - {"register"})
    for name in unknown_tables:
        guess = did_you_mean(name, [*KINDS, "register"])
        shown = (f"[{guess}]" if guess == "register" else f"[[{guess}]]") if guess else None
        table = f"[[{name}]]" if isinstance(data[name], list) else f"[{name}]"
        problems.append((lines.get(name, [None])[0], f"unknown table {table}: "
                         + (f"did you mean {shown}?" if shown else
                            "use [[person]], [[place]], [[org]], [[event]] or [register]")))
    for kind in KINDS:
        items = data.get(kind, [])
        if not isinstance(items, list):
            problems.append((None, f"{kind} must be written [[{kind}]]"))
            continue
        for index, item in enumerate(items):
            line = lines.get(kind, [])[index] if index < len(lines.get(kind, [])) else None
            where = f"[[{kind}]] #{index + 1}"
            if not isinstance(item, dict):
                problems.append((line, f"{where}: not a table"))
                continue
            entry = _entry(kind, item, where, line, problems)
            if entry is None:
                continue
            if entry.id in seen:
                first = seen[entry.id]
                problems.append((line, f"{where}: id {entry.id!r} used twice"
                                       + (f" (first at line {first})" if first else "")))
                continue
            seen[entry.id] = line
            entries.append(entry)
    settings = data.get("register", {})
    ignore: list[str] = []
    resolve: dict[str, str] = {}
    if not isinstance(settings, dict):
        problems.append((None, "[register] must be a table"))
        settings = {}
    raw_ignore = settings.get("ignore", [])
    if not isinstance(raw_ignore, list) or not all(isinstance(x, str) for x in raw_ignore):
        problems.append((None, "[register] ignore must be a list of strings"))
    else:
        ignore = raw_ignore
    raw_resolve = settings.get("resolve", {})
    if not isinstance(raw_resolve, dict):
        problems.append((None, "[register.resolve] must map forms to entry ids"))
    else:
        for form, entry_id in raw_resolve.items():
            if entry_id not in seen:
                problems.append((None, f"[register.resolve] {form!r} names unknown entry {entry_id!r}"))
            else:
                resolve[form] = entry_id
    if problems:
        line, message = problems[0]
        rest = len(problems) - 1
        if rest:
            message += f" (and {rest} more: " + "; ".join(
                (f"line {ln}: " if ln else "") + msg for ln, msg in problems[1:]) + ")"
        raise ConfigError(message, path=path, line=line)
    return Register(entries=entries, ignore=frozenset(ignore), resolve=resolve, path=path)


def _entry(kind: str, item: dict, where: str, line: int | None,
           problems: list[tuple[int | None, str]]) -> Entry | None:
    def text(key: str) -> str:
        value = item.get(key, "")
        if isinstance(value, int) and key in ("birth", "death", "from", "to", "geonames", "viaf"):
            value = str(value)
        if not isinstance(value, str):
            problems.append((line, f"{where}: {key} must be a string"))
            return ""
        return value.strip()

    unknown = sorted(set(item) - _KNOWN_KEYS)
    if unknown:
        guesses = [f"{key!r} (did you mean {guess!r}?)" if (guess := did_you_mean(key, _KNOWN_KEYS)) else repr(key)
                   for key in unknown]
        problems.append((line, f"{where}: unknown key(s) {', '.join(guesses)}"))
    entry_id = text("id")
    if not entry_id:
        problems.append((line, f"{where}: id is required"))
        return None
    where = f"[[{kind}]] {entry_id!r}"
    if not _ID_RE.match(entry_id):
        problems.append((line, f"{where}: id must be a name usable as xml:id (letters, digits, - _ .)"))
        return None
    name = text("name")
    if not name:
        problems.append((line, f"{where}: name (the preferred name) is required"))
        return None
    forms = item.get("forms", [])
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        problems.append((line, f"{where}: forms must be a list of non-empty strings"))
        forms = []
    forms = tuple(dict.fromkeys([f.strip() for f in forms] or [name]))
    values = {key: text(key) for key in ("description", "birth", "death", "from", "to", "wikidata",
                                          "viaf", "geonames", "note", "sort")}
    for key in ("birth", "death", "from", "to"):
        if values[key] and not _DATE_RE.match(values[key]):
            problems.append((line, f"{where}: {key} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"))
    if values["wikidata"] and not _QID_RE.match(values["wikidata"]):
        problems.append((line, f"{where}: wikidata must be an item id such as Q5816"))
    for key in ("viaf", "geonames"):
        if values[key] and not _DIGITS_RE.match(values[key]):
            problems.append((line, f"{where}: {key} must be digits"))
    if kind != "person" and (values["birth"] or values["death"]):
        problems.append((line, f"{where}: birth and death are for persons; use from and to"))
    return Entry(id=entry_id, kind=kind, name=name, forms=forms, description=values["description"],
                 birth=values["birth"], death=values["death"], start=values["from"], end=values["to"],
                 wikidata=values["wikidata"], viaf=values["viaf"], geonames=values["geonames"],
                 note=values["note"], line=line,
                 sort=" ".join(values["sort"].split()) or sort_key(kind, name, forms))
