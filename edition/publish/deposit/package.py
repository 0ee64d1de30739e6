"""Deposit packages: one BagIt 1.0 bag (and a zip of it) per document, for a repository.

    output/deposit/<id>/                 the bag
        bagit.txt  bag-info.txt  manifest-sha256.txt  manifest-sha512.txt  tagmanifest-*.txt
        metadata/mets.xml                METS 1.12: DC record (mdWrap), DataCite reference, provenance,
                                         every payload file with MIME type, size and SHA-256
        metadata/datacite.xml            DataCite Metadata Schema 4.5   (xslt/deposit/datacite.xsl)
        metadata/dc.xml                  Dublin Core, oai_dc            (xslt/deposit/dc.xsl)
        metadata/zenodo.json             Zenodo deposit metadata        (xslt/deposit/zenodo.xsl)
        metadata/dspace/dublin_core.xml  DSpace Simple Archive Format item (xslt/deposit/dspace.xsl)
        metadata/dspace/contents         its files: ../../data/…
        data/tei/<id>.xml                the TEI document (the only copy: the page links to it)
        data/html/…                      its page of the HTML edition and the files the page uses; links
                                         to pages not in the bag point to the published edition or are removed
        data/print/<id>.pdf              the print edition, if one was made (the only copy)
        data/reports/<id>.json           the conversion report (provenance)
        data/source/…                    the transcript, its editorial file and the register
    output/deposit/<id>.zip              the bag as one file

The metadata comes from the TEI header only, through the stylesheets in ``xslt/deposit/``, and every
record is checked against the schema of its standard (``records.py``). Every package is planned in
memory first (inputs read and checked, records made and checked), so a bad input stops the run before
anything is written. The bag is written to a temporary folder beside the old one, checked
with the ``bagit`` library's validator and only then swapped into place; the zip is written to a
temporary file and renamed. A failed run leaves the previous package as it was.

Builds are byte-identical: files are sorted, the Bagging-Date comes from the project
(``[package] bagging-date``) or the edition's publication date, never from the clock, and zip entries
carry that date as their timestamp.

The bag is written here rather than with ``bagit.make_bag``, which writes BagIt 0.97, lists tag files
in directory order and works by changing the process's working folder; ``bagit.Bag.validate`` (the
validator) checks every bag before it is published.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import io
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping
from urllib.parse import unquote, urlsplit

from lxml import etree

from ... import TEI_NS, __version__, paths
from ...errors import EditionError
from ...fsio import clean_leftovers, output_error, staging_dir
from ...project import Project, read_toml
from .records import RecordSchemas, check_records
from ...safexml import parse_xml_bytes
from ..trees import remove_keeping_tail

DEPOSIT_XSLT_DIR = paths.XSLT_DIR / "deposit"
DATACITE_XSL = DEPOSIT_XSLT_DIR / "datacite.xsl"
DC_XSL = DEPOSIT_XSLT_DIR / "dc.xsl"
DSPACE_XSL = DEPOSIT_XSLT_DIR / "dspace.xsl"
ZENODO_XSL = DEPOSIT_XSLT_DIR / "zenodo.xsl"
#: The METS profile the package's METS follows: described in docs/deposit.md (not registered with the LoC).
METS_PROFILE = "urn:edition:deposit-package:1"

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DATACITE_NS = "http://datacite.org/schema/kernel-4"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
METS_SCHEMA_LOCATION = "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/version112/mets.xsd"

BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
ALGORITHMS = ("sha256", "sha512")
DEFAULT_BAGGING_DATE = "1980-01-01"  # the earliest date a zip entry can carry
#: zlib's fastest level: on a memorandum's bag (29 files, 334 KB) 15 % larger than the default level 6
#: (106 KB against 92 KB) and half the processor time (about 5 ms against 10 ms), the largest part of
#: writing a package; the same bytes for the same files, as at any level
ZIP_LEVEL = 1

MIME_TYPES = {
    ".xml": "application/xml", ".html": "text/html", ".htm": "text/html", ".css": "text/css",
    ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".woff": "font/woff", ".woff2": "font/woff2",
    ".ttf": "font/ttf", ".otf": "font/otf", ".pdf": "application/pdf", ".txt": "text/plain",
    ".toml": "application/toml", ".bib": "application/x-bibtex", ".ris": "application/x-research-info-systems",
    ".csv": "text/csv", ".ico": "image/vnd.microsoft.icon",
}

#: The groups of payload files, in the order METS lists them: (folder under data/, USE, label).
FILE_GROUPS = (
    ("tei", "master", "TEI P5 document"),
    ("html", "access", "HTML reading edition"),
    ("print", "print", "Print edition (PDF)"),
    ("reports", "provenance", "Conversion report"),
    ("source", "source", "Source transcript, editorial file and register"),
)


class PackageError(EditionError):
    """A document cannot be packaged (not TEI, a missing output, an unreadable file)."""


@dataclass(frozen=True)
class PackageResult:
    """What ``build_package`` wrote for one document."""

    id: str
    bag_dir: Path
    zip_path: Path
    payload_files: int
    payload_bytes: int


@dataclass
class PackagePlan:
    """One package, complete in memory: every file of the bag by its path in the bag."""

    id: str
    tei_path: Path
    payload: dict[str, bytes] = field(default_factory=dict)   # "data/…" → bytes
    metadata: dict[str, bytes] = field(default_factory=dict)  # "metadata/…" → bytes
    bag_info: list[tuple[str, str]] = field(default_factory=list)
    bagging_date: str = DEFAULT_BAGGING_DATE
    warnings: list[str] = field(default_factory=list)
    _digests: dict[tuple[str, str], tuple[bytes, str]] = field(default_factory=dict, repr=False)

    def files(self) -> dict[str, bytes]:
        """Every file of the bag (payload, metadata and tag files), sorted by path."""
        files = dict(self.payload)
        files.update(self.metadata)
        files.update(_tag_files(self.payload, self.metadata, self.bag_info, self.digest))
        return dict(sorted(files.items()))

    def digest(self, path: str, data: bytes, algorithm: str) -> str:
        """The hex digest of the file ``path`` of the bag (``data``), computed once per file and algorithm
        (for METS, the manifests and the tag manifests)."""
        known = self._digests.get((path, algorithm))
        if known is None or known[0] is not data:
            known = (data, hashlib.new(algorithm, data).hexdigest())
            self._digests[(path, algorithm)] = known
        return known[1]


# --------------------------------------------------------------------------- public functions

def build_package(tei_path: str | os.PathLike, out_dir: str | os.PathLike | None = None, *,
                  project: Project | None = None, html_dir: str | os.PathLike | None = None,
                  pdf_path: str | os.PathLike | None = None, report_path: str | os.PathLike | None = None,
                  sources: Iterable[str | os.PathLike] | None = None,
                  bagging_date: str | None = None) -> PackageResult:
    """Package one TEI document into ``out_dir/<id>/`` and ``out_dir/<id>.zip``.

    With a ``project``, the outputs of the document are found in the project's output folder
    (``html/``, ``print/``, ``reports/``) and its sources through the project file; the explicit
    arguments override. ``out_dir`` defaults to the project's ``output/deposit``.
    """
    plan = plan_package(tei_path, project=project, html_dir=html_dir, pdf_path=pdf_path,
                        report_path=report_path, sources=sources, bagging_date=bagging_date,
                        schemas=RecordSchemas.find(project))
    target = _out_dir(out_dir, project)
    check_replaceable_package(target, plan.id)
    return write_package(plan, target)


def package_documents(project: Project, tei_paths: Iterable[str | os.PathLike] | None = None, *,
                      out_dir: str | os.PathLike | None = None, bagging_date: str | None = None,
                      echo: Callable[[str], None] = lambda message: None) -> list[PackageResult]:
    """Package the project's documents (default: every ``output/tei/*.xml``): the stage of ``edition build``.

    Every package is planned before the first is written: one bad document stops the run with
    nothing written.
    """
    if tei_paths is None:
        tei_paths = sorted(project.tei_dir.glob("*.xml"))
        if not tei_paths:
            raise PackageError(f"no TEI documents in {project.tei_dir}: run 'edition build' first",
                               path=str(project.tei_dir))
    return package_files(tei_paths, project=project, out_dir=out_dir, bagging_date=bagging_date, echo=echo)


def package_files(tei_paths: Iterable[str | os.PathLike], *, project: Project | None = None,
                  out_dir: str | os.PathLike | None = None, bagging_date: str | None = None,
                  echo: Callable[[str], None] = lambda message: None) -> list[PackageResult]:
    """Package TEI files, with or without a project; all are planned before any is written."""
    paths = [Path(p) for p in tei_paths]
    if not paths:
        raise PackageError("no TEI files to package")
    schemas = RecordSchemas.find(project)
    index = source_index(project) if project is not None else None
    plans = [plan_package(path, project=project, bagging_date=bagging_date, schemas=schemas, source_index=index)
             for path in paths]
    _check_unique(plans)
    for message in filter(None, [schemas.missing_warning(), *(w for plan in plans for w in plan.warnings)]):
        echo(message)
    target = _out_dir(out_dir, project)
    for plan in plans:
        check_replaceable_package(target, plan.id)
    results = []
    for plan in plans:
        result = write_package(plan, target)
        files = f"{result.payload_files} file{'s' if result.payload_files != 1 else ''}"
        echo(f"packaged {plan.id} → {_shown(result.bag_dir, project)} ({files}, {result.payload_bytes:,} bytes) "
             f"and {_shown(result.zip_path, project)}")
        results.append(result)
    return results


# --------------------------------------------------------------------------- planning

def plan_package(tei_path: str | os.PathLike, *, project: Project | None = None,
                 html_dir: str | os.PathLike | None = None, pdf_path: str | os.PathLike | None = None,
                 report_path: str | os.PathLike | None = None,
                 sources: Iterable[str | os.PathLike] | None = None,
                 bagging_date: str | None = None, schemas: RecordSchemas | None = None,
                 source_index: dict[str, list[Path]] | None = None, parsed: tuple | None = None,
                 site_files: Mapping[str, Path] | None = None) -> PackagePlan:
    """Read and check everything one package needs; make its metadata records and check them. Writes nothing.

    ``schemas``: where the records' schemas are (default: found as ``RecordSchemas.find`` finds them).
    ``source_index`` (from ``source_index(project)``) saves reading every editorial file again.
    ``parsed``: the TEI file already parsed safely (its lxml tree, and that tree handed to Saxon by
    ``xslt.parse_for_saxon``), when the caller has it (a build's package task).
    ``site_files``: the site the page is read from as a map instead of a folder (with ``html_dir`` the
    folder they would be in, which is not read): each file's path in the site → the file (a build's
    package task, whose page, TEI copy, PDF and assets are in separate places).
    """
    tei_path = Path(tei_path)
    tei_bytes = _read(tei_path)
    tree = parse_xml_bytes(tei_bytes, str(tei_path), base_url=str(tei_path)) if parsed is None else parsed[0]
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise PackageError(f"not a TEI document: the root element is {_qname(root)}, not TEI in {TEI_NS}",
                           path=str(tei_path), line=root.sourceline, column=1)
    if root.find(f"{{{TEI_NS}}}teiHeader") is None:
        raise PackageError("not a TEI document: it has no teiHeader", path=str(tei_path),
                           line=root.sourceline, column=1)
    doc_id = document_id(root, tei_path)
    plan = PackagePlan(doc_id, tei_path)
    plan.payload[f"data/tei/{doc_id}.xml"] = tei_bytes

    output_dir = project.output_dir if project else None
    from_project = bool(project and _is_within(tei_path, project.tei_dir))

    report = Path(report_path) if report_path else (output_dir / "reports" / f"{doc_id}.json" if output_dir else None)
    if report is not None and report.is_file():
        plan.payload[f"data/reports/{doc_id}.json"] = _read(report)
    elif report_path or from_project:
        raise PackageError(f"the conversion report of {doc_id} is missing ({report}): run 'edition build'",
                           path=str(tei_path))

    pdf = Path(pdf_path) if pdf_path else _find_pdf(output_dir, doc_id, tei_path)
    if pdf is not None and not pdf_path and output_dir is not None and _is_within(pdf, output_dir):
        from ...build.run import print_key, printed_from

        if printed_from(output_dir, doc_id) != print_key(tei_bytes, project):
            pdf = None  # printed from another text (or not by a build): a package holds only what it describes
    if pdf is not None and pdf.is_file():
        plan.payload[f"data/print/{doc_id}.pdf"] = _read(pdf)
    elif pdf_path:
        raise PackageError(f"PDF not found: {pdf}", path=str(tei_path))

    if sources is None and source_index is not None:
        sources = source_index.get(doc_id, [])
    html = Path(html_dir) if html_dir else (output_dir / "html" if output_dir else None)
    if html is not None and (site_files is not None or html.is_dir()):
        # the TEI and the PDF are stored once: the page's links to its copies point to data/tei, data/print
        stored = {data: path for path, data in plan.payload.items()}
        plan.payload.update(_html_files(html, doc_id, tei_path, stored, project.facts.url if project else None,
                                        site_files=site_files))
    elif html_dir:
        raise PackageError(f"HTML edition folder not found: {html}", path=str(tei_path))

    source_files = [Path(s) for s in sources] if sources is not None else _project_sources(project, doc_id)
    for source in source_files:
        plan.payload[f"data/source/{source.name}"] = _read(source)

    from ...xslt import parse_for_saxon

    document = parse_for_saxon(root, str(tei_path)) if parsed is None else parsed[1]  # once for the four
    datacite = _run_stylesheet(DATACITE_XSL, document, doc_id)
    dc = _run_stylesheet(DC_XSL, document, doc_id)
    year = _text(datacite, "d:publicationYear", _DATACITE)
    if year in (None, ":unav"):
        header = root.find(f"{{{TEI_NS}}}teiHeader")
        raise PackageError("no publication year: DataCite requires the year the edition was published; add "
                           "publicationStmt/date to the TEI header (for a document of the project: [edition] "
                           "date in edition.toml, or in its editorial file)", path=str(tei_path), line=header.sourceline)
    if root.find(_PUBLICATION_DATE) is None:   # header.xsl's dep:publication-date read it elsewhere: say so
        plan.warnings.append(f"warning: {doc_id}: no publicationStmt/date: the records give {year} as the year of "
                             "publication, the date of its editionStmt or of its latest revision (revisionDesc); "
                             "add publicationStmt/date to state it")
    plan.metadata["metadata/datacite.xml"] = _serialise(datacite)
    plan.metadata["metadata/dc.xml"] = _serialise(dc)
    zenodo = _zenodo_record(document, doc_id, tei_path, plan, strict=from_project)
    if zenodo is not None:
        plan.metadata["metadata/zenodo.json"] = zenodo
    dspace = _run_stylesheet(DSPACE_XSL, document, doc_id)
    plan.metadata["metadata/dspace/dublin_core.xml"] = _serialise(dspace)
    plan.metadata["metadata/dspace/contents"] = _dspace_contents(plan)

    plan.bagging_date = _bagging_date(bagging_date, project, datacite, tei_path)
    plan.bag_info = _bag_info(plan, project, datacite, dc)
    plan.metadata["metadata/mets.xml"] = _serialise(_mets(plan, datacite, dc))
    check_records(plan.metadata, schemas if schemas is not None else RecordSchemas.find(project), doc_id)
    return plan


#: What Zenodo requires that a TEI header may lack: (key, what to add).
ZENODO_REQUIRED = (
    ("description", "an abstract (profileDesc/abstract) or the editors' introduction ([edition] introduction "
                    "in the document's editorial file)"),
    ("license", "a licence Zenodo knows by its SPDX id (availability/licence with a Creative Commons URL, "
                "[edition] licence_url in the editorial file)"),
    ("publication_date", "the edition's date (publicationStmt/date, [edition] date in the editorial file)"),
)


def _zenodo_record(document, doc_id: str, tei_path: Path, plan: PackagePlan, *,
                   strict: bool) -> bytes | None:
    """``metadata/zenodo.json``: Zenodo's deposit metadata, or None (with a warning) when it cannot be made.

    For a document of the project (``strict``) a missing required fact is an error that says what to add;
    a TEI file from elsewhere is packaged without the Zenodo record.
    """
    import json

    from ...xslt import compile_stylesheet

    metadata = json.loads(compile_stylesheet(ZENODO_XSL).transform(document, params={"document-id": doc_id}))
    missing = [(key, hint) for key, hint in ZENODO_REQUIRED if not metadata.get(key)]
    if missing:
        message = (f"{doc_id}: no Zenodo record: Zenodo requires {', '.join(k for k, _ in missing)}; add "
                   + "; and ".join(hint for _, hint in missing))
        if strict:
            raise PackageError(message.split(": ", 1)[1], path=str(tei_path))
        plan.warnings.append(f"warning: {message}")
        return None
    return (json.dumps(metadata, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


#: Bundles and descriptions of the DSpace item's files, by folder of data/.
_DSPACE_FILES = {"tei": "TEI P5 document", "print": "Print edition (PDF)", "html": "HTML reading edition",
                 "reports": "Conversion report", "source": "Source transcript, editorial file and register"}


def _dspace_contents(plan: PackagePlan) -> bytes:
    """The ``contents`` file of the DSpace item: one payload file a line, relative to metadata/dspace/.

    The TEI is the primary bitstream; every file goes to the ORIGINAL bundle with a description.
    """
    lines = []
    for folder, _, _ in FILE_GROUPS:
        for path in sorted(p for p in plan.payload if p.startswith(f"data/{folder}/")):
            line = f"../../{path}\tbundle:ORIGINAL\tdescription:{_DSPACE_FILES[folder]}"
            if path == f"data/tei/{plan.id}.xml":
                line += "\tprimary:true"
            lines.append(line + "\n")
    return "".join(lines).encode("utf-8")


def document_id(root: etree._Element, path: Path) -> str:
    """The document's identifier: TEI/@xml:id, else the edition idno, else the file name."""
    idno = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}publicationStmt/"
                     f"{{{TEI_NS}}}idno[@type='edition']")
    value = (root.get("{http://www.w3.org/XML/1998/namespace}id")
             or (idno.text if idno is not None and idno.text else None) or path.stem)
    return re.sub(r"[^A-Za-z0-9._-]+", "-", value.strip()).strip("-.") or "document"


