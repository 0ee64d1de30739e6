"""``edition build``: the stages in order. Nothing is published until every document has converted
and validated.

    convert every source → validate every tree → write TEI and reports → print edition (PDF)
    → HTML edition → deposit packages (which hold the HTML page) → HTML edition with package links
"""

from __future__ import annotations

from typing import Callable

from .convert import ConversionResult, convert_file
from .errors import ValidationFailed
from .fsio import write_bytes_atomic, write_text_atomic
from .project import DocumentSpec, Project


def convert_document(project: Project, spec: DocumentSpec, register=None) -> ConversionResult:
    return convert_file(spec.source, metadata_path=spec.metadata, register=register,
                        publisher=project.publisher or None, name=_relative(project, spec.source))


def _relative(project: Project, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def build(project: Project, echo: Callable[[str], None] = lambda message: None, *, pdf: bool = True) -> str:
    """Run every stage for every document of the project; return a one-line summary.

    ``pdf=False`` leaves the print edition out (it is the slowest stage: WeasyPrint lays out every page).
    """
    results, tei_paths = build_tei(project, echo)
    pdfs = print_documents(project, results, echo) if pdf else {}
    publish(project, tei_paths, pdfs, echo)
    return f"built {len(tei_paths)} document(s) into {project.output_dir.relative_to(project.root)}/"


def build_tei(project: Project, echo: Callable[[str], None] = lambda message: None):
    """Convert and validate every document, then write ``output/tei/<id>.xml`` and its report.

    Returns the conversion results and the TEI paths written.
    """
    register = None
    if project.register is not None:
        from .register import load_register
        register = load_register(project.register)  # once for all documents
    results = [convert_document(project, spec, register) for spec in project.documents]
    for result in results:
        for warning in result.report.warnings:
            echo(f"warning: {warning}")
    check_valid(project, results, echo)
    written = []
    for result in results:
        tei_path = project.tei_dir / f"{result.id}.xml"
        write_bytes_atomic(tei_path, result.to_bytes())
        write_text_atomic(project.output_dir / "reports" / f"{result.id}.json", result.report.to_json())
        written.append(tei_path)
        echo(f"converted {result.report.source} → {tei_path.relative_to(project.root)}")
    return results, written


def print_documents(project: Project, results: list[ConversionResult], echo: Callable[[str], None]) -> dict:
    """The print edition of every document: ``output/print/<id>.pdf``."""
    from .pdf import PrintOptions, render_pdf

    options = PrintOptions(project_title=project.title)
    pdfs = {}
    for result in results:
        path = project.output_dir / "print" / f"{result.id}.pdf"
        data = render_pdf(result.root, tei_bytes=result.to_bytes(), tei_name=f"{result.id}.xml", options=options)
        write_bytes_atomic(path, data)
        pdfs[result.id] = path
        echo(f"printed {path.relative_to(project.root)}")
    return pdfs


def publish(project: Project, tei_paths: list, pdfs: dict, echo: Callable[[str], None]) -> None:
    """The HTML edition and the deposit packages.

    A package holds the document's HTML page and the site offers the package for download, so the site
    is rendered, the packages made from it, and the site rendered again with the download links.
    """
    from .package import package_documents
    from .site import render_site

    html_dir = project.output_dir / "html"
    odd = project.root / "schema" / "edition.odd"
    site_options = dict(project_title=project.title, odd_path=odd if odd.is_file() else None, pdfs=pdfs)
    render_site(tei_paths, html_dir, **site_options)
    packages = package_documents(project, tei_paths, echo=echo)
    result = render_site(tei_paths, html_dir, packages={p.id: p.zip_path for p in packages}, **site_options)
    for warning in result.report.warnings():
        echo(f"warning: {warning}")
    from .fsio import write_text_atomic

    write_text_atomic(project.output_dir / "reports" / "render.json", result.report.to_json())
    echo(f"rendered {len(result.pages)} pages into {html_dir.relative_to(project.root)}/")


def check_valid(project: Project, results: list[ConversionResult], echo: Callable[[str], None]) -> None:
    """Validate every document as it will be written (customisation + Schematron); stop on errors.

    Each document is checked in memory, parsed from the bytes that would be written (so lines are the
    file's). One that fails is written to ``output/rejected/<id>.xml`` (never over the good output in
    ``output/tei/``) and checked there again, so that its problems name lines and columns in that file.
    """
    from .safexml import parse_xml_bytes
    from .validate import validate_files, validate_tree

    rejected_dir = project.output_dir / "rejected"
    failures = 0
    for result in results:
        candidate = rejected_dir / f"{result.id}.xml"
        problems = validate_tree(parse_xml_bytes(result.to_bytes(), str(candidate)), str(candidate))
        if any(p.severity != "warning" for p in problems):
            write_bytes_atomic(candidate, result.to_bytes())
            problems = [p for file in validate_files([candidate]).files for p in file.problems]
        elif candidate.exists():
            candidate.unlink()  # rejected by an earlier build, valid now
        for problem in problems:
            echo(problem.format())
        failures += sum(1 for p in problems if p.severity != "warning")
    if rejected_dir.is_dir() and not any(rejected_dir.iterdir()):
        rejected_dir.rmdir()
    if failures:
        raise ValidationFailed(f"{failures} validation error(s) in {rejected_dir.relative_to(project.root)}/: "
                               "nothing was published, the previous output stays; fix the editorial files "
                               "and build again")
