"""The work of one document in a build, as tasks a worker process (local or on a Dask cluster) runs.

    document_task: convert → validate → write TEI and report → print (PDF)       into the new output folder
    print_task:    print (PDF) a document whose TEI is written, in a print worker of its own
    package_task:  its share of the HTML edition (page, citation files, digest: ``.site/<id>/``) → its
                   deposit package, which holds that same page

Each task reads its inputs from the paths it is given and writes its outputs into the new output folder
(``stage``); it returns a small record (no trees), so the build's memory does not grow with the corpus
in these stages. An output whose key is the one the old output folder recorded is taken from there
(hard link or copy) instead of being made again. Tasks never raise for a problem of the document: the
record carries its first error, and the build decides.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import EditionError
from .manifest import file_sha256, reuse, sha256

_REGISTERS: dict[tuple[str, str], object] = {}
_TASK_PROJECTS: dict[int, tuple[object, object]] = {}


def _task_project(project):
    """The project as a task is given it: without its list of documents (``documents`` and the
    ``[[document]]`` array of its settings), which no task reads and which would otherwise be pickled
    into every job, its size growing with the corpus (140 KB a job at 1,000 documents). Made once per
    project."""
    from dataclasses import replace

    kept = _TASK_PROJECTS.get(id(project))
    if kept is None or kept[0] is not project:
        settings = {key: value for key, value in (project.settings or {}).items() if key != "document"}
        kept = (project, replace(project, documents=(), settings=settings))
        _TASK_PROJECTS.clear()
        _TASK_PROJECTS[id(project)] = kept
    return kept[1]


class _Picklable:
    """A job pickled (to a worker process or a Dask worker) with the project as tasks need it."""

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["project"] = _task_project(self.project)
        return state


@dataclass(frozen=True)
class DocumentJob(_Picklable):
    """What ``document_task`` needs for one document (picklable)."""

    project: object          # the Project, writing into the new output folder
    old_dir: Path            # the output folder of the previous build (read only)
    source: Path
    metadata: Path | None
    name: str                # the source as the user names it (relative to the project)
    key: str
    old: dict | None         # the previous build's record of this document
    pdf: bool
    spec: object = None      # the project's DocumentSpec (DOI, witnesses), when the build has it
    print_aside: bool = False    # the PDF is left to a print worker of its own: the record holds its PrintJob
    stylesheets: str | None = None   # the digest of xslt/ (site._stylesheet_digest), for the PDF's print_key

    @property
    def taken_over(self) -> bool:
        """Are its outputs expected to be the previous build's (its key is the recorded one)? Such a task
        is cheap (no stylesheet, no schema): ``executors.Processes`` runs it in the build's process."""
        return bool(self.old) and self.old.get("key") == self.key


@dataclass(frozen=True)
class PrintJob:
    """What ``print_task`` needs to print one document whose TEI is written (picklable)."""

    project: object          # the Project, writing into the new output folder
    doc_id: str
    key: str                 # the print key (run.print_key) the output folder records for the PDF
    #: the title page's citation (``pdf.print_citation``), made by the build, which compiles the citation's
    #: stylesheet for the site anyway; None: the worker makes it
    citation: str | None = None


@dataclass(frozen=True)
class PackageJob(_Picklable):
    """What ``package_task`` needs for one document (picklable)."""

    project: object
    old_dir: Path
    doc_id: str
    key: str                 # the package's key (manifest.package_key)
    old: dict | None
    sources: tuple[Path, ...]
    pdf: bool
    params: dict | None = None   # the site's parameters (site.site_params)
    stylesheets: str | None = None   # the digest of the site's stylesheets (site.page_key)
    tei: str | None = None   # the SHA-256 of its TEI file as the build checked or wrote it; None: read it

    @property
    def taken_over(self) -> bool:
        """Is its package expected to be the previous build's (``DocumentJob.taken_over``)?"""
        return bool(self.old) and bool(self.key) and self.old.get("package") == self.key


