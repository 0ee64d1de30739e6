"""The project file (``edition.toml``): which sources make up the edition, where outputs go.

An edition project is a folder with an ``edition.toml``::

    [edition]
    title = "Records of Conversation, 1958"
    publisher = "The edition project"
    output = "output"                    # build results
    base_url = "https://example.org/records-1958/"   # where the site is published: absolute URLs in citations
    introduction = "The home page's introduction; paragraphs separated by blank lines."
    register = "sources/register.toml"   # persons, places, organisations
    strict = false                       # true: a doubt about who speaks stops the build

    [[document]]
    source = "sources/memorandum-1958-10-02.txt"
    # metadata = "sources/memorandum-1958-10-02.toml"  (default: beside the source)

    [[document]]                         # a critical edition of several witnesses
    [[document.witness]]
    source = "sources/record-ru.txt"     # a transcript, or a TEI file (.xml)
    siglum = "A"                         # an XML name: the witness's xml:id and its siglum
    description = "Archival original"
    base = true                          # exactly one: the base text of the edition
    [[document.witness]]
    source = "sources/record-en.txt"
    siglum = "B"

    [schema]
    # tei_all = "/path/to/tei_all.rng"   (or the environment variable EDITION_TEI_ALL)

The file is checked against its declared schema (``edition.schemas.ProjectFile``): an unknown table
or key (with "did you mean"), a value of the wrong type, each named with its line. Every problem in the
file is reported, then loading stops once.
"""

from __future__ import annotations

import dataclasses

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .credits import EditionFacts, check_doi, load_edition_facts
from .errors import ConfigError
from .fsio import resolve_path

PROJECT_FILE = "edition.toml"
TEI_ALL_ENV = "EDITION_TEI_ALL"


@dataclass(frozen=True)
class WitnessSpec:
    """One witness of a document edited from several (``[[document.witness]]``)."""

    source: Path
    siglum: str
    description: str = ""
    base: bool = False
    metadata: Path | None = None


@dataclass(frozen=True)
class DocumentSpec:
    """One transcript of the edition and the editorial file beside it.

    A document with witnesses is collated: ``source`` is then the base witness's source.
    """

    source: Path
    metadata: Path | None
    doi: str | None = None   # the document's DOI (``doi`` in its [[document]] table)
    witnesses: tuple[WitnessSpec, ...] = ()


@dataclass(frozen=True)
class Project:
    """Settings of an edition project, paths made absolute."""

    root: Path
    title: str
    publisher: str
    output_dir: Path
    register: Path | None
    documents: tuple[DocumentSpec, ...]
    tei_all: Path | None = None
    settings: dict = field(default_factory=dict, compare=False)
    facts: EditionFacts = field(default_factory=EditionFacts, compare=False)  # editors, version, DOIs
    base_url: str = ""    # where the site is published, ending in '/'; empty: citations carry no URL
    introduction: str = ""  # the home page's introduction (paragraphs separated by blank lines)

    @property
    def tei_dir(self) -> Path:
        return self.output_dir / "tei"


def find_project_file(start: Path | None = None) -> Path | None:
    """The nearest ``edition.toml`` at or above ``start`` (the working folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file():
            return candidate
    return None


#: the endings of the files that are transcripts to convert (plain text, caption files), not TEI
TRANSCRIPT_SUFFIXES = (".txt", ".vtt", ".srt")


def is_transcript(path: Path) -> bool:
    """A transcript to convert (``.txt``, or a caption file ``.vtt``/``.srt``), not a TEI file."""
    return path.suffix.lower() in TRANSCRIPT_SUFFIXES


def metadata_path_for(source: Path) -> Path | None:
    """The editorial file beside a source: same name, ending ``.toml``."""
    candidate = source.with_suffix(".toml")
    return candidate if candidate.is_file() else None


def read_toml(path: Path) -> dict:
    """Parse a TOML file; a syntax error names the file, line and column (also on Python 3.11, whose
    ``TOMLDecodeError`` has them only in its message)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", path=str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigError(f"not UTF-8: byte 0x{data[exc.start]:02x}; save the file as UTF-8", path=str(path),
                          line=line, column=column) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(exc, text, path) from None


