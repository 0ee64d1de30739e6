"""Dates and times in running text become ``date/@when`` and ``time/@when`` (ISO 8601).

* "2 October 1958" → 1958-10-02, "October 2, 1958" → 1958-10-02, "November 1957" → 1957-11, "1871" → 1871;
* a day and month without a year ("16 July") and a month alone ("In August") take the year of the
  document (``[dates] year`` in the editorial file, else the year of the conversation in the header) and
  are listed in the report as inferred, for the editor to confirm;
* "April of this year", "this year", "last year", "the previous year", "next year" are relative to that
  year (switch off with ``[dates] relative = false``);
* "21:30" → ``time/@when="21:30:00"``;
* ``[[date]]`` entries of the editorial file settle any case by hand: ``anchor = "…"``, ``when = "…"``.

"May" and "March" alone are not taken for months (they are common words).
"""

from __future__ import annotations

import re

from ..errors import ConfigError
from .textnodes import DATE_TAGS, MEASURE_TAGS, NAME_TAGS, containers, make, matches_at, plain_text, slots, wrap

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_MONTH_NUMBER = {name: number for number, name in enumerate(MONTHS, 1)}
_M = "(?P<m>" + "|".join(MONTHS) + ")"
_M_ALONE = "(?P<m>" + "|".join(m for m in MONTHS if m not in ("May", "March")) + ")"
_YEAR = r"(?P<y>1[0-9]\d\d|20\d\d)"
_REL = r"(?P<rel>this|last|next|the previous|the following|the next|this past|the past)"
_UNIT_AFTER = r"(?!\s+(?:million|thousand|billion|tons?|tonnes?|households|people|persons|men|km|metres|meters|" \
              r"kilometres|kilometers|hectares|rubles|roubles|dollars|yuan))"

#: a number after these words is the number of something, not a year ("No. 1838", "page 1958", the
#: Slovak "tlač 1838" and "č. 1838", a print and a number; the German "Drucksache 1838", "Nr. 1838")
_NUMBERED = "".join(f"(?<!{re.escape(word)} )" for word in (
    "No.", "no.", "Nos.", "Nr.", "nr.", "Nº", "#", "page", "Page", "p.", "pp.", "Room", "room", "Document", "document",
    "Resolution", "resolution", "number", "Number", "item", "Item", "tlač", "tlače", "č.", "Drucksache", "Seite", "S."))
_M2 = "(?P<m2>" + "|".join(MONTHS) + ")"
_PATTERNS = [
    ("mmy", rf"{_M}\s*[–-]\s*{_M2}\s+{_YEAR}(?!\d)"),
    ("dmy", rf"(?<!\d)(?P<d>[0-3]?\d)\s+{_M},?\s+{_YEAR}(?!\d)"),
    ("mdy", rf"{_M}\s+(?P<d>[0-3]?\d),\s+{_YEAR}(?!\d)"),
    ("my", rf"{_M}\s+(?:of\s+)?{_YEAR}(?!\d)"),
    ("mrel", rf"{_M}\s+of\s+{_REL}\s+year\b"),
    ("dm", rf"(?<![\d.,])(?P<d>[0-3]?\d)\s+{_M}\b"),
    ("md", rf"{_M}\s+(?P<d>[0-3]?\d)(?![\d,.:])"),
    ("rel", r"\b(?P<rel>[Tt]his|[Ll]ast|[Nn]ext|[Tt]he previous|[Tt]he following|[Tt]his past)\s+year\b"),
    ("y", rf"(?<![\w$.,\-–]){_NUMBERED}{_YEAR}(?![\w%\-–]|[.,]\d){_UNIT_AFTER}"),
    ("m", rf"(?<![\w-]){_M_ALONE}(?![\w-])"),
]
_DATE_RE = re.compile("|".join(f"(?P<{name}>{pattern.replace('(?P<', f'(?P<{name}_')})"
                               for name, pattern in _PATTERNS))