def warm() -> None:
    """Compile the stylesheets and load the schema once in a new worker process."""
    from ..publish.deposit.package import DATACITE_XSL, DC_XSL
    from ..publish.html.site import HTML_XSL
    from ..validate.tei import customisation_rng
    from ..xslt import compile_stylesheet

    for stylesheet in (HTML_XSL, DATACITE_XSL, DC_XSL):
        compile_stylesheet(stylesheet)
    customisation_rng()


def warm_package() -> None:
    """Compile the stylesheets of the deposit package (``package.plan_package`` runs all four), in the build's
    process while a print worker prints the document: done then, not after the PDF, when the package is all
    that is left to make."""
    from ..publish.deposit.package import DATACITE_XSL, DC_XSL, DSPACE_XSL, ZENODO_XSL
    from ..xslt import compile_stylesheet

    for stylesheet in (DATACITE_XSL, DC_XSL, DSPACE_XSL, ZENODO_XSL):
        compile_stylesheet(stylesheet)


def warm_print(document_sent=None) -> None:
    """Import WeasyPrint, compile print.xsl and parse the print CSS once in a new print worker
    (``executors.PrintAside``), while the build converts the document (the citation of the title page comes
    with the job: ``PrintJob.citation``); then, unless the document was sent meanwhile (``document_sent``, a
    ``multiprocessing.Event`` the build sets), lay out a page of a few words (``pdf.warm_layout``: what
    WeasyPrint does once per process, done while the worker would wait rather than in the print)."""
    from ..publish.print.pdf import PRINT_XSL, _stylesheets, warm_layout
    from ..xslt import compile_stylesheet

    _stylesheets(False)
    compile_stylesheet(PRINT_XSL)
    sent = document_sent.is_set if document_sent is not None else lambda: False
    if not sent():
        warm_layout(stop=sent)


def _register(path: Path | None):
    if path is None:
        return None
    from ..editorial.register import load_register

    key = (str(path), file_sha256(path))
    if key not in _REGISTERS:
        _REGISTERS.clear()
        _REGISTERS[key] = load_register(path)
    return _REGISTERS[key]


def _reusable(old_dir: Path, old: dict | None, key: str, *names: str) -> bool:
    return bool(old) and old.get("key") == key and all((old_dir / name).exists() for name in names)


def document_task(job: DocumentJob) -> dict:
    """Convert, validate, write and print one document; the record of what was done.

    The files the previous build made that are taken as they are (its TEI and report when its key and
    TEI are the recorded ones, its PDF when printed from the same TEI) are named in the record's
    ``linked`` (paths in the output folder): the build puts them into the new output folder, all of a
    folder at once (``run.link_reused``)."""
    from .run import convert_document, print_key, printed_from

    project, stage = job.project, job.project.output_dir
    record = {"source": job.name, "key": job.key, "id": None, "reused": False, "warnings": [], "problems": [],
              "error": None, "seconds": {}}
    old = job.old or {}
    clock = time.perf_counter()
    doc_id = old.get("id")
    tei_bytes = None
    if doc_id and _reusable(job.old_dir, job.old, job.key, f"tei/{doc_id}.xml", f"reports/{doc_id}.json"):
        try:  # the TEI as the old output holds it, read once: checked against its recorded hash, then linked
            tei_bytes = (job.old_dir / "tei" / f"{doc_id}.xml").read_bytes()
        except OSError:
            tei_bytes = None
    if tei_bytes is not None and sha256(tei_bytes) == old.get("tei"):
        record.update(id=doc_id, reused=True, tei=old["tei"], report=old.get("report"),
                      warnings=list(old.get("warnings", [])), linked=[f"tei/{doc_id}.xml", f"reports/{doc_id}.json"])
    else:
        try:
            result = convert_document(project, _spec(job), _register(project.register))
            edition_settings = (project.settings or {}).get("edition", {})
            result.check_doubts(isinstance(edition_settings, dict) and edition_settings.get("strict") is True)
        except EditionError as exc:
            record.update(error=exc.format_message(), kind=type(exc).__name__)
            return record
        record["seconds"]["convert"] = time.perf_counter() - clock
        record["id"] = doc_id = result.id
        record["warnings"] = [str(w) for w in result.report.warnings]
        clock = time.perf_counter()
        tei_bytes = result.to_bytes()
        problems = _validate(project, job.old_dir, doc_id, tei_bytes)
        record["seconds"]["validate"] = time.perf_counter() - clock
        record["problems"] = [p.format() for p in problems]
        errors = [p for p in problems if p.severity != "warning"]
        if errors:
            record["error"] = errors[0].format()
            record["errors"] = len(errors)
            return record
        from ..fsio import write_new_file

        write_new_file(stage / "tei" / f"{doc_id}.xml", tei_bytes)
        report = result.report.to_json().encode("utf-8")
        write_new_file(stage / "reports" / f"{doc_id}.json", report)
        record.update(tei=sha256(tei_bytes), report=sha256(report))
    # the PDF is printed from the TEI as written (with its indentation), as ``edition print`` prints the
    # file: the same bytes whether the document was converted now or its TEI taken from the last build
    old_pdf = job.old_dir / "print" / f"{doc_id}.pdf"
    had_pdf = old_pdf.is_file()
    key = print_key(tei_bytes, project, job.stylesheets) if job.pdf or had_pdf else None
    if had_pdf and printed_from(job.old_dir, doc_id) == key:
        record.setdefault("linked", []).append(f"print/{doc_id}.pdf")
        record["pdf"] = key
    elif job.pdf and job.print_aside:
        from ..publish.print.pdf import print_citation
        from ..safexml import parse_xml_bytes

        try:
            citation = print_citation(parse_xml_bytes(tei_bytes, f"{doc_id}.xml").getroot(), _print_options(project))
        except EditionError:    # the worker makes it, and reports what fails
            citation = None
        record["print_job"] = PrintJob(project, doc_id, key, citation)
    elif job.pdf:
        merge_print(record, _print(project, doc_id, key, tei_bytes))
    elif had_pdf:
        record["warnings"].append(f"{_shown(project, job.old_dir, old_pdf)} left out: it was printed from an "
                                  "earlier text; build without --no-pdf to print it again")
    return record