def _out_dir(out_dir: str | os.PathLike | None, project: Project | None) -> Path:
    if out_dir is not None:
        return Path(out_dir)
    if project is not None:
        return project.output_dir / "deposit"
    return Path("output") / "deposit"


def _shown(path: Path, project: Project | None) -> str:
    try:
        return str(path.resolve().relative_to(project.root)) if project else str(path)
    except ValueError:
        return str(path)


def _check_unique(plans: list[PackagePlan]) -> None:
    seen: dict[str, Path] = {}
    for plan in plans:
        if plan.id in seen:
            raise PackageError(f"two documents have the identifier {plan.id!r} (also {seen[plan.id]}): "
                               "their packages would overwrite each other", path=str(plan.tei_path))
        seen[plan.id] = plan.tei_path


def check_replaceable_package(out_dir: Path, doc_id: str) -> None:
    """Refuse, before anything is written, to replace ``<id>/`` or ``<id>.zip`` that edition did not make.

    A bag is edition's when its bag-info.txt names edition as the software agent and every file in it
    is listed in one of its manifests (or is a tag file); a zip is edition's when it holds that bag only.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise PackageError("is a file, not a folder: choose a folder for the packages", path=str(out_dir))
    bag, archive = out_dir / doc_id, out_dir / f"{doc_id}.zip"
    refusal = "was not made by edition and would be replaced: move it away or choose another --out-dir"
    if (bag.exists() or bag.is_symlink()) and not _is_edition_bag(bag):
        raise PackageError(refusal, path=str(bag))
    if (archive.exists() or archive.is_symlink()) and not _is_edition_zip(archive, doc_id):
        raise PackageError(refusal, path=str(archive))


def _is_edition_bag(bag: Path) -> bool:
    if bag.is_symlink() or not bag.is_dir():
        return False
    try:
        info = (bag / "bag-info.txt").read_text(encoding="utf-8")
        listed = {"bagit.txt", "bag-info.txt"}
        for manifest in [*bag.glob("manifest-*.txt"), *bag.glob("tagmanifest-*.txt")]:
            listed.add(manifest.name)
            for line in manifest.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    listed.add(unquote(line.split(maxsplit=1)[1]))
        present = {p.relative_to(bag).as_posix() for p in bag.rglob("*") if not p.is_dir() or p.is_symlink()}
    except (OSError, UnicodeDecodeError, IndexError):
        return False
    return "\nBag-Software-Agent: edition " in f"\n{info}" and present <= listed


def _is_edition_zip(archive: Path, doc_id: str) -> bool:
    if archive.is_symlink() or not archive.is_file():
        return False
    try:
        with zipfile.ZipFile(archive) as handle:
            names = handle.namelist()
            info = handle.read(f"{doc_id}/bag-info.txt").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return False
    return all(name.startswith(f"{doc_id}/") for name in names) and "\nBag-Software-Agent: edition " in f"\n{info}"


def _qname(element: etree._Element) -> str:
    qname = etree.QName(element)
    return f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise PackageError("cannot read: is a folder", path=str(path)) from None
    except OSError as exc:
        raise PackageError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _find_pdf(output_dir: Path | None, doc_id: str, tei_path: Path) -> Path | None:
    """The print edition: output/print/<id>.pdf, output/pdf/<id>.pdf, else beside the TEI file
    (where ``edition print`` puts it by default)."""
    candidates = [output_dir / folder / f"{doc_id}.pdf" for folder in ("print", "pdf")] if output_dir else []
    candidates.append(tei_path.with_suffix(".pdf"))
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def _project_sources(project: Project | None, doc_id: str) -> list[Path]:
    """The transcript, editorial file and register of the project document with this id."""
    return source_index(project, until=doc_id).get(doc_id, []) if project is not None else []


def source_index(project: Project, until: str | None = None) -> dict[str, list[Path]]:
    """The transcript, editorial file and register of every project document, by the ids it may have.

    A document is found by the id its editorial file declares or by its transcript's name; the first
    document that has an id keeps it. Every editorial file is read once (``until``: stop at that id).
    """
    index: dict[str, list[Path]] = {}
    for spec in project.documents:
        declared = None
        if spec.metadata is not None and spec.metadata.is_file():
            value = read_toml(spec.metadata).get("id")
            declared = value if isinstance(value, str) else None
        files = [spec.source]
        if spec.metadata is not None:
            files.append(spec.metadata)
        if project.register is not None:
            files.append(project.register)
        for key in dict.fromkeys([declared, spec.source.stem]):
            if key is not None:
                index.setdefault(key, files)
        if until is not None and until in index:
            break
    return index


_PUBLICATION_DATE = "/".join(f"{{{TEI_NS}}}{name}" for name in ("teiHeader", "fileDesc", "publicationStmt", "date"))
_HTML_LINK_ATTRIBUTES = ("href", "src", "poster", "data", "action")
#: What urlsplit removes from anywhere in a URL (tab, CR, LF).
_UNSAFE_IN_URL = re.compile("[\t\r\n]")


def _html_files(html_dir: Path, doc_id: str, tei_path: Path, stored: dict[bytes, str] | None = None,
                base_url: str | None = None, site_files: Mapping[str, Path] | None = None) -> dict[str, bytes]:
    """The document's page, the files beside it (citations) and every local file the page uses.

    The page in the bag is self-contained: a link to a file stored elsewhere in the bag (``stored``:
    bytes → bag path, the TEI and the PDF) points there; a link to what the bag does not hold (other
    pages of the site) points to the published edition (``base_url``), the link to the package itself
    is left out (its item of the downloads list with it); when the
    edition's URL is not known, a link to a name's entry in an index points to the name's entry on the
    page ("Names in this document"), and any other is removed (a search form goes with it).

    ``site_files`` (path in the site → file): the site as a map, ``html_dir`` then only the folder its paths
    are read against (links resolved as paths, nothing looked up on the disk but the files of the map).
    """
    site = _SiteFolder(html_dir) if site_files is None else _SiteMap(html_dir, site_files)
    html_dir = site.root
    page = html_dir / "documents" / f"{doc_id}.html"
    if not site.is_file(page):
        return {}
    stored = stored or {}
    page_folder = PurePosixPath("data/html/documents")
    wanted = {p for p in site.beside(page, f"{doc_id}.*") if p != page}
    html = etree.parse(str(site.file(page)), etree.HTMLParser(no_network=True))
    doctype = html.docinfo.doctype
    entries = {element.get("id"): element for element in html.xpath("//*[starts-with(@id, 'entry-')]")}
    package = html_dir / "downloads" / f"{doc_id}.zip"
    targets: dict[str, tuple[Path, bool, bytes | None, bool, bool]] = {}
    splits: dict[str, tuple] = {}

    def target_of(path: str) -> tuple[Path, bool, bytes | None, bool, bool]:
        """Where a link's path leads, whether inside the site, the bytes of the file there, whether it is
        the page itself and whether the package (a page links to a few files many times: each is resolved
        and read once)."""
        if path not in targets:
            target = site.resolve(page.parent / unquote(path))
            local = target == html_dir or html_dir in target.parents   # both resolved: as _is_within
            data = site.read(target) if local and target.suffix not in (".html", ".zip") and site.is_file(target) \
                else None
            targets[path] = (target, local, data, target == page, target == package)
        return targets[path]

    def split(value: str) -> tuple:
        """(scheme or netloc, path, query, fragment) of a link, each value split once."""
        if value not in splits:
            if ":" in value or value[0] <= " " or value.startswith("//") or _UNSAFE_IN_URL.search(value):
                parts = urlsplit(value)
                splits[value] = (bool(parts.scheme or parts.netloc), parts.path, parts.query, parts.fragment)
            else:  # a relative reference (no scheme, no host): what urlsplit gives, without its steps
                rest, _, fragment = value.partition("#")
                path, _, query = rest.partition("?")
                splits[value] = (False, path, query, fragment)
        return splits[value]

    for link in [a for a in html.iter("a") if a.get("href")]:  # the bag does not offer the bag itself
        remote, path, _, _ = split(link.get("href"))
        if not remote and target_of(path)[4]:
            item = link.getparent() if link.getparent() is not None and link.getparent().tag == "li" else link
            remove_keeping_tail(item)
    for element in html.xpath("//*[@" + " or @".join(_HTML_LINK_ATTRIBUTES) + "]"):
        for name in _HTML_LINK_ATTRIBUTES:
            value = element.get(name)
            if not value or value[0] == "#":  # a link within the page (urlsplit: no scheme, no path)
                continue
            remote, path, query, fragment = split(value)
            if remote or not path:
                continue
            target, local, data, is_page, _ = target_of(path)
            suffix = f"#{fragment}" if fragment else ""
            if data is not None:
                if data in stored:  # one copy in the bag: link to it
                    element.set(name, os.path.relpath(stored[data], page_folder) + suffix)
                else:
                    wanted.add(target)
            elif is_page:
                continue
            elif base_url and local:
                element.set(name, base_url + target.relative_to(html_dir).as_posix()
                            + (f"?{query}" if query else "") + suffix)
            elif (f"entry-{fragment}" in entries
                  and entries[f"entry-{fragment}"] not in element.iterancestors()):
                element.set(name, f"#entry-{fragment}")
            elif (element.tag in ("form", "link") or "entry-index" in (element.get("class") or "").split()) \
                    and element.getparent() is not None:  # a search box, a stylesheet, "All occurrences"
                remove_keeping_tail(element)
            else:
                del element.attrib[name]
                element.attrib.pop("download", None)
    for nav in list(html.iter("nav")):  # the site's navigation, when none of its links is left
        if not any(a.get("href") for a in nav.iter("a")):
            remove_keeping_tail(nav)
    files = {f"data/html/{p.relative_to(html_dir).as_posix()}": site.read(p) for p in sorted(wanted)}
    files[f"data/html/{page.relative_to(html_dir).as_posix()}"] = etree.tostring(
        html, method="html", encoding="UTF-8", doctype=doctype or "<!DOCTYPE html>")
    return dict(sorted(files.items()))


class _SiteFolder:
    """The site of a page as a folder on the disk (``_html_files``)."""

    def __init__(self, folder: Path) -> None:
        self.root = folder.resolve()

    def resolve(self, path: Path) -> Path:
        return path.resolve()

    def is_file(self, path: Path) -> bool:
        return path.is_file()

    def file(self, path: Path) -> Path:
        """The file on the disk that is ``path`` of the site."""
        return path

    def read(self, path: Path) -> bytes:
        return _read(self.file(path))

    def beside(self, page: Path, pattern: str) -> list[Path]:
        """The files in the page's folder whose names match ``pattern``."""
        return [p for p in page.parent.glob(pattern) if p.is_file()]


