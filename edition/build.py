"""``edition build``: the stages in order. Nothing is written until every document has converted.

    convert every source → validate every tree → write TEI and reports → render → package
"""

from __future__ import annotations

from typing import Callable

from .convert import ConversionResult, convert_file
from .errors import ValidationFailed
from .fsio import write_bytes_atomic, write_text_atomic
from .project import DocumentSpec, Project


def convert_document(project: Project, spec: DocumentSpec) -> ConversionResult:
    return convert_file(spec.source, metadata_path=spec.metadata, register_path=project.register,
                        publisher=project.publisher or None, name=_relative(project, spec.source))


def _relative(project: Project, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def build(project: Project, echo: Callable[[str], None] = lambda message: None) -> str:
    """Run every stage for every document of the project; return a one-line summary."""
    results = [convert_document(project, spec) for spec in project.documents]
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
    return f"built {len(written)} document(s) into {project.output_dir.relative_to(project.root)}/"


def check_valid(project: Project, results: list[ConversionResult], echo: Callable[[str], None]) -> None:
    """Validate every document as it will be written (customisation + Schematron); stop on errors.

    A document that fails is written to ``output/rejected/<id>.xml`` (never over the good output in
    ``output/tei/``) and the problems name lines and columns in that file, so the editor can look.
    """
    from .validate import validate_files

    rejected_dir = project.output_dir / "rejected"
    failures = 0
    for result in results:
        candidate = rejected_dir / f"{result.id}.xml"
        write_bytes_atomic(candidate, result.to_bytes())
        report = validate_files([candidate])
        problems = [p for file in report.files for p in file.problems]
        for problem in problems:
            echo(problem.format())
        errors = sum(1 for p in problems if p.severity != "warning")
        failures += errors
        if not errors:
            candidate.unlink()
    if rejected_dir.is_dir() and not any(rejected_dir.iterdir()):
        rejected_dir.rmdir()
    if failures:
        raise ValidationFailed(f"{failures} validation error(s) in {rejected_dir.relative_to(project.root)}/: "
                               "nothing was published, the previous output stays; fix the editorial files "
                               "and build again")