def print_task(job: PrintJob) -> dict:
    """Print one document whose TEI the build has written (``tei/<id>.xml`` of the new output folder) into
    ``print/<id>.pdf``; what was done, for ``merge_print``. Never raises for a problem of the document."""
    return _print(job.project, job.doc_id, job.key, None, job.citation)


def _print_options(project):
    from ..publish.print.pdf import PrintOptions

    return PrintOptions(project_title=project.title, base_url=project.facts.url or project.base_url or "")


def _print(project, doc_id: str, key: str, tei_bytes: bytes | None, citation: str | None = None) -> dict:
    from ..fsio import write_new_file
    from ..publish.print.pdf import render_pdf
    from ..safexml import parse_xml_bytes

    clock = time.perf_counter()
    stage = project.output_dir
    tei_path = stage / "tei" / f"{doc_id}.xml"
    try:
        if tei_bytes is None:
            tei_bytes = tei_path.read_bytes()
        root = parse_xml_bytes(tei_bytes, str(tei_path)).getroot()
        data = render_pdf(root, tei_bytes=tei_bytes, tei_name=f"{doc_id}.xml", options=_print_options(project),
                          citation=citation)
    except EditionError as exc:
        return {"error": exc.format_message(), "kind": type(exc).__name__}
    write_new_file(stage / "print" / f"{doc_id}.pdf", data)
    return {"error": None, "pdf": key, "seconds": time.perf_counter() - clock}


def merge_print(record: dict, printed: dict) -> dict:
    """The document's record with what ``print_task`` (or the print in ``document_task``) did."""
    if printed["error"]:
        record.update(error=printed["error"], kind=printed["kind"])
    else:
        record.update(pdf=printed["pdf"], printed=True)
        record["seconds"]["print"] = printed["seconds"]
    return record