class _SiteMap(_SiteFolder):
    """The site of a page as a map (path in the site → file) read against a folder that is not on the
    disk: a link's path is made absolute and normalised as ``resolve`` would make it (there are no links
    in a map), and a file is one of the map."""

    def __init__(self, folder: Path, files: Mapping[str, Path]) -> None:
        self.root = Path(os.path.normpath(os.path.abspath(folder)))
        self._files = {self.root / name: Path(file) for name, file in files.items()}

    def resolve(self, path: Path) -> Path:
        return Path(os.path.normpath(path))

    def is_file(self, path: Path) -> bool:
        return path in self._files

    def file(self, path: Path) -> Path:
        return self._files[path]

    def beside(self, page: Path, pattern: str) -> list[Path]:
        return [p for p in self._files if p.parent == page.parent and fnmatch.fnmatchcase(p.name, pattern)]


def _run_stylesheet(stylesheet: Path, document, doc_id: str) -> etree._Element:
    """Run a deposit stylesheet on the TEI (handed to Saxon once: ``xslt.parse_for_saxon``), with the
    document id as its ``document-id`` parameter."""
    from ...xslt import compile_stylesheet

    text = compile_stylesheet(stylesheet).transform(document, params={"document-id": doc_id})
    return parse_xml_bytes(text.encode("utf-8"), f"{stylesheet.name} output").getroot()


