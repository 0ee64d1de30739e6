"""What each output of a build was made from: the manifest ``output/.edition-manifest.json``.

A build records, for every document, a key over everything that reaches its outputs (the bytes of its
transcript and editorial file, the register, the stylesheets, the schema, the project settings, the
version of edition) and the hashes of what it wrote. The next build reuses an output whose key is the
same (hard-linked or copied from the old output folder into the new one, so the new folder still
replaces the old in one step) and makes the others again.

A changed register changes every document's key: a new form of a name may match in any document, so
every document is converted again (conservative, never stale).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import __version__, paths
from ..fsio import file_sha256, link_file, take_or_link_tree

#: The manifest's name inside the output folder.
MANIFEST = ".edition-manifest.json"
FORMAT = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def folder_digest(folder: Path, pattern: str = "*") -> str:
    """One hash over every file under ``folder`` that matches ``pattern`` (names and bytes, in sorted order)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(file_sha256(path).encode("ascii"))
    return digest.hexdigest()


def build_key(project, *, pdf: bool) -> str:
    """The part of every document's key the whole project shares.

    The version of edition and its code, the stylesheets (``xslt/``), the schema (``schema/`` of edition and the
    project's ODD), the register and every project setting except the list of documents.
    """
    settings = {k: v for k, v in (project.settings or {}).items() if k != "document"}
    odd = project.root / "schema" / "edition.odd"
    parts = {
        "edition": __version__,
        "code": folder_digest(paths.PACKAGE_DIR, "*.py"),  # a version does not change with every edit
        "xslt": folder_digest(paths.XSLT_DIR),
        "schema": folder_digest(paths.SCHEMA_DIR),
        "odd": file_sha256(odd if odd.is_file() else None),
        "register": file_sha256(project.register),
        "title": project.title,
        "publisher": project.publisher,
        "settings": settings,
        "facts": getattr(project, "facts", None),  # editors, funders, version, URL, DOIs recorded by deposit
        "base_url": getattr(project, "base_url", ""),
        "introduction": getattr(project, "introduction", ""),
        "pdf": pdf,
    }
    return sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8"))


def document_key(shared: str, name: str, source: Path, metadata: Path | None) -> str:
    """The key of one document: the shared key, its name and the bytes of its transcript and editorial file."""
    return sha256("\0".join([shared, name, file_sha256(source), file_sha256(metadata)]).encode("utf-8"))


def package_key(shared: str, *parts: str) -> str:
    """The key of one package: what it holds (TEI, report, PDF, sources) by their hashes."""
    return sha256("\0".join([shared, "package", *parts]).encode("utf-8"))


def load(output_dir: Path) -> dict:
    """The manifest of the output folder (``{}`` when there is none or it is not of this format)."""
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def dump(shared: str, documents: list[dict]) -> bytes:
    """The manifest's bytes: the shared key and one record per document, in the project's order."""
    data = {"format": FORMAT, "edition": __version__, "build": shared, "documents": documents}
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def reuse(old: Path, new: Path, spare: Path | None = None) -> None:
    """Put the old output's file (or folder) at ``new``: a hard link where the file system allows, else a
    copy (a folder: its files so, ``fsio.link_tree``). A folder is taken from ``spare`` (the same folder
    in the output the previous build replaced, ``fsio.spare_dir``) when it holds the same files."""
    if os.path.isdir(old):
        take_or_link_tree(old, new, spare)
    else:
        link_file(old, new)