class _Document:
    """The document a package task makes its share of the site and its package from, each form of it made
    when first needed, once: its TEI's bytes (``site.SiteDocument``), their tree as the site reads a TEI
    file (``site.parsed``), that tree handed to Saxon (``xslt.parse_for_saxon``) for the citation record
    and the deposit stylesheets. A share or package taken from the previous build needs the share's key
    alone (``key``), made from the TEI's hash the build has (``PackageJob.tei``): the TEI is not read."""

    def __init__(self, job: PackageJob, pdf: Path | None) -> None:
        self.job, self.pdf = job, pdf
        self.path = job.project.output_dir / "tei" / f"{job.doc_id}.xml"
        self._read = self._parsed = self._saxon = None

    def _site_document(self, tei_bytes: bytes):
        from ..publish.html.site import SiteDocument

        return SiteDocument(self.job.doc_id, self.path, None, tei_bytes, pdf=self.pdf,
                            package=Path(f"{self.job.doc_id}.zip"))

    def read(self):
        if self._read is None:
            self._read = self._site_document(self.path.read_bytes())
        return self._read

    def parsed(self):
        from ..publish.html.site import parsed

        if self._parsed is None:
            self._parsed = parsed(self.read())
        return self._parsed

    def saxon(self):
        from ..xslt import parse_for_saxon

        if self._saxon is None:
            self._saxon = parse_for_saxon(self.parsed().tree, str(self.path))
        return self._saxon

    def key(self) -> str:
        from ..publish.html.site import page_key

        job = self.job
        if job.tei is None:
            return page_key(self.read(), job.params or {}, stylesheets=job.stylesheets)
        return page_key(self._site_document(b""), job.params or {}, stylesheets=job.stylesheets, tei_sha256=job.tei)


def page_task(job: PackageJob) -> dict:
    """The document's share of the site (``.site/<id>/``) made while its PDF is printed elsewhere
    (``executors.PrintAside``), as ``package_task`` would make it once the PDF is there: the page shows the
    PDF's name only. ``package_task`` keeps it when its key is the one it would make; the build removes it
    if the print fails. Nothing is made when the previous build's share can be taken, or on an error (then
    ``package_task`` makes it, or reports it). Returns {"made": bool, "seconds": float}."""
    from ..publish.html.site import reusable_part, render_document_part

    clock = time.perf_counter()
    part = job.project.output_dir / SITE_PARTS / job.doc_id
    doc = _Document(job, job.project.output_dir / "print" / f"{job.doc_id}.pdf")
    key = doc.key()
    if reusable_part(job.old_dir / SITE_PARTS / job.doc_id, job.doc_id, key):
        return {"made": False, "seconds": 0.0}
    try:
        render_document_part(doc.read(), part, params=job.params or {}, key=key)
    except EditionError:
        return {"made": False, "seconds": 0.0}
    return {"made": True, "seconds": time.perf_counter() - clock}


def _spec(job: DocumentJob):
    from ..project import DocumentSpec

    return job.spec if job.spec is not None else DocumentSpec(job.source, job.metadata)


