"""The convert stage: transcript + editorial files → TEI tree + conversion report.

    source (bytes → text) → paragraphs (text → paragraphs and inline pieces) → classify (conventions in
    their declared order → document model) → tei (model → TEI tree) → editorial layer
"""

from .pipeline import ConversionResult, convert_file, document_id, serialize_tei

__all__ = ["ConversionResult", "convert_file", "document_id", "serialize_tei"]