def _toml_error(exc: tomllib.TOMLDecodeError, text: str, path: Path) -> ConfigError:
    message = str(exc)
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    where = re.search(r" \(at line (\d+), column (\d+)\)$", message)
    if where:
        line, col = line or int(where.group(1)), col or int(where.group(2))
    elif message.endswith(" (at end of document)"):
        line = line or text.count("\n") + (0 if text.endswith("\n") else 1)
    message = re.sub(r" \(at (line \d+, column \d+|end of document)\)$", "", message)
    illegal = re.match(r"Illegal character '(.+)'$", message)
    if illegal:
        character = illegal.group(1).encode().decode("unicode_escape")
        if len(character) == 1 and (ord(character) < 0x20 or ord(character) == 0x7F):
            message = (f"control character U+{ord(character):04X} is not allowed here (inside a string, write it "
                       f"as \\u{ord(character):04X}, or a line break in a \"\"\"multi-line string\"\"\")")
    return ConfigError(f"invalid TOML: {message}", path=str(path), line=line, column=col)


def load_project(path: Path) -> Project:
    """Read and check a project file; all problems are reported in one error."""
    from .schemas import ProjectFile, check_file

    data = read_toml(path)
    check_file(ProjectFile, data, path)
    root = path.parent.resolve()
    problems: list[str] = []
    resolved = FolderResolver()   # resolve_path, each folder once
    edition = data.get("edition", {})
    if not isinstance(edition, dict):
        problems.append("[edition] must be a table")
        edition = {}
    documents: list[DocumentSpec] = []
    entries = data.get("document", [])
    if not isinstance(entries, list) or not entries:
        problems.append("no [[document]] entries: name at least one source transcript")
        entries = []
    for number, entry in enumerate(entries, 1):
        witnesses = _load_witnesses(root, entry, number, problems) if isinstance(entry, dict) else ()
        if witnesses and "source" not in entry:
            base = next(w for w in witnesses if w.base)
            doi = check_doi(entry.get("doi") if isinstance(entry.get("doi"), str) else None,
                            f"[[document]] #{number}: doi", problems)
            documents.append(DocumentSpec(base.source, base.metadata, doi, witnesses))
            continue
        source = entry.get("source") if isinstance(entry, dict) else None
        if not isinstance(source, str):
            problems.append(f"[[document]] #{number}: 'source' (a path) is required")
            continue
        source_path = resolved(root / source, "source")
        if not source_path.is_file():
            problems.append(f"[[document]] #{number}: source is not a file: {source}" if source_path.exists()
                            else f"[[document]] #{number}: source not found: {source}")
        meta = entry.get("metadata")
        meta_path = resolved(root / meta, "metadata") if isinstance(meta, str) else metadata_path_for(source_path)
        if meta_path is not None and not meta_path.is_file():
            problems.append(f"[[document]] #{number}: metadata file not found: {meta}")
        if entry.get("doi") is not None and not isinstance(entry.get("doi"), str):
            problems.append(f"[[document]] #{number}: doi must be a string (\"10.NNNN/…\")")
        doi = check_doi(entry.get("doi") if isinstance(entry.get("doi"), str) else None,
                        f"[[document]] #{number}: doi", problems)
        if witnesses and next(w for w in witnesses if w.base).source != source_path:
            problems.append(f"[[document]] #{number}: 'source' must be the base witness's source (or left out)")
        documents.append(DocumentSpec(source_path, meta_path, doi, witnesses))
    if not isinstance(edition.get("strict", False), bool):
        problems.append("[edition] strict must be true or false")
    register = edition.get("register")
    register_path = resolved(root / register, "register") if isinstance(register, str) else None
    if register_path is not None and not register_path.is_file():
        problems.append(f"register not found: {register}")
    schema = data.get("schema", {})
    tei_all = schema.get("tei_all") if isinstance(schema, dict) else None
    tei_all_path = (root / tei_all).resolve() if isinstance(tei_all, str) and tei_all else None
    facts = load_edition_facts(data, problems, root)
    base_url = edition.get("base_url", "")
    if not isinstance(base_url, str) or (base_url and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url)):
        problems.append(f"base_url must be an absolute http(s) URL, not {base_url!r}")
        base_url = ""
    introduction = edition.get("introduction", "")
    if not isinstance(introduction, str):
        problems.append("introduction must be text (paragraphs separated by blank lines)")
        introduction = ""
    # one address of the published site: base_url (the site's, for citations) and url (the deposit
    # records') name the same place; either one given serves both
    if base_url and not facts.url:
        facts = dataclasses.replace(facts, url=normalise_base_url(base_url))
    elif facts.url and not base_url:
        base_url = facts.url
    if problems:
        raise ConfigError("; ".join(problems), path=str(path))
    return Project(
        root=root,
        title=str(edition.get("title", "Untitled edition")),
        publisher=str(edition.get("publisher", "")),
        output_dir=resolved(root / str(edition.get("output", "output")), "output folder"),
        register=register_path,
        documents=tuple(documents),
        tei_all=tei_all_path,
        settings=data,
        facts=facts,
        base_url=normalise_base_url(base_url),
        introduction=introduction,
    )