def _shown(project, old_dir: Path, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def _validate(project, old_dir: Path, doc_id: str, tei_bytes: bytes) -> list:
    """The document's problems (customisation + Schematron), checked as the bytes that would be written.

    One that fails is written to ``output/rejected/<id>.xml`` of the live output folder (never over the
    good output in ``tei/``) and checked there again, so its problems name lines in that file.
    """
    from ..fsio import write_bytes_atomic
    from ..safexml import parse_xml_bytes
    from ..validate.tei import validate_files, validate_tree

    candidate = old_dir / "rejected" / f"{doc_id}.xml"
    problems = validate_tree(parse_xml_bytes(tei_bytes, str(candidate)), str(candidate))
    if any(p.severity != "warning" for p in problems):
        write_bytes_atomic(candidate, tei_bytes)
        problems = [p for file in validate_files([candidate]).files for p in file.problems]
    elif candidate.exists():
        candidate.unlink()  # rejected by an earlier build, valid now
    return problems


#: The folder of the output that holds each document's share of the site (``.site/<id>/``: its page,
#: citation files, digest and key), which the listing pass puts together and the next build reuses.
SITE_PARTS = ".site"


def _spare(old_dir: Path, *names: str) -> Path | None:
    """The folder ``names`` in the spare of the output folder (``fsio.spare_dir``), or None when there is
    no spare or that folder is not one of it (a file, a symbolic link, or reached through one:
    ``fsio.folder_in_spare``)."""
    from ..fsio import folder_in_spare, spare_dir

    return folder_in_spare(spare_dir(old_dir), *names)


_ASSETS: dict[str, Path] = {}


def _site_assets() -> dict[str, Path]:
    """The site's assets as a package task's map of the site has them (path in the site → file), found
    once per process."""
    if not _ASSETS:
        from ..publish.html.site import ASSETS_DIR

        _ASSETS.update({f"assets/{asset.relative_to(ASSETS_DIR).as_posix()}": asset
                        for asset in sorted(ASSETS_DIR.rglob("*")) if asset.is_file()})
    return _ASSETS


def package_task(job: PackageJob) -> dict:
    """The document's share of the site (``.site/<id>/``), then its deposit package (``deposit/``) with
    that page in it. Either is taken from the previous build when what it is made from did not change."""
    if job.stylesheets is None:
        return _package_task(job)
    from .. import paths
    from ..xslt import stylesheets_unchanged

    with stylesheets_unchanged(paths.XSLT_DIR, job.stylesheets):  # the digest of xslt/ the build computed
        return _package_task(job)


def _package_task(job: PackageJob) -> dict:
    from ..publish.deposit.package import plan_package, write_package
    from ..publish.html.site import render_document_part, reusable_part

    project, stage = job.project, job.project.output_dir
    record = {"id": job.doc_id, "package": job.key, "reused": False, "page_reused": False, "error": None,
              "seconds": {}}
    clock = time.perf_counter()
    tei_path = stage / "tei" / f"{job.doc_id}.xml"
    pdf = stage / "print" / f"{job.doc_id}.pdf"
    part = stage / SITE_PARTS / job.doc_id
    old_part = job.old_dir / SITE_PARTS / job.doc_id
    doc = _Document(job, pdf if pdf.is_file() else None)   # read and parsed when first needed, once
    key = doc.key()
    try:
        if reusable_part(part, job.doc_id, key):
            pass    # made by page_task while the document was printed
        elif reusable_part(old_part, job.doc_id, key):
            reuse(old_part, part, _spare(job.old_dir, SITE_PARTS, job.doc_id))
            record["page_reused"] = True
        else:  # the TEI is parsed for the stylesheet as the site reads a TEI file (read_tei_file)
            render_document_part(doc.parsed(), part, params=job.params or {}, key=key, tei_for_saxon=doc.saxon())
            record["seconds"]["page"] = time.perf_counter() - clock
    except EditionError as exc:
        record.update(error=exc.format_message(), kind=type(exc).__name__)
        return record
    clock = time.perf_counter()
    names = (f"deposit/{job.doc_id}", f"deposit/{job.doc_id}.zip")
    if _reusable(job.old_dir, {"key": (job.old or {}).get("package")}, job.key, *names):
        for name in names:
            reuse(job.old_dir / name, stage / name, _spare(job.old_dir, name))
        record["reused"] = True
        return record
    try:
        # the page as the site shows it, with what it links to beside it (its TEI, its PDF, the assets): a
        # map of the files where they are, read against a folder that is never made
        from ..publish.html.site import TEI_COPY_SUFFIX

        site_files = {f"documents/{page.name}": page for page in (part / "documents").iterdir()}
        site_files[f"tei/{job.doc_id}{TEI_COPY_SUFFIX}"] = tei_path
        if doc.pdf is not None:
            site_files[f"downloads/{pdf.name}"] = pdf
        site_files.update(_site_assets())
        plan = plan_package(tei_path, project=project, html_dir=stage / SITE_PARTS / f".{job.doc_id}.page",
                            sources=job.sources, parsed=(doc.parsed().tree, doc.saxon()), site_files=site_files)
        write_package(plan, stage / "deposit", fresh=True)   # the new output folder's
    except EditionError as exc:
        record.update(error=exc.format_message(), kind=type(exc).__name__)
        return record
    record["seconds"]["package"] = time.perf_counter() - clock
    return record


__all__ = ["DocumentJob", "PackageJob", "PrintJob", "SITE_PARTS", "document_task", "merge_print", "package_task",
           "page_task", "print_task", "warm", "warm_package", "warm_print"]