def _serialise(root: etree._Element) -> bytes:
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _text(root: etree._Element, path: str, namespaces: dict[str, str]) -> str | None:
    found = root.xpath(f"normalize-space(({path})[1])", namespaces=namespaces)
    return found or None


_DC = {"dc": DC_NS, "oai_dc": OAI_DC_NS}
_DATACITE = {"d": DATACITE_NS}


def _bagging_date(given: str | None, project: Project | None, datacite: etree._Element, tei_path: Path) -> str:
    """A fixed date for bag-info.txt: given, else ``[package] bagging-date``, else the edition's date."""
    value = given
    if value is None and project is not None:
        section = project.settings.get("package", {})
        if isinstance(section, dict) and section.get("bagging-date") is not None:
            value = str(section["bagging-date"])
    if value is not None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise PackageError(f"bagging-date must be a date YYYY-MM-DD, not {value!r}",
                               path=str(project.root / "edition.toml") if project else str(tei_path))
        return value
    issued = _text(datacite, "d:dates/d:date[@dateType='Issued']", _DATACITE) or ""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", issued)
    if not match:
        return DEFAULT_BAGGING_DATE
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    return max(f"{year}-{month}-{day}", DEFAULT_BAGGING_DATE)


def _bag_info(plan: PackagePlan, project: Project | None, datacite: etree._Element,
              dc: etree._Element) -> list[tuple[str, str]]:
    organisation = (_text(dc, "dc:publisher", _DC) or (project.publisher if project else None)
                    or "unknown")
    identifier = _text(datacite, "d:identifier", _DATACITE) or plan.id
    title = _text(dc, "dc:title", _DC) or plan.id
    size = sum(len(data) for data in plan.payload.values())
    info = [
        ("Source-Organization", organisation),
        ("External-Description", title),
        ("External-Identifier", identifier),
        ("Bagging-Date", plan.bagging_date),
        ("Bag-Software-Agent", f"edition {__version__}"),
        ("Bag-Size", _human_size(size)),
        ("Payload-Oxum", f"{size}.{len(plan.payload)}"),
    ]
    if project is not None and project.title:
        info.append(("Bag-Group-Identifier", project.title))
    return info