def _initial_then_rest(words: list[str]) -> str:
    r"""The first digit of a number or one of ``words``: a set of first characters, then a check of the rest
    (``[\dJF](?:(?<=\d)(?<!\d\d)|(?<=J)(?:anuary|une)|(?<=F)(?:ebruary))``). The regex engine skips through
    text to the next character of a leading set, instead of trying every branch at every character."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(re.escape(word[1:]))
    branches = [r"(?<=\d)(?<!\d\d)"] + [f"(?<={initial})(?:{'|'.join(rest)})" for initial, rest in rests.items()]
    return r"[\d" + "".join(rests) + "](?:" + "|".join(branches) + ")"


#: The first digit of a number or a month name: where every date but a relative year begins (every
#: pattern that begins with a digit has no digit before it).
_DIGIT_OR_MONTH_RE = re.compile(_initial_then_rest(MONTHS))
#: Where a relative year ("last year", "the previous year") begins (the words of the "rel" pattern, first
#: letter first, as above); looked for only in text with "year".
_RELATIVE_YEAR_START_RE = re.compile(r"[TtLlNn](?:(?<=[Tt])(?:his|he previous|he following|his past)|(?<=[Ll])ast"
                                     r"|(?<=[Nn])ext)\s+year")
_TIME_RE = re.compile(r"(?<![\d.:])(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)(?![\d:])")


def _may_hold_date(text: str) -> bool:
    """Every date or time pattern needs a digit, a month name or "year": text without any is skipped cheaply."""
    return "year" in text or _DIGIT_OR_MONTH_RE.search(text) is not None


_REL_OFFSET = {"this": 0, "this past": 0, "the past": 0, "last": -1, "the previous": -1, "next": 1,
               "the following": 1, "the next": 1}

_BLOCKED = frozenset(NAME_TAGS | DATE_TAGS | MEASURE_TAGS | {"choice"})


def document_year(root, editorial: dict) -> int | None:
    """The year that dates without a year belong to."""
    settings = editorial.get("dates", {}) if isinstance(editorial.get("dates", {}), dict) else {}
    year = settings.get("year")
    if isinstance(year, int):
        return year
    for path in (".//{*}settingDesc//{*}date", ".//{*}profileDesc/{*}creation//{*}date",
                 ".//{*}sourceDesc//{*}date"):
        for el in root.iterfind(path):
            when = el.get("when") or el.get("from") or ""
            if re.match(r"^\d{4}", when):
                return int(when[:4])
    for head in root.iterfind(".//{*}text//{*}head"):   # "…, 12 March 1959" in the heading
        found = re.search(r"\b(1[0-9]\d\d|20\d\d)\b", "".join(head.itertext()))
        if found:
            return int(found.group(1))
    return None


def tag_dates(root, editorial: dict, *, editorial_path: str | None = None, line_of=None,
              date_lines: list[int] | None = None) -> list[dict]:
    """Tag dates and times in every text container; returns report entries."""
    line_of = line_of or (lambda text, container=None: None)
    report: list[dict] = []
    settings = editorial.get("dates", {})
    if not isinstance(settings, dict):
        raise ConfigError("[dates] must be a table", path=editorial_path)
    relative = settings.get("relative", True) is not False
    year = document_year(root, editorial)
    _apply_date_entries(root, editorial, editorial_path, date_lines or [], report, line_of)
    for container in containers(root):
        if not _may_hold_date(plain_text(container)):
            continue
        for slot in list(slots(container, _BLOCKED)):
            text = slot.value
            if not _may_hold_date(text):
                continue
            spans = []
            for match in _date_matches(text):
                kind = _kind(match)
                when, inferred = _when(kind, match, year)
                if when is None:
                    if kind in ("rel", "mrel") and not relative:
                        continue
                    if kind in ("dm", "md", "m", "rel", "mrel"):
                        report.append({"kind": "date", "line": line_of(match.group(0), container),
                                       "message": f"{match.group(0)!r}: no year known; set [dates] year"})
                    continue
                if kind in ("rel", "mrel") and not relative:
                    continue
                attrs = {"when": when}
                if kind == "mmy":
                    attrs = {"from": when[0], "to": when[1]}
                spans.append((match.start(), match.end(), make("date", attrs)))
                if inferred:
                    report.append({"kind": "date-inferred", "line": line_of(match.group(0), container),
                                   "message": f"{match.group(0)!r} read as {when} (year from the document)"})
            for match in (_TIME_RE.finditer(text) if ":" in text else ()):
                if any(s <= match.start() < e for s, e, _ in spans):
                    continue
                when = f"{int(match.group('h')):02d}:{match.group('min')}:00"
                spans.append((match.start(), match.end(), make("time", {"when": when})))
            wrap(slot, spans)
    return report


def _date_matches(text: str):
    """The matches of ``_DATE_RE`` in ``text``, exactly as ``finditer`` gives them.

    The date pattern is costly to try at every character; it is tried only where a date can begin: at the
    first digit of a number, at a month name, at the first word of a relative year.
    """
    starts = [found.start() for found in _DIGIT_OR_MONTH_RE.finditer(text)]
    if "year" in text:
        position, relative = 0, []
        while (found := _RELATIVE_YEAR_START_RE.search(text, position)) is not None:
            relative.append(found.start())
            position = found.start() + 1
        starts = sorted(set(starts).union(relative))
    yield from matches_at(_DATE_RE, text, starts)


def _kind(match) -> str:
    for name, _ in _PATTERNS:
        if match.group(name) is not None:
            return name
    raise AssertionError("no date pattern matched")


def _when(kind: str, match, year: int | None) -> tuple[str | None, bool]:
    def g(name):
        return match.group(f"{kind}_{name}")

    if kind == "mmy":
        return (f"{int(g('y')):04d}-{_MONTH_NUMBER[g('m')]:02d}", f"{int(g('y')):04d}-{_MONTH_NUMBER[g('m2')]:02d}"), False
    if kind in ("dmy", "mdy"):
        return f"{int(g('y')):04d}-{_MONTH_NUMBER[g('m')]:02d}-{int(g('d')):02d}", False
    if kind == "my":
        return f"{int(g('y')):04d}-{_MONTH_NUMBER[g('m')]:02d}", False
    if kind == "y":
        return f"{int(g('y')):04d}", False
    if year is None:
        return None, False
    if kind in ("dm", "md"):
        day = int(g("d"))
        if not 1 <= day <= 31:
            return None, False
        return f"{year:04d}-{_MONTH_NUMBER[g('m')]:02d}-{day:02d}", True
    if kind == "m":
        return f"{year:04d}-{_MONTH_NUMBER[g('m')]:02d}", True
    if kind == "mrel":
        return f"{year + _REL_OFFSET[g('rel').lower()]:04d}-{_MONTH_NUMBER[g('m')]:02d}", False
    if kind == "rel":
        return f"{year + _REL_OFFSET[g('rel').lower()]:04d}", False
    return None, False


def full_date(text: str) -> tuple[str, str] | None:
    """The first date with day, month and year in ``text`` ("1 March 1960", "March 1, 1960"), as
    (ISO date, the words); None when the text names none (a title that dates the record)."""
    for match in _date_matches(text or ""):
        kind = _kind(match)
        if kind in ("dmy", "mdy"):
            return _when(kind, match, None)[0], match.group(0)
    return None


def _apply_date_entries(root, editorial, editorial_path, lines, report, line_of) -> None:
    """``[[date]]`` entries: the editor's own reading of a phrase."""
    from .corrections import Anchors, Intervention

    entries = editorial.get("date", [])
    if not isinstance(entries, list):
        raise ConfigError("date must be written [[date]]", path=editorial_path)
    if not entries:
        return
    anchors = Anchors(root, editorial_path=editorial_path, source_text=None)
    for index, data in enumerate(entries):
        line = lines[index] if index < len(lines) else None
        item = Intervention("date", index, data if isinstance(data, dict) else {}, line)
        label = f"[[date]] #{index + 1}"
        anchor, when = item.data.get("anchor"), item.data.get("when")
        if not isinstance(anchor, str) or not isinstance(when, str) or not re.match(
                r"^\d{4}(-\d{2}(-\d{2})?)?$", when):
            raise ConfigError(f"{label}: anchor (a phrase) and when (YYYY, YYYY-MM or YYYY-MM-DD) are required",
                              path=editorial_path, line=line)
        hits = anchors.find(anchor)
        item.data = dict(item.data, anchor=anchor)
        chosen = anchors.select(item, anchor, hits)
        for hit in chosen:
            located = hit.view.single_slot(hit.start, hit.end)
            if located is None:
                raise ConfigError(f"{label}: {anchor!r} crosses other markup", path=editorial_path, line=line)
            slot, s, e = located
            wrap(slot, [(s, e, make("date", {"when": when}))])
            anchors.changed(hit.view.container)
            report.append({"kind": "date", "line": line_of(anchor), "message": f"{anchor!r} dated {when} by the editor"})
