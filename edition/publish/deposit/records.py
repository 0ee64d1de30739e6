"""The deposit records checked against the official schema of their standard, before anything is written.

    DataCite 4.5   the official XSD (metadata.xsd and its include/ folder, as DataCite publishes it), which
                   this repository does not hold: ``$EDITION_DATACITE_XSD`` or ``[schema] datacite`` in
                   ``edition.toml`` names it; without it the record is not checked, and a warning says so
    METS 1.12.1    ``schema/deposit/mets.xsd`` (the Digital Library Federation's schema, CC0), with the
                   XLink and XML attributes it imports from the web declared in ``xlink.xsd`` and ``xml.xsd``
    Dublin Core    ``schema/deposit/oai_dc.xsd`` and ``simpledc.xsd``, written after the OAI's and DCMI's
                   schemas (the METS record wraps the same DC record, so it is checked there too)

An invalid record stops the run with the schema's first message, ``file:line:col: message``. Each
schema is compiled once per process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ... import paths
from ...errors import EditionError

SCHEMA_DIR = paths.SCHEMA_DIR / "deposit"
METS_XSD = SCHEMA_DIR / "mets.xsd"
OAI_DC_XSD = SCHEMA_DIR / "oai_dc.xsd"
DATACITE_ENV = "EDITION_DATACITE_XSD"
_LOCAL = {
    "http://www.loc.gov/standards/xlink/xlink.xsd": SCHEMA_DIR / "xlink.xsd",
    "http://www.w3.org/2001/xml.xsd": SCHEMA_DIR / "xml.xsd",
    "http://www.w3.org/2001/03/xml.xsd": SCHEMA_DIR / "xml.xsd",
}


class RecordError(EditionError):
    """A deposit record is not valid against its schema (a fault of the records made, reported in full)."""


class _Local(etree.Resolver):
    """The schemas a schema imports from the web, answered from ``schema/deposit/``; nothing is fetched."""

    def resolve(self, url, pubid, context):
        local = _LOCAL.get(url)
        return self.resolve_filename(str(local), context) if local is not None else None


@lru_cache(maxsize=None)
def load_schema(path: str) -> etree.XMLSchema:
    """An XML Schema, compiled once; imports resolve locally, never over the network."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_Local())
    try:
        return etree.XMLSchema(etree.parse(path, parser))
    except (OSError, etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        from ...errors import SchemaError
        raise SchemaError(f"cannot load the schema: {exc}", path=path) from None


@dataclass(frozen=True)
class RecordSchemas:
    """Where the schemas of the records are; ``datacite`` is None when the official XSD was not found."""

    datacite: Path | None
    datacite_origin: str = ""

    @classmethod
    def find(cls, project=None) -> "RecordSchemas":
        """The DataCite XSD from ``$EDITION_DATACITE_XSD``, else ``[schema] datacite`` of the project."""
        candidates = [(os.environ.get(DATACITE_ENV), f"${DATACITE_ENV}")]
        if project is not None:
            section = project.settings.get("schema", {})
            value = section.get("datacite") if isinstance(section, dict) else None
            if isinstance(value, str) and value:
                candidates.append((str(project.root / value), "[schema] datacite in edition.toml"))
        for value, origin in candidates:
            if value:
                path = Path(value).expanduser()
                if not path.is_file():
                    from ...errors import SchemaError
                    raise SchemaError(f"DataCite schema named by {origin} not found: {path}")
                return cls(path.resolve(), origin)
        return cls(None)

    def missing_warning(self) -> str | None:
        if self.datacite is not None:
            return None
        return ("warning: the DataCite records were not checked: the official DataCite 4.5 schema "
                f"(metadata.xsd) was not found; set {DATACITE_ENV}=/path/to/kernel-4.5/metadata.xsd or "
                "add 'datacite = \"…/metadata.xsd\"' under [schema] in edition.toml")


def check_record(data: bytes, schema_path: Path, name: str, standard: str) -> None:
    """Raise ``RecordError`` with the schema's first message when the record is not valid."""
    schema = load_schema(str(schema_path))
    tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False)))
    if schema.validate(tree):
        return
    error = schema.error_log[0]
    raise RecordError(f"the {standard} record is not valid against {schema_path.name}: {error.message}",
                      path=name, line=error.line, column=error.column)


def check_records(records: dict[str, bytes], schemas: RecordSchemas, bag_name: str) -> None:
    """Check the records of one package (keys are paths in the bag, values the bytes to be written)."""
    for path, standard, schema in (("metadata/datacite.xml", "DataCite 4.5", schemas.datacite),
                                   ("metadata/dc.xml", "Dublin Core (oai_dc)", OAI_DC_XSD),
                                   ("metadata/mets.xml", "METS 1.12", METS_XSD)):
        if path in records and schema is not None:
            check_record(records[path], schema, f"{bag_name}/{path}", standard)
