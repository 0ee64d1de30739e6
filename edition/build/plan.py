"""The plan of a build (what each document is made from, what the previous build made) and its summary.

``plan_build`` reads every transcript and editorial file once to make its key (see ``manifest.py``);
a build whose every key is the one recorded, with every recorded output present, has nothing to do.
``BuildSummary`` is what a build reports: one line, or ``--json``.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import manifest
from ..project import Project


@dataclass
class DocumentPlan:
    source: Path
    metadata: Path | None
    name: str
    key: str
    old: dict | None
    spec: object = None      # the project's DocumentSpec (its DOI, its witnesses)


@dataclass
class BuildPlan:
    project: Project
    shared: str
    documents: list[DocumentPlan]
    old: dict
    pdf: bool

    def up_to_date(self) -> bool:
        """Nothing changed since the last build, and every output it recorded is still there."""
        out = self.project.output_dir
        records = self.old.get("documents") or []
        if self.old.get("build") != self.shared or len(records) != len(self.documents):
            return False
        for plan, record in zip(self.documents, records):
            if record.get("source") != plan.name or record.get("key") != plan.key:
                return False
            doc_id = record.get("id")
            wanted = [f"tei/{doc_id}.xml", f"reports/{doc_id}.json", f"deposit/{doc_id}", f"deposit/{doc_id}.zip",
                      f"html/documents/{doc_id}.html", f".site/{doc_id}/{doc_id}.digest.xml"]
            if self.pdf:
                wanted.append(f"print/{doc_id}.pdf")
            if not all((out / name).exists() for name in wanted):
                return False
        # a rejected copy is of a document that failed: a build is due to try it again or clear it
        return (out / "html" / "index.html").is_file() and not (out / "rejected").exists() and not _leftovers(out)


def _leftovers(folder: Path) -> bool:
    """Anything an interrupted writer left in the output folder (a full build replaces it all).

    Writers that work in place (``render``, ``serve``, ``package`` in a project) leave their temporary
    files and folders in the output folder or in one of its folders, never deeper.
    """
    from .run import _is_leftover

    for place in (folder, *(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())):
        with os.scandir(place) as entries:
            if any(_is_leftover(entry.name) for entry in entries):
                return True
    return False


def plan_build(project: Project, *, pdf: bool) -> BuildPlan:
    old = manifest.load(project.output_dir)
    old_records = {r.get("source"): r for r in old.get("documents") or [] if isinstance(r, dict)}
    shared = manifest.build_key(project, pdf=pdf)
    documents = []
    for spec in project.documents:
        name = _relative(project, spec.source)
        key = manifest.document_key(shared, name, spec.source, spec.metadata)
        if spec.doi or spec.witnesses:  # what else reaches this document's outputs
            extra = [spec.doi or ""] + [f"{w.siglum}\0{w.description}\0{w.base}\0{manifest.file_sha256(w.source)}"
                                        f"\0{manifest.file_sha256(w.metadata)}" for w in spec.witnesses]
            key = manifest.sha256("\0".join([key, *extra]).encode("utf-8"))
        documents.append(DocumentPlan(spec.source, spec.metadata, name, key, old_records.get(name), spec))
    return BuildPlan(project, shared, documents, old, pdf)


def _relative(project: Project, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


@dataclass
class BuildSummary:
    """What a build did: documents built, reused as unchanged, failed (with the first error); time per stage."""

    documents: int = 0
    built: int = 0
    unchanged: int = 0
    failed: list[dict] = field(default_factory=list)
    stages: dict[str, dict] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    output: str = ""
    up_to_date: bool = False
    started: float = field(default_factory=time.perf_counter)

    def stage(self, name: str, seconds: float, documents: int) -> None:
        entry = self.stages.setdefault(name, {"seconds": 0.0, "documents": 0})
        entry["seconds"] += seconds
        entry["documents"] += documents

    def line(self) -> str:
        if self.up_to_date:
            return f"nothing to do: all {self.documents} document(s) in {self.output}/ are up to date"
        text = f"built {self.built} document(s) into {self.output}/"
        if self.unchanged:
            text += f" ({self.unchanged} unchanged, reused)"
        if self.failed:
            text += f"; {len(self.failed)} failed"
        return text

    __str__ = line

    def to_json(self) -> str:
        data = {"documents": self.documents, "built": self.built, "unchanged": self.unchanged,
                "up_to_date": self.up_to_date, "failed": self.failed,
                "stages": {k: {"seconds": round(v["seconds"], 3), "documents": v["documents"]}
                           for k, v in self.stages.items()},
                "warnings": self.warnings, "seconds": round(time.perf_counter() - self.started, 3),
                "output": self.output}
        return json.dumps(data, indent=1, ensure_ascii=False)


_LOCATION = re.compile(r"^[^:\s]+(?::\d+){1,2}: ")


def count_warnings(records: list[dict]) -> tuple[list[str], dict[str, int]]:
    """Warnings that repeat across documents, counted: the first of each kind in full, then a count.

    Two warnings are of one kind when they are the same after their ``file:line:col:`` prefix.
    Returns the lines to show and the count of every kind.
    """
    first: dict[str, str] = {}
    counts: dict[str, int] = {}
    for record in records:
        for warning in record.get("warnings") or []:
            kind = _LOCATION.sub("", warning)
            first.setdefault(kind, warning)
            counts[kind] = counts.get(kind, 0) + 1
    lines = []
    for kind, warning in first.items():
        lines.append(f"warning: {warning}")
        if counts[kind] > 1:
            lines.append(f"warning: … and the same in {counts[kind] - 1} more place(s) (-v shows each)")
    return lines, counts