class FolderResolver:
    """``fsio.resolve_path`` for many files of a few folders: each folder resolved once, a file's own name
    resolved only when it is a symbolic link (or '.' or '..'): two system calls a document, not one a
    component of its path (a project of 1,000 documents loads in half the time)."""

    def __init__(self) -> None:
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path, what: str = "path") -> Path:
        path = Path(path)
        if path.name in ("", ".", ".."):
            return resolve_path(path, what)
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = resolve_path(path.parent, what)
        candidate = folder / path.name
        try:
            if not candidate.is_symlink():
                return candidate
        except OSError:
            pass
        return resolve_path(path, what)


def normalise_base_url(url: str | None) -> str:
    """A base URL ending in '/' (empty stays empty)."""
    url = (url or "").strip()
    return url if not url or url.endswith("/") else url + "/"
_SIGLUM = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*\Z")


def _load_witnesses(root: Path, entry: dict, number: int, problems: list[str]) -> tuple[WitnessSpec, ...]:
    """The ``[[document.witness]]`` entries of one document: each a source with a unique siglum, one base."""
    raw = entry.get("witness", [])
    if not isinstance(raw, list) or not all(isinstance(w, dict) for w in raw):
        problems.append(f"[[document]] #{number}: [[document.witness]] must be an array of tables")
        return ()
    witnesses: list[WitnessSpec] = []
    for index, item in enumerate(raw, 1):
        where = f"[[document]] #{number}, witness #{index}"
        source, siglum = item.get("source"), item.get("siglum")
        if not isinstance(source, str) or not isinstance(siglum, str) or not _SIGLUM.match(siglum):
            problems.append(f"{where}: 'source' (a path) and 'siglum' (an XML name such as A or Ms1) are required")
            continue
        source_path = (root / source).resolve()
        if not source_path.is_file():
            problems.append(f"{where}: source not found: {source}")
        meta = item.get("metadata")
        meta_path = (root / meta).resolve() if isinstance(meta, str) else (
            metadata_path_for(source_path) if source_path.suffix != ".xml" else None)
        if meta_path is not None and not meta_path.is_file():
            problems.append(f"{where}: metadata file not found: {meta}")
        witnesses.append(WitnessSpec(source_path, siglum, str(item.get("description", "")),
                                     item.get("base") is True, meta_path))
    if raw and len(witnesses) == len(raw):
        sigla = [w.siglum for w in witnesses]
        if len(set(sigla)) != len(sigla):
            problems.append(f"[[document]] #{number}: witness sigla must be unique ({', '.join(sigla)})")
        if sum(w.base for w in witnesses) != 1:
            problems.append(f"[[document]] #{number}: exactly one witness needs base = true")
        if len(witnesses) < 2:
            problems.append(f"[[document]] #{number}: a collation needs at least two witnesses")
        if problems:
            return ()
    return tuple(witnesses) if len(witnesses) == len(raw) else ()


def register_for(source: Path) -> Path | None:
    """The register of the project that lists ``source`` among its documents, if there is one."""
    project_file = find_project_file(Path(source).resolve().parent)
    if project_file is None:
        return None
    try:
        project = load_project(project_file)
    except ConfigError:
        return None  # a broken project file is reported by 'edition build', not by reading one file
    if any(spec.source == Path(source).resolve() for spec in project.documents):
        return project.register
    return None


def resolve_tei_all(option: str | os.PathLike | None, project: Project | None = None) -> Path:
    """Where the official TEI P5 ``tei_all.rng`` is: option, environment, project file.

    Raises a ``SchemaError`` that says exactly how to provide it when it is missing.
    """
    from .errors import SchemaError

    candidates = [
        (option, "--tei-all-schema"),
        (os.environ.get(TEI_ALL_ENV), f"${TEI_ALL_ENV}"),
        (project.tei_all if project else None, f"[schema] tei_all in {PROJECT_FILE}"),
    ]
    for value, origin in candidates:
        if value:
            path = Path(value).expanduser()
            if path.is_file():
                return path.resolve()
            raise SchemaError(f"TEI schema named by {origin} not found: {path}")
    raise SchemaError(
        "the official TEI P5 schema tei_all.rng is needed and was not found. Download it from "
        "https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng (or the TEI release zip "
        f"at https://github.com/TEIC/TEI/releases), then set {TEI_ALL_ENV}=/path/to/tei_all.rng, "
        f"or add 'tei_all = \"/path/to/tei_all.rng\"' under [schema] in {PROJECT_FILE}, "
        "or pass --tei-all-schema PATH"
    )
