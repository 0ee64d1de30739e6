"""``edition build``: the stages in order. Nothing is written until every document has converted.

    convert every source → validate every tree → write TEI and reports → render → package
"""

from __future__ import annotations

from typing import Callable

from .convert import ConversionResult, convert_file
from .fsio import write_bytes_atomic, write_text_atomic
from .project import DocumentSpec, Project


def convert_document(project: Project, spec: DocumentSpec) -> ConversionResult:
    return convert_file(spec.source, metadata_path=spec.metadata, register_path=project.register,
                        publisher=project.publisher or None)


def build(project: Project, echo: Callable[[str], None] = lambda message: None) -> str:
    """Run every stage for every document of the project; return a one-line summary."""
    results = [convert_document(project, spec) for spec in project.documents]
    for result in results:
        for warning in result.report.warnings:
            echo(f"warning: {warning}")
    written = []
    for result in results:
        tei_path = project.tei_dir / f"{result.id}.xml"
        write_bytes_atomic(tei_path, result.to_bytes())
        write_text_atomic(project.output_dir / "reports" / f"{result.id}.json", result.report.to_json())
        written.append(tei_path)
        echo(f"converted {result.report.source} → {tei_path.relative_to(project.root)}")
    return f"built {len(written)} document(s) into {project.output_dir.relative_to(project.root)}/"
