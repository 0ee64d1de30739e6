"""The editorial file beside a source: facts the text does not state, and the editor's decisions.

``sources/NAME.toml`` beside ``sources/NAME.txt``::

    id = "memorandum-1958-10-02"        # the edition's identifier (default: the file name)
    language = "en"                     # language of the transcript
    original_language = "ru"            # language of the original, when a translation
    transcriber = "…"                   # who made the transcript (its brackets are theirs), if the text does not say
    bracket_resp = "translator"         # whose the brackets are, when neither rule above is right

    [edition]                           # the digital edition itself
    editor = "…"                        # encoder / editor (named in the header, @resp="#editor")
    publisher = "…"
    date = "2026"
    licence = "CC BY 4.0"
    licence_url = "https://creativecommons.org/licenses/by/4.0/"
    introduction = "…"                  # the editors' introduction (projectDesc); a multi-line
                                        # string, blank lines between paragraphs
    strict = false                      # true: a doubt about who speaks is an error for this document

    [source]                            # where the transcript was taken from
    name = "Wilson Center Digital Archive"
    url = "https://…"

    [archives.GARF]                     # expansions of archive abbreviations in citations
    name = "State Archive of the Russian Federation"
    settlement = "Moscow"
    country = "Russia"

    [[participant]]                     # people present; speakers are found in the text as well
    id = "liu-shaoqi"
    name = "Liu Shaoqi"
    forms = ["Liu Shaoqi"]

    [[override]]                        # correct what the rules got wrong, by paragraph or line
    paragraph = 23                      # or: line = 57, or: starts = "The secretary of"
    as = "narrative"                    # narrative | speech | set-aside | abstract | head | title
    who = "mao-zedong"                  # with as = "speech"
    reason = "…"                        # with as = "set-aside"

Corrections, notes and the like (``[[correction]]``, ``[[note]]``) belong to the editorial layer
(``layer.py``); this module passes them through untouched.

The whole file, metadata and editorial layer, is checked against its declared schema
(``edition.schemas.EditorialFile``) before anything is read from it: unknown tables and keys (with
"did you mean"), wrong types, ids that are not XML names, duplicate participants and overrides that
name no paragraph or more than one way are errors naming the file, the line and the key. An override
that points to no paragraph of the transcript is an error too (``check_overrides``, after the split).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..project import read_toml
from ..schemas import OVERRIDE_ROLES, EditorialFile, check_file, locate, raise_at, raise_problems  # noqa: F401


#: Archives whose abbreviations appear in citations of Soviet and East European records.
KNOWN_ARCHIVES = {
    "GARF": ("State Archive of the Russian Federation", "Moscow", "Russia"),
    "RGANI": ("Russian State Archive of Contemporary History", "Moscow", "Russia"),
    "RGASPI": ("Russian State Archive of Socio-Political History", "Moscow", "Russia"),
    "AVPRF": ("Archive of Foreign Policy of the Russian Federation", "Moscow", "Russia"),
    "APRF": ("Archive of the President of the Russian Federation", "Moscow", "Russia"),
    "RGAE": ("Russian State Archive of the Economy", "Moscow", "Russia"),
}


@dataclass(frozen=True)
class Override:
    """An editor's decision about one paragraph."""

    index: int                 # position in the editorial file, for messages
    paragraph: int | None
    line: int | None
    starts: str | None
    role: str | None
    who: str | None
    reason: str | None
    literal_brackets: bool
    file_line: int | None = None   # line of the entry in the editorial file

    def matches(self, number: int, line: int, text: str) -> bool:
        if self.paragraph is not None:
            return self.paragraph == number
        if self.line is not None:
            return self.line == line
        return self.starts is not None and text.startswith(self.starts)


@dataclass(frozen=True)
class ParticipantSpec:
    id: str
    name: str
    forms: tuple[str, ...] = ()
    role: str = "participant"


@dataclass
class DocumentMetadata:
    """Everything the editorial file says, typed; ``raw`` keeps the whole file for later stages."""

    path: str | None = None
    id: str | None = None
    title: str | None = None
    language: str = "en"
    original_language: str | None = None
    editor: str = "the editors of this edition"
    publisher: str | None = None
    edition_date: str | None = None
    licence: str = "CC BY 4.0"
    licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    introduction: list[str] = field(default_factory=list)   # the editors' introduction, paragraph by paragraph
    source_name: str | None = None
    source_url: str | None = None
    archives: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)
    participants: list[ParticipantSpec] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    bracket_resp: str = "translator"
    transcriber: str | None = None   # who made the transcript, when the text does not say
    strict: bool = False             # warnings of the conversion are errors
    raw: dict = field(default_factory=dict)

    def archive(self, abbreviation: str) -> tuple[str, str | None, str | None] | None:
        return self.archives.get(abbreviation) or KNOWN_ARCHIVES.get(abbreviation)


