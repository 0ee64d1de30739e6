"""The declared schemas of the TOML files an editor writes, and how their problems are reported.

* ``ProjectFile``: ``edition.toml`` (``edition.project``);
* ``EditorialFile``: ``sources/NAME.toml`` beside a transcript, its metadata (``edition.editorial.metadata``) and
  its editorial layer (``edition.editorial.layer``, ``corrections``, ``dates``, ``quotes``, ``measures``).

Each is a pydantic model: every table forbids keys it does not declare, every value has one type and
is never coerced (``forms = "Zhou"`` is an error, not five one-letter forms), ids are XML names.
``check_file`` reports every problem of a file at once, each as ``line: [table] key: what is wrong``
(with "did you mean" for a near miss of a declared name), in one ``ConfigError`` naming the file.

To add a key: add a field to the table's model (``Field(alias=…)`` when the key is not a Python name);
to add a table: a model and a field of that type. The loaders read the validated data as before.
"""

from __future__ import annotations

import re
import typing
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, conint

from .errors import ConfigError

# --------------------------------------------------------------------------- value types

_NAME_START = ("A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
               "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
NCNAME = re.compile(f"[{_NAME_START}][{_NAME_START}\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]*")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*|[xX](-[A-Za-z0-9]{1,8})+")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _ncname(value: str) -> str:
    if not NCNAME.fullmatch(value):
        raise ValueError(f"{value!r} is not an XML name (usable as xml:id: a letter or _ first, then letters, "
                         "digits, - _ . and no spaces or colons)")
    return value


def _language(value: str) -> str:
    if not LANGUAGE.fullmatch(value):
        raise ValueError(f"{value!r} is not a language tag such as en, ru or zh-Hant")
    return value


def _iso_date(value: str) -> str:
    if not ISO_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


XmlName = Annotated[str, AfterValidator(_ncname)]
LanguageTag = Annotated[str, AfterValidator(_language)]
IsoDate = Annotated[str, AfterValidator(_iso_date)]
Text = Annotated[str, AfterValidator(_not_blank)]
Positive = conint(strict=True, ge=1)


class Table(BaseModel):
    """A TOML table: declared keys only, strict types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --------------------------------------------------------------------------- edition.toml

class ProjectEdition(Table):
    title: Optional[str] = None
    publisher: Optional[str] = None
    output: Optional[Text] = None
    register_: Optional[Text] = Field(None, alias="register")
    strict: Optional[bool] = None  # the converter's doubts are errors (convert --strict)
    base_url: Optional[str] = None  # where the site is published (absolute URLs in citations, sitemap.xml)
    introduction: Optional[str] = None  # the home page's introduction
    version: Optional[Union[str, int, float]] = None  # the edition's version (records, citations)
    url: Optional[Text] = None  # where the HTML edition is published (checked in credits.py)
    doi: Optional[Text] = None  # the edition as a whole
    date: Optional[IsoDate] = None  # when the edition is published: every document's, unless its editorial file says


class ProjectEditor(Table):
    """An editor credited in the TEI header, the citations and every deposit record (credits.py)."""
    name: Text
    given_name: Optional[Text] = None
    family_name: Optional[Text] = None
    orcid: Optional[Text] = None
    affiliation: Optional[Text] = None
    ror: Optional[Text] = None
    type: Optional[Literal["person", "organisation"]] = None


class ProjectFunder(Table):
    """Who funded this edition (not the source's translation)."""
    name: Text
    ror: Optional[Text] = None


class ProjectWitness(Table):
    """One witness of a collated document (docs/collation.md)."""
    source: Text
    siglum: Text
    description: Optional[str] = None
    base: Optional[bool] = None
    metadata: Optional[Text] = None


class ProjectDocument(Table):
    source: Optional[Text] = None  # may be left out when witnesses are given (the base's source)
    metadata: Optional[Text] = None
    doi: Optional[Text] = None
    witness: list[ProjectWitness] = []


class ProjectSchema(Table):
    tei_all: Optional[str] = None
    datacite: Optional[str] = None  # the official DataCite 4.5 XSD (records.py)


class ProjectPackage(Table):
    bagging_date: Optional[Union[str, date]] = Field(None, alias="bagging-date")


class ProjectFile(Table):
    edition: Optional[ProjectEdition] = None
    editor: list[ProjectEditor] = []
    funder: list[ProjectFunder] = []
    document: list[ProjectDocument] = []
    schema_: Optional[ProjectSchema] = Field(None, alias="schema")
    package: Optional[ProjectPackage] = None


# --------------------------------------------------------------------------- sources/NAME.toml

class EditorialEdition(Table):
    editor: Optional[str] = None
    strict: Optional[bool] = None  # a doubt about who speaks is an error for this document
    publisher: Optional[str] = None
    date: Optional[str] = None
    licence: Optional[str] = None
    licence_url: Optional[str] = None
    introduction: Optional[str] = None


class EditorialSource(Table):
    name: Optional[str] = None
    url: Optional[str] = None


class Archive(Table):
    name: Text
    settlement: Optional[str] = None
    country: Optional[str] = None


class Participant(Table):
    id: XmlName
    name: Text
    forms: list[Text] = []
    role: Optional[Text] = None


OVERRIDE_ROLES = ("narrative", "speech", "set-aside", "abstract", "head", "title", "stage")


class Override(Table):
    paragraph: Optional[Positive] = None
    line: Optional[Positive] = None
    starts: Optional[Text] = None
    as_: Optional[Literal[OVERRIDE_ROLES]] = Field(None, alias="as")
    who: Optional[XmlName] = None
    reason: Optional[str] = None
    literal_brackets: bool = False


class _Anchored(Table):
    """What every anchored entry may say besides its own keys."""

    context: Optional[Text] = None
    occurrence: Optional[Positive] = None
    all: Optional[bool] = None
    reason: Optional[str] = None
    type: Optional[XmlName] = None


class Correction(_Anchored):
    sic: Text
    corr: str


class Regularisation(_Anchored):
    orig: Text
    reg: str


class Note(_Anchored):
    anchor: Text
    text: Text


class DateEntry(_Anchored):
    anchor: Text
    when: IsoDate


class Dates(Table):
    year: Optional[conint(strict=True, ge=1, le=9999)] = None
    relative: Optional[bool] = None


class Quotes(Table):
    so_called: list[Text] = []
    mentioned: list[Text] = []


class Measures(Table):
    count_nouns: list[Text] = []
    commodities: dict[str, Text] = {}


class CollationDecision(Table):
    witness: Text
    reading: str
    base: Optional[str] = None
    occurrence: Optional[Positive] = None


class Collation(Table):
    """How witnesses are collated and the editors' decisions (docs/collation.md)."""
    ignore_case: Optional[bool] = None
    ignore_punctuation: Optional[bool] = None
    spelling: list[list[Text]] = []
    speakers: list[list[Text]] = []
    anchor_length: Optional[conint(strict=True, ge=0)] = None
    lemma: list[CollationDecision] = []
    reject: list[CollationDecision] = []


class EditorialFile(Table):
    # the document's metadata (edition/editorial/metadata.py)
    id: Optional[XmlName] = None
    title: Optional[str] = None
    language: Optional[LanguageTag] = None
    original_language: Optional[LanguageTag] = None
    bracket_resp: Optional[XmlName] = None
    transcriber: Optional[Text] = None  # who transcribed the record (the brackets are theirs)
    boilerplate: list[Text] = []
    edition: Optional[EditorialEdition] = None
    source: Optional[EditorialSource] = None
    archives: dict[str, Archive] = {}
    participant: list[Participant] = []
    override: list[Override] = []
    # the editorial layer (edition/editorial/layer.py and its passes)
    correction: list[Correction] = []
    regularisation: list[Regularisation] = []
    regularization: list[Regularisation] = []
    note: list[Note] = []
    date: list[DateEntry] = []
    dates: Optional[Dates] = None
    quotes: Optional[Quotes] = None
    measures: Optional[Measures] = None
    collation: Optional[Collation] = None


# --------------------------------------------------------------------------- checking a file

Problem = tuple[Optional[int], str]  # (line in the file, message)


def check_file(model: type[Table], data: dict, path: str | Path, *, extra: list[tuple[tuple, str]] = ()):
    """Validate ``data`` (the parsed TOML file at ``path``) against ``model``; return the model.

    ``extra`` adds problems found by the caller, as (location, message), to the same report.
    Raises one ``ConfigError`` naming the file and the line of the first problem, listing every one.
    """
    problems: list[Problem] = [(locate(path, loc), _prefixed(loc, data, message))
                               for loc, message in control_characters(data)]
    result = None
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            where = loc[:-1] if error["type"] == "extra_forbidden" else loc
            problems.append((locate(path, loc), _prefixed(where, data, _message(model, error))))
    problems += [(locate(path, loc), _prefixed(loc, data, message)) for loc, message in extra]
    if problems:
        raise_problems(path, problems)
    return result


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def control_characters(data: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """Strings (keys too) holding a control character, written as an escape such as ``\\u0001`` (TOML
    refuses them raw): XML cannot carry most of them, none belongs in an edition."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found += control_characters(key, loc + (key,)) + control_characters(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += control_characters(value, loc + (index,))
    elif isinstance(data, str) and (match := _CONTROL.search(data)):
        found.append((loc, f"control character U+{ord(match.group()):04X} in the text: remove it "
                           "(XML cannot carry it)"))
    return found


def _prefixed(loc: tuple, data: dict, message: str) -> str:
    return f"{describe(loc, data)}: {message}" if loc else message


def raise_at(path: str | Path, data: dict, problems: list[tuple[tuple, str]]) -> None:
    """``raise_problems`` for problems given by location in ``data`` (the parsed file at ``path``)."""
    raise_problems(path, [(locate(path, loc), _prefixed(loc, data, message)) for loc, message in problems])


def raise_problems(path: str | Path, problems: list[Problem]) -> None:
    """One ``ConfigError``: the first problem (by line) with its place, then the others with theirs."""
    problems = sorted(problems, key=lambda p: (p[0] is None, p[0] or 0))
    line, message = problems[0]
    if len(problems) > 1:
        message += f" (and {len(problems) - 1} more: " + "; ".join(
            (f"line {ln}: " if ln else "") + msg for ln, msg in problems[1:]) + ")"
    raise ConfigError(message, path=str(path), line=line)


def describe(loc: tuple, data: Any = None) -> str:
    """``[[participant]] #2 forms``, ``[edition] editor``, ``id``: how an editor finds the key."""
    label, tables, node, i = "", [], data, 0
    while i < len(loc):
        child = node.get(loc[i]) if isinstance(node, dict) else None
        if (isinstance(child, list) and i + 1 < len(loc) and isinstance(loc[i + 1], int)
                and loc[i + 1] < len(child) and isinstance(child[loc[i + 1]], dict)):
            label = f"[[{'.'.join(map(str, [*tables, loc[i]]))}]] #{loc[i + 1] + 1}"
            tables, node, i = [], child[loc[i + 1]], i + 2
        elif isinstance(child, dict):
            tables.append(str(loc[i]))
            node, i = child, i + 1
        else:
            break
    rest = "".join(f" item {p + 1}" if isinstance(p, int) else f".{p}" for p in loc[i:]).lstrip(".").strip()
    if label:
        where = " ".join(filter(None, [label, ".".join(tables)]))
    else:
        where = f"[{'.'.join(tables)}]" if tables else ""
    return " ".join(filter(None, [where, rest]))


_EXPECTED = {"string_type": "a string (in quotes)", "list_type": "a list [ … ]", "int_type": "a whole number",
             "bool_type": "true or false", "dict_type": "a table", "model_type": "a table",
             "float_type": "a number", "date_type": "a date", "int_from_float": "a whole number"}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _message(model: type[Table], error: dict) -> str:
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = allowed_names(model, loc[:-1])
        guess = did_you_mean(name, allowed)
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            what, shown = f"unknown table [[{name}]]", f"[[{guess}]]"
        elif isinstance(value, dict):
            what, shown = f"unknown table [{name}]", f"[{guess}]"
        else:
            what, shown = f"unknown key {name!r}", repr(guess)
        return what + (f": did you mean {shown}?" if guess else f" (known: {', '.join(sorted(allowed))})")
    if kind == "missing":
        return "is required"
    if kind in _EXPECTED:
        return f"must be {_EXPECTED[kind]}, not {_type_name(value)}"
    if kind == "literal_error":
        return f"{value!r} is not one of {error['ctx']['expected']}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{value!r}: {error['msg'].lower()}"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    return error["msg"]


def did_you_mean(name: str, allowed: typing.Iterable[str]) -> str | None:
    """The declared name closest to a near miss (``notes`` → ``note``, ``corection`` → ``correction``)."""
    from .convert.labels import edit_distance

    limit = 1 if len(name) < 5 else 2
    scored = sorted((edit_distance(name.lower(), candidate.lower(), limit), candidate) for candidate in allowed)
    return scored[0][1] if scored and scored[0][0] <= limit else None


def allowed_names(model: type[Table], loc: tuple) -> set[str]:
    """The keys the schema declares at ``loc`` (list indexes and table keys followed through)."""
    target: Any = model
    for part in loc:
        target = _inner(target)
        if isinstance(target, type) and issubclass(target, BaseModel):
            field = next((f for n, f in target.model_fields.items() if (f.alias or n) == part), None)
            if field is None:
                return set()
            target = field.annotation
        else:
            target = _element(target)
    target = _inner(target)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return {f.alias or n for n, f in target.model_fields.items()}
    return set()


def _inner(annotation: Any) -> Any:
    """``Optional[X]`` → X."""
    if typing.get_origin(annotation) is Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _element(annotation: Any) -> Any:
    """``list[X]`` → X, ``dict[str, X]`` → X."""
    args = typing.get_args(annotation)
    return args[-1] if args else annotation


# --------------------------------------------------------------------------- lines of keys

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _split_key(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text)]


def key_lines(text: str) -> dict[tuple, int]:
    """The line of every table header and key of a TOML text, by location (list indexes included).

    A reader of lines, not a parser: good for messages (a key it cannot place has no line).
    """
    lines: dict[tuple, int] = {}
    counts: dict[tuple, int] = {}
    current: tuple = ()
    in_string = None
    depth = 0  # inside a value's brackets that span lines
    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth:
            depth = max(0, depth + _brackets(line))
            continue
        header = _HEADER.match(line)
        if header and not _KEY.match(line):
            parts = _split_key(header.group(2))
            path: list = []
            for i, part in enumerate(parts):
                path.append(part)
                is_last = i == len(parts) - 1
                if tuple(path) in counts and not (is_last and header.group(1) == "[["):
                    path.append(counts[tuple(path)])
            if header.group(1) == "[[":
                key = tuple(path)
                counts[key] = counts.get(key, -1) + 1
                path.append(counts[key])
            current = tuple(path)
            lines.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault(current + tuple(_split_key(key.group(1))), number)
            rest = line[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
            if not in_string:
                depth = max(0, _brackets(rest))
    return lines


def _brackets(text: str) -> int:
    """Opening minus closing brackets and braces outside strings and comments."""
    text = re.sub(r""""(?:[^"\\]|\\.)*"|'[^']*'""", "", text).split("#")[0]
    return text.count("[") + text.count("{") - text.count("]") - text.count("}")


def locate(path: str | Path, loc: tuple) -> int | None:
    """The line of ``loc`` in the TOML file at ``path``, or of the nearest enclosing key or table."""
    try:
        found = key_lines(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
    loc = tuple(loc)
    while loc:
        if loc in found:
            return found[loc]
        inside = [line for key, line in found.items() if key[:len(loc)] == loc]
        if inside:  # an array of tables named as a whole: its first entry
            return min(inside)
        loc = loc[:-1]
    return None
