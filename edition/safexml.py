"""Reading XML that nobody here wrote, without trusting it.

Every XML input of the project (TEI files to validate, the ODD, editorial TEI) is parsed here:

* no entity is expanded and no DTD is loaded, so an external entity (``SYSTEM "file:///etc/passwd"``,
  ``SYSTEM "http://…"``), a parameter entity or an entity-expansion bomb ("billion laughs") never
  reaches the tree; a document that *declares* entities is refused with a message that says so,
  before anything is fetched; a DOCTYPE that names an external DTD is read without loading it,
  and a document that uses an entity of that DTD cannot be read (exit status 2);
* the network is never used (``no_network``) and libxml2's limits for huge documents stay on
  (``huge_tree=False``), so memory stays bounded;
* a malformed document raises :class:`XMLSyntaxProblem` naming ``file:line:col``.

A plain ``<!DOCTYPE TEI>`` without declarations is accepted: it carries nothing that could be fetched.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from .errors import EditionError

__all__ = ["XMLProblem", "XMLSyntaxProblem", "UnsafeXMLError", "DTDNeededError", "XMLReadError",
           "parse_xml_file", "parse_xml_bytes", "read_xml_file", "safe_parser"]


class XMLProblem(EditionError):
    """An XML input cannot be used (base class of the errors below)."""


class XMLSyntaxProblem(XMLProblem):
    """The input is not well-formed XML."""


class UnsafeXMLError(XMLProblem):
    """The input declares entities or an external DTD; it is refused, nothing was fetched."""


class DTDNeededError(XMLProblem):
    """The document uses entities of an external DTD, which is never loaded: exit status 2."""

    exit_code = 2


class XMLReadError(XMLProblem):
    """The file cannot be read at all (missing, a folder, no permission): exit status 2."""

    exit_code = 2


class _NothingResolver(etree.Resolver):
    """Answers every request of the parser for a file or URL (an external DTD, an entity) with nothing:
    libxml2 reads a DOCTYPE's external subset when IDs are not collected, ``load_dtd=False`` or not."""

    def resolve(self, url, pubid, context):
        return self.resolve_string("", context)


def safe_parser(*, collect_ids: bool = True) -> etree.XMLParser:
    """A new parser with every dangerous feature switched off (parsers are not thread-safe), and a
    resolver that gives nothing for whatever it would still read (``_NothingResolver``).

    ``collect_ids=False`` reads a document whose ``xml:id`` values are not unique (invalid, but
    renderable) instead of refusing it."""
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_blank_text=False,
        collect_ids=collect_ids,
    )
    parser.resolvers.add(_NothingResolver())
    return parser


def read_xml_file(path: str | os.PathLike) -> bytes:
    """The bytes of the file at ``path``; a file that cannot be read raises :class:`XMLReadError`."""
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise XMLReadError("cannot read: is a folder", path=str(path)) from None
    except OSError as exc:
        raise XMLReadError(f"cannot read: {exc.strerror or exc}", path=str(path)) from None


def parse_xml_file(path: str | os.PathLike, *, collect_ids: bool = True) -> etree._ElementTree:
    """Parse the file at ``path`` safely; errors name the file, line and column."""
    return parse_xml_bytes(read_xml_file(path), str(path), base_url=str(path), collect_ids=collect_ids)


#: libxml2's message for an ``xml:id`` defined twice.
_DUPLICATE_ID = re.compile(r"ID \S+ already defined")


def parse_xml_bytes(data: bytes, name: str, *, base_url: str | None = None,
                    collect_ids: bool = True) -> etree._ElementTree:
    """Parse ``data`` (the bytes of a document called ``name`` in messages) safely."""
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("parse_xml_bytes expects bytes")
    _refuse_declarations_early(data, name)
    try:
        tree = etree.ElementTree(etree.fromstring(bytes(data), safe_parser(collect_ids=collect_ids), base_url=base_url))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, None)
        message = (exc.msg or str(exc)).strip()
        # libxml2 appends ", line N, column M" to some messages: the location is already in front.
        message = message.split(", line ")[0]
        # an xml:id given twice is well-formed XML, but not valid (libxml2 stops on it while it collects ids)
        kind = "invalid XML (xml:id values must be unique)" if _DUPLICATE_ID.fullmatch(message) else \
            "not well-formed XML"
        raise XMLSyntaxProblem(f"{kind}: {message}", path=name, line=line, column=column) from None
    _refuse_declarations(tree, name, _doctype_line(bytes(data)))
    return tree


def _doctype_line(data: bytes) -> int | None:
    position = data.find(b"<!DOCTYPE")
    return data.count(b"\n", 0, position) + 1 if position >= 0 else None


def _refuse_declarations_early(data: bytes, name: str) -> None:
    """Refuse entity declarations before libxml2 even reads them.

    This is a cheap byte search on ASCII-compatible encodings; documents in UTF-16 are checked after
    parsing by :func:`_refuse_declarations`, which sees the parsed DTD whatever the encoding.
    """
    head_end = data.find(b"]>")
    doctype = data.find(b"<!DOCTYPE")
    if doctype < 0:
        return
    subset = data[doctype: head_end + 2 if head_end > doctype else doctype + 4096]
    if b"<!ENTITY" in subset:
        entity_at = data.find(b"<!ENTITY", doctype)
        line = data.count(b"\n", 0, entity_at) + 1
        raise UnsafeXMLError(
            "entity declarations are refused (external entities and entity expansion are a security "
            "risk; TEI needs none): remove the DOCTYPE's <!ENTITY …> declarations and write the "
            "characters themselves. Nothing was fetched or expanded",
            path=name, line=line)


def _refuse_declarations(tree: etree._ElementTree, name: str, line: int | None) -> None:
    docinfo = tree.docinfo
    internal = docinfo.internalDTD
    if internal is not None and any(True for _ in internal.iterentities()):
        raise UnsafeXMLError(
            "entity declarations are refused (external entities and entity expansion are a security "
            "risk; TEI needs none): remove them and write the characters themselves. Nothing was "
            "fetched or expanded", path=name, line=line)
    # A DOCTYPE that only names an external DTD is read without loading it (nothing is
    # fetched); only an entity the document uses from that DTD makes it unreadable.
    external = docinfo.system_url or docinfo.public_id
    for node in tree.getroot().iter(etree.Entity):
        if external:
            raise DTDNeededError(
                f"the entity &{node.name}; is declared in the external DTD {external!r}, which is "
                "never loaded (nothing is fetched): the document cannot be read without it; write "
                "the character itself instead of the entity", path=name, line=node.sourceline)
        raise UnsafeXMLError(f"entity reference &{node.name}; refused: it was not expanded",
                             path=name, line=node.sourceline)