def load_metadata(path: Path | None) -> DocumentMetadata:
    """Read an editorial file; with no file, the defaults of a bare transcript."""
    if path is None:
        return DocumentMetadata()
    data = read_toml(path)
    check_editorial_file(data, path)
    name = str(path)
    problems: list[str] = []

    def text(table: dict, key: str, where: str) -> str | None:
        value = table.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            problems.append(f"{where}{key} must be a string")
            return None
        return value

    edition = _table(data, "edition", problems)
    source = _table(data, "source", problems)
    meta = DocumentMetadata(path=name, raw=data)
    meta.id = text(data, "id", "")
    meta.title = text(data, "title", "")
    meta.language = text(data, "language", "") or "en"
    meta.original_language = text(data, "original_language", "")
    meta.editor = text(edition, "editor", "edition.") or meta.editor
    meta.publisher = text(edition, "publisher", "edition.")
    meta.edition_date = text(edition, "date", "edition.")
    meta.licence = text(edition, "licence", "edition.") or meta.licence
    meta.licence_url = text(edition, "licence_url", "edition.") or meta.licence_url
    introduction = text(edition, "introduction", "edition.") or ""
    meta.introduction = [" ".join(p.split()) for p in introduction.split("\n\n") if p.strip()]
    meta.source_name = text(source, "name", "source.")
    meta.source_url = text(source, "url", "source.")
    meta.bracket_resp = text(data, "bracket_resp", "") or "translator"
    meta.transcriber = text(data, "transcriber", "")
    if not isinstance(edition.get("strict", False), bool):
        problems.append("edition.strict must be true or false")
    else:
        meta.strict = edition.get("strict", False)
    boilerplate = data.get("boilerplate", [])
    if not isinstance(boilerplate, list) or not all(isinstance(b, str) for b in boilerplate):
        problems.append("boilerplate must be a list of strings")
    else:
        meta.boilerplate = boilerplate
    for abbreviation, entry in _table(data, "archives", problems).items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.append(f"archives.{abbreviation} needs a name")
            continue
        meta.archives[abbreviation] = (entry["name"], entry.get("settlement"), entry.get("country"))
    for number, entry in enumerate(_array(data, "participant", problems), 1):
        pid, pname = entry.get("id"), entry.get("name")
        if not isinstance(pid, str) or not isinstance(pname, str):
            problems.append(f"[[participant]] #{number} needs id and name")
            continue
        forms = entry.get("forms", [])
        meta.participants.append(ParticipantSpec(pid, pname, tuple(forms), str(entry.get("role", "participant"))))
    for number, entry in enumerate(_array(data, "override", problems), 1):
        meta.overrides.append(Override(
            index=number, paragraph=entry.get("paragraph"), line=entry.get("line"),
            starts=entry.get("starts"), role=entry.get("as"), who=entry.get("who"), reason=entry.get("reason"),
            literal_brackets=bool(entry.get("literal_brackets", False)),
            file_line=locate(name, ("override", number - 1)),
        ))
    if problems:
        raise ConfigError("; ".join(problems), path=name)
    return meta


def check_editorial_file(data: dict, path: str | Path) -> None:
    """Check a parsed editorial file against ``EditorialFile`` and the rules between its entries."""
    check_file(EditorialFile, data, path)
    problems: list[tuple[tuple, str]] = []
    first: dict[str, int] = {}
    for index, entry in enumerate(data.get("participant", [])):
        if entry["id"] in first:
            problems.append((("participant", index, "id"),
                             f"{entry['id']!r} is declared twice (also [[participant]] #{first[entry['id']] + 1})"))
        first.setdefault(entry["id"], index)
    for index, entry in enumerate(data.get("override", [])):
        anchors = [k for k in ("paragraph", "line", "starts") if k in entry]
        if len(anchors) != 1:
            problems.append((("override", index), "give exactly one of paragraph, line, starts"
                             + (f" (not {' and '.join(anchors)})" if anchors else "")))
        if entry.get("as") == "speech" and "who" not in entry:
            problems.append((("override", index, "as"), "as = 'speech' needs who = PARTICIPANT-ID"))
    if problems:
        raise_at(path, data, problems)


def check_overrides(meta: DocumentMetadata, paragraphs, source_name: str) -> None:
    """Every ``[[override]]`` must point to a paragraph of the transcript (``paragraphs``: number,
    line and text of each); one that points to none is an error naming the editorial file, the entry's
    line and its key."""
    problems = []
    for override in meta.overrides:
        if any(override.matches(p.number, p.line, p.text) for p in paragraphs):
            continue
        where = f"[[override]] #{override.index}"
        if override.paragraph is not None:
            message = (f"{where} paragraph = {override.paragraph}: {source_name} has no paragraph "
                       f"{override.paragraph} (it has {len(paragraphs)})")
        elif override.line is not None:
            inside = [p for p in paragraphs if p.line <= override.line]
            hint = (f"; line {override.line} is inside paragraph {inside[-1].number}, which starts at line "
                    f"{inside[-1].line}" if inside and override.line <= inside[-1].line + inside[-1].text.count("\n")
                    else "")
            message = f"{where} line = {override.line}: no paragraph of {source_name} starts at that line{hint}"
        else:
            message = f"{where} starts = {override.starts!r}: no paragraph of {source_name} starts so"
        problems.append((override.file_line, message))
    if problems:
        raise_problems(meta.path, problems)


def _table(data: dict, key: str, problems: list[str]) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(f"[{key}] must be a table")
        return {}
    return value


def _array(data: dict, key: str, problems: list[str]) -> list[dict]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(f"[[{key}]] must be an array of tables")
        return []
    return value