def _human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size} B"  # pragma: no cover


# --------------------------------------------------------------------------- METS

def _m(tag: str) -> str:
    return f"{{{METS_NS}}}{tag}"


def _mime_type(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    if path.startswith("data/tei/") and suffix == ".xml":
        return "application/tei+xml"
    return MIME_TYPES.get(suffix, "application/octet-stream")


def _file_id(path: str) -> str:
    return "file-" + re.sub(r"[^A-Za-z0-9._-]", "-", path.removeprefix("data/"))


def _href(path: str) -> str:
    """A bag path as a URI reference relative to metadata/mets.xml."""
    return "../" + "/".join(part for part in path.split("/"))


def _mets(plan: PackagePlan, datacite: etree._Element, dc: etree._Element) -> etree._Element:
    title = _text(dc, "dc:title", _DC) or plan.id
    organisation = dict(plan.bag_info).get("Source-Organization", "unknown")
    mets = etree.Element(_m("mets"), nsmap={"mets": METS_NS, "xlink": XLINK_NS, "xsi": XSI_NS})
    mets.set(f"{{{XSI_NS}}}schemaLocation", METS_SCHEMA_LOCATION)
    mets.set("OBJID", dict(plan.bag_info)["External-Identifier"])
    mets.set("PROFILE", METS_PROFILE)
    mets.set("LABEL", title)
    mets.set("TYPE", "Text")

    header = etree.SubElement(mets, _m("metsHdr"), CREATEDATE=f"{plan.bagging_date}T00:00:00",
                              RECORDSTATUS="Complete")
    agent = etree.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE="ORGANIZATION")
    etree.SubElement(agent, _m("name")).text = organisation
    software = etree.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(software, _m("name")).text = f"edition {__version__}"

    dmd_dc = etree.SubElement(mets, _m("dmdSec"), ID="dmd-dc")
    wrap = etree.SubElement(dmd_dc, _m("mdWrap"), MIMETYPE="text/xml", MDTYPE="DC", LABEL="Dublin Core (oai_dc)")
    etree.SubElement(wrap, _m("xmlData")).append(etree.fromstring(etree.tostring(dc)))

    dmd_datacite = etree.SubElement(mets, _m("dmdSec"), ID="dmd-datacite")
    datacite_bytes = plan.metadata["metadata/datacite.xml"]
    ref = etree.SubElement(dmd_datacite, _m("mdRef"), LOCTYPE="URL", MDTYPE="OTHER", OTHERMDTYPE="DataCite",
                           MDTYPEVERSION="4.5", MIMETYPE="text/xml", LABEL="DataCite Metadata Schema 4.5",
                           SIZE=str(len(datacite_bytes)),
                           CHECKSUM=plan.digest("metadata/datacite.xml", datacite_bytes, "sha256"),
                           CHECKSUMTYPE="SHA-256")
    ref.set(f"{{{XLINK_NS}}}href", "datacite.xml")
    ref.set(f"{{{XLINK_NS}}}type", "simple")

    report_path = f"data/reports/{plan.id}.json"
    adm_ids = ""
    if report_path in plan.payload:
        amd = etree.SubElement(mets, _m("amdSec"), ID="amd")
        provenance = etree.SubElement(amd, _m("digiprovMD"), ID="digiprov-conversion")
        report = plan.payload[report_path]
        ref = etree.SubElement(provenance, _m("mdRef"), LOCTYPE="URL", MDTYPE="OTHER",
                               OTHERMDTYPE="edition-conversion-report", MIMETYPE="application/json",
                               LABEL="Conversion report: what each paragraph of the transcript became, and why",
                               SIZE=str(len(report)), CHECKSUM=plan.digest(report_path, report, "sha256"),
                               CHECKSUMTYPE="SHA-256")
        ref.set(f"{{{XLINK_NS}}}href", _href(report_path))
        ref.set(f"{{{XLINK_NS}}}type", "simple")
        adm_ids = "digiprov-conversion"

    file_sec = etree.SubElement(mets, _m("fileSec"))
    struct = etree.SubElement(mets, _m("structMap"), TYPE="logical", LABEL=title)
    top = etree.SubElement(struct, _m("div"), TYPE="edition", LABEL=title, DMDID="dmd-dc dmd-datacite")
    if adm_ids:
        top.set("ADMID", adm_ids)
    for folder, use, label in FILE_GROUPS:
        paths = sorted(p for p in plan.payload if p.startswith(f"data/{folder}/"))
        if not paths:
            continue
        group = etree.SubElement(file_sec, _m("fileGrp"), ID=f"group-{folder}", USE=use)
        part = etree.SubElement(top, _m("div"), TYPE=folder, LABEL=label)
        for path in paths:
            data = plan.payload[path]
            entry = etree.SubElement(group, _m("file"), ID=_file_id(path), MIMETYPE=_mime_type(path),
                                     SIZE=str(len(data)), CHECKSUM=plan.digest(path, data, "sha256"),
                                     CHECKSUMTYPE="SHA-256")
            if folder == "tei" and adm_ids:
                entry.set("ADMID", adm_ids)
            location = etree.SubElement(entry, _m("FLocat"), LOCTYPE="URL")
            location.set(f"{{{XLINK_NS}}}href", _href(path))
            location.set(f"{{{XLINK_NS}}}type", "simple")
            etree.SubElement(part, _m("fptr"), FILEID=_file_id(path))
    return mets


