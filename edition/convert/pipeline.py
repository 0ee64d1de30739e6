"""The convert stage: transcript + editorial files → TEI tree + conversion report.

    source text → SourceText → paragraphs → Document (classify) → TEI tree (tei) → editorial layer
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .classify import Classification, classify
from ..credits import EditionFacts
from ..errors import DoubtError
from ..editorial.metadata import DocumentMetadata, load_metadata
from .report import ConversionReport
from .source import read_source
from .tei import build_tei

SCHEMA_PI = ('href="https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng" '
             'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"')


@dataclass
class ConversionResult:
    """A converted document: its TEI root and the report of what was done."""

    root: etree._Element
    report: ConversionReport
    classification: Classification = field(repr=False)
    meta: DocumentMetadata = field(default_factory=DocumentMetadata, repr=False)
    _bytes: bytes | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.classification.document.id

    @property
    def strict(self) -> bool:
        """The editorial file asks for a strict conversion (``[edition] strict = true``)."""
        return self.meta.strict

    def check_doubts(self, strict: bool = False) -> None:
        """With ``strict`` (or the editorial file's ``strict``), raise ``DoubtError`` if the converter was
        unsure who speaks anywhere: a label not resolved or seen once, a start that looks like a label
        read as text, a turn given by continuation after narrative. The doubts are the report's."""
        doubts = self.report.doubts
        if (strict or self.strict) and doubts:
            raise DoubtError(f"strict conversion: {len(doubts)} doubt(s) about who speaks, the first: {doubts[0]} "
                             "(decide in the editorial file with [[participant]] forms or [[override]], or convert "
                             "without --strict)")

    def to_bytes(self) -> bytes:
        """The serialised TEI (made once: validation, writing and printing all use the same bytes)."""
        if self._bytes is None:
            self._bytes = serialize_tei(self.root)
        return self._bytes


def serialize_tei(root: etree._Element) -> bytes:
    """TEI as UTF-8 bytes, with an xml-model declaration for XML editors; deterministic."""
    tree = etree.ElementTree(root)
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n<?xml-model ' + SCHEMA_PI.encode() + b"?>\n" + body


def document_id(source: Path, meta: DocumentMetadata) -> str:
    """The edition's identifier: from the editorial file, else from the file name (an xml:id)."""
    if meta.id:
        return meta.id
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", source.stem).strip("-.") or "document"
    return stem if re.match(r"[A-Za-z_]", stem) else f"doc-{stem}"


def convert_file(source_path: str | Path, *, metadata_path: str | Path | None = None,
                 register_path: str | Path | None = None, register=None, encoding: str | None = None,
                 publisher: str | None = None, name: str | None = None,
                 strict_encoding: bool = False, facts: EditionFacts | None = None) -> ConversionResult:
    """Convert one transcript. Raises ``EditionError`` subclasses for bad input.

    ``register`` is a register already loaded (a build loads the project's once for all documents);
    ``name`` is how messages and the report call the source (default: the path as given); a project
    build passes the path relative to the project, so that reports do not depend on where it lies.
    ``strict_encoding`` refuses a byte that is not UTF-8 instead of reading it as Windows-1252.
    ``facts``: what the project file says about the edition (editors, version, DOIs; ``credits.py``).
    """
    source_path = Path(source_path)
    source = read_source(source_path, encoding, name, strict=strict_encoding)
    meta = load_metadata(Path(metadata_path) if metadata_path else None)
    if register is None and register_path is not None:
        from ..editorial.register import load_register
        register = load_register(Path(register_path))
    doc_id = document_id(source_path, meta)
    classification = classify(source, meta, register, doc_id)
    root = build_tei(classification.document, meta, publisher, facts.for_document(doc_id) if facts else None)
    # every transcript gets the editorial passes (dates, quantities, quotations; names when a register
    # is given), with or without an editorial file
    from ..editorial.layer import apply_editorial_layer  # here: the editorial layer reads the converter's labels

    editorial_entries = apply_editorial_layer(root, register=register, editorial=meta.raw,
                                              source_name=str(source_path), editorial_path=meta.path,
                                              source_text=source.text)
    report = ConversionReport.from_classification(source, classification, editorial_entries)
    return ConversionResult(root, report, classification, meta)