# --------------------------------------------------------------------------- writing

def _tag_files(payload: dict[str, bytes], metadata: dict[str, bytes], bag_info: list[tuple[str, str]],
               digest: Callable[[str, bytes, str], str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {"bagit.txt": BAGIT_TXT}
    files["bag-info.txt"] = "".join(f"{key}: {_one_line(value)}\n" for key, value in bag_info).encode("utf-8")
    for algorithm in ALGORITHMS:
        files[f"manifest-{algorithm}.txt"] = _manifest(payload, algorithm, digest)
    tagged = dict(files)
    tagged.update(metadata)
    for algorithm in ALGORITHMS:
        files[f"tagmanifest-{algorithm}.txt"] = _manifest(tagged, algorithm, digest)
    return files


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _manifest(files: dict[str, bytes], algorithm: str, digest: Callable[[str, bytes, str], str]) -> bytes:
    lines = []
    for path in sorted(files):
        # BagIt 1.0 §2.1.3: percent-encode CR, LF and % in file names
        encoded = path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"{digest(path, files[path], algorithm)}  {encoded}\n")
    return "".join(lines).encode("utf-8")


def _zip_bytes(plan: PackagePlan, files: dict[str, bytes]) -> bytes:
    """The bag as a zip: entries under ``<id>/``, sorted, dated with the Bagging-Date, no extras."""
    year, month, day = (int(part) for part in plan.bagging_date.split("-"))
    stamp = (max(year, 1980), month, day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
        folders = sorted({f"{plan.id}/"} | {f"{plan.id}/{p}/" for path in files
                                             for p in _parents(path)})
        for folder in folders:
            info = zipfile.ZipInfo(folder, date_time=stamp)
            info.external_attr = (0o40755 << 16) | 0x10
            info.create_system = 3
            archive.writestr(info, b"")
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{plan.id}/{path}", date_time=stamp)
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[path], compress_type=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


@functools.lru_cache(maxsize=1)
def _bag_class():
    """``bagit.Bag`` with the bag's own real path resolved once, not again for every manifest entry that
    ``_path_is_dangerous`` checks (half of what opening a memorandum's bag costs, about 2 ms); the check
    is bagit's own otherwise. (A class made on first use: ``bagit`` is imported when a package is written.)"""
    import bagit

    class Bag(bagit.Bag):
        _real_bag_path = None

        def _path_is_dangerous(self, path):
            if os.path.isabs(path) or os.path.expanduser(path) != path:
                return True
            real_path = os.path.normpath(os.path.realpath(os.path.join(self.path, path)))
            if self._real_bag_path is None:
                self._real_bag_path = os.path.normpath(os.path.realpath(self.path))
            return os.path.commonprefix((self._real_bag_path, real_path)) != self._real_bag_path

    return Bag


def write_package(plan: PackagePlan, out_dir: str | os.PathLike, *, fresh: bool = False) -> PackageResult:
    """Write the bag and the zip of a planned package; the previous package stays until both are whole.
    ``fresh``: ``out_dir`` is a folder of a new output that only this build writes (a build's package task),
    where no interrupted writer can have left anything: it is not searched for leftovers (which lists the
    whole folder, two entries a document, for every package)."""
    import bagit

    out_dir = Path(out_dir)
    files = plan.files()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        if not fresh:
            clean_leftovers(out_dir / plan.id)
        staging = staging_dir(out_dir / plan.id)
    except OSError as exc:
        raise output_error(exc, out_dir) from None
    try:
        bag_dir = staging / plan.id
        for folder in sorted({"", *(p for path in files for p in _parents(path))}):
            (bag_dir / folder).mkdir(exist_ok=True)
            os.chmod(bag_dir / folder, 0o755)
        for path, data in files.items():
            target = bag_dir / path
            target.write_bytes(data)
            os.chmod(target, 0o644)
        try:
            _bag_class()(str(bag_dir)).validate(processes=1)
        except bagit.BagError as exc:  # a bug here, never the user's input: report it in one line
            raise PackageError(f"the bag of {plan.id} does not validate: {exc}",
                               path=str(plan.tei_path)) from None
        staged_zip = staging / f"{plan.id}.zip"
        staged_zip.write_bytes(_zip_bytes(plan, files))
        os.chmod(staged_zip, 0o644)
        # both are complete: swap them in, the bag first (a folder cannot be replaced in one step)
        final = out_dir / plan.id
        zip_path = out_dir / f"{plan.id}.zip"
        old = None
        if final.exists():
            old = staging / f"{plan.id}.previous"
            os.replace(final, old)
        try:
            os.replace(bag_dir, final)
        except BaseException:
            if old is not None:
                os.replace(old, final)
            raise
        os.replace(staged_zip, zip_path)
    except OSError as exc:
        raise output_error(exc, out_dir / plan.id) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return PackageResult(plan.id, final, zip_path, len(plan.payload),
                         sum(len(data) for data in plan.payload.values()))
