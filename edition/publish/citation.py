"""Citations: one CSL-JSON record per document, the source of every citation of the edition.

``csl_records`` reads the records from the TEI (``xslt/csl.xsl``: authors split into family and given
names, the archive and its shelfmark, the document's date as ``issued`` and the edition's as
``available-date``, the page's absolute URL when the site's base URL is known, a ``DOI`` when the
header has one). From a record:

* ``render_citation``: the citation shown on the document page and in the PDF, rendered by citeproc-py
  in the Chicago Manual of Style (16th edition, notes and bibliography; the CSL style file is
  ``xslt/csl/``, CC BY-SA 3.0, by the Citation Style Language project);
* ``to_bibtex``, ``to_ris``, ``to_csl_json``: the citation files offered beside the page.

A DOI belongs in the record's ``DOI`` field and nowhere else: every citation shows it from there.
"""

from __future__ import annotations

import functools
import json
import re
import warnings
from dataclasses import dataclass

from lxml import etree

from .. import paths
from ..errors import RenderError

XSLT_DIR = paths.XSLT_DIR
CSL_XSL = XSLT_DIR / "csl.xsl"
STYLE = XSLT_DIR / "csl" / "chicago-notes-bibliography-16th-edition.csl"
STYLE_NAME = "Chicago Manual of Style 16th edition (notes and bibliography)"
XHTML_NS = "http://www.w3.org/1999/xhtml"

#: The order of the fields in the CSL-JSON file (the record comes from the stylesheet as a map).
_FIELD_ORDER = ("id", "type", "title", "author", "editor", "translator", "issued", "available-date",
                "container-title", "publisher", "archive", "archive-place", "archive_location", "DOI",
                "URL", "language")
_INLINE = {"i", "b", "sup", "sub", "span"}


@dataclass(frozen=True)
class Citation:
    """A rendered citation: plain text, and the same as XHTML inline markup (italics kept)."""

    text: str
    html: etree._Element   # an xhtml:span holding only text, i, b, sup, sub and span


def csl_records(source, *, project_title: str, base_url: str = "", document_id: str = "") -> dict[str, dict]:
    """The CSL-JSON record of every TEI document in ``source`` (a TEI tree or an ed:site collection)."""
    from ..xslt import compile_stylesheet

    text = compile_stylesheet(CSL_XSL).transform(source, params={"site-title": project_title, "base-url": base_url,
                                                                 "document-id": document_id})
    records = json.loads(text)
    return {key: _ordered(value) for key, value in records.items()}


def _ordered(record: dict) -> dict:
    return {key: record[key] for key in (*_FIELD_ORDER, *sorted(set(record) - set(_FIELD_ORDER))) if key in record}


@functools.lru_cache(maxsize=1)
def _style():
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(STYLE), validate=False)


def render_citation(record: dict) -> Citation:
    """The record as a bibliography entry in the Chicago style, by citeproc-py (its HTML output; the
    text is that without the markup). A record already rendered in this process is not rendered again
    (a build renders the site twice)."""
    text, html = _render(json.dumps(record, sort_keys=True))
    return Citation(text, etree.fromstring(html))


@functools.lru_cache(maxsize=4096)
def _render(record_json: str) -> tuple[str, bytes]:
    citation = _render_record(json.loads(record_json))
    return citation.text, etree.tostring(citation.html)


def _render_record(record: dict) -> Citation:
    from citeproc import Citation as CiteprocCitation
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not implement
        try:
            bibliography = CitationStylesBibliography(_style(), CiteProcJSON([{**record, "id": "item"}]), formatter.html)
            bibliography.register(CiteprocCitation([CitationItem("item")]))
            html = str(bibliography.bibliography()[0])
        except Exception as exc:  # citeproc-py raises plain exceptions on records it cannot format
            raise RenderError(f"cannot render the citation of {record.get('id')}: {type(exc).__name__}: {exc}") from None
    element = _safe_inline(html)
    return Citation(_normalise("".join(element.itertext())), element)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _safe_inline(html: str) -> etree._Element:
    """citeproc-py's HTML (escaped text, a few inline tags) as XHTML elements, nothing else kept."""
    import lxml.html

    parsed = lxml.html.fragment_fromstring(html, create_parent="span")
    span = etree.Element(f"{{{XHTML_NS}}}span", {"class": "citation-entry"})

    def copy(source: etree._Element, target: etree._Element) -> None:
        target.text = source.text
        for child in source:
            if isinstance(child.tag, str) and child.tag in _INLINE:
                element = etree.SubElement(target, f"{{{XHTML_NS}}}{child.tag}")
                if child.tag == "span" and "small-caps" in (child.get("style") or ""):
                    element.set("class", "small-caps")
                copy(child, element)
                element.tail = child.tail
            else:  # anything else: its text only
                holder = target[-1] if len(target) else None
                piece = (child.text_content() if isinstance(child.tag, str) else "") + (child.tail or "")
                if holder is None:
                    target.text = (target.text or "") + piece
                else:
                    holder.tail = (holder.tail or "") + piece

    copy(parsed, span)
    return span


# ---------------------------------------------------------------------- files written from the record

def _names(record: dict, key: str) -> list[str]:
    """'Family, Given' (or the literal name) of each person of ``key``."""
    out = []
    for name in record.get(key, []):
        if "literal" in name:
            out.append(name["literal"])
        else:
            out.append(", ".join(part for part in (name.get("family", ""), name.get("given", "")) if part))
    return out


def _iso(date: dict | None) -> str:
    if not date or not date.get("date-parts"):
        return ""
    parts = date["date-parts"][0]
    return "-".join([f"{parts[0]:04d}", *[f"{p:02d}" for p in parts[1:3]]])


def _archive(record: dict) -> str:
    return ", ".join(v for v in (record.get("archive"), record.get("archive-place")) if v)


def _bib_escape(value: str) -> str:
    value = re.sub(r"([{}\\])", r"\\\1", value)
    return re.sub(r"([&%$#_])", r"\\\1", value)


def to_bibtex(record: dict) -> str:
    """A BibLaTeX ``@misc`` entry: persons as 'Family, Given', the document's date, the archive."""
    issued = _iso(record.get("issued"))
    edition = _iso(record.get("available-date"))
    note = "; ".join(filter(None, [
        ", ".join(filter(None, [_archive(record), record.get("archive_location", "")])),
        f"edition published {edition}" if edition else ""]))
    fields: list[tuple[str, str, bool]] = [("title", record["title"], True)]
    for key, field in (("author", "author"), ("editor", "editor"), ("translator", "translator")):
        names = _names(record, key)
        if names:
            fields.append((field, " and ".join("{" + n + "}" if "," not in n else n for n in names), False))
    if issued:
        fields += [("date", issued, False), ("year", issued[:4], False)]
    fields.append(("howpublished", record.get("container-title", ""), True))
    if record.get("publisher"):
        fields.append(("publisher", record["publisher"], True))
    if note:
        fields.append(("note", note, True))
    if record.get("DOI"):
        fields.append(("doi", record["DOI"], False))
    if record.get("URL"):
        fields.append(("url", record["URL"], False))
    fields.append(("langid", record.get("language", "en"), True))
    key = re.sub(r"[^A-Za-z0-9:_\-]", "", record["id"]) or "document"
    body = ",\n".join(f"  {name} = {{{_bib_escape(value) if escape else value}}}"
                      for name, value, escape in fields if value)
    return f"@misc{{{key},\n{body}\n}}\n"


def to_ris(record: dict) -> str:
    """A RIS record (type MANSCPT): AU (author), A2 (editor), A4 (translator) as 'Family, Given', DA the
    document's date, DP the archive and AN the shelfmark (as Zotero reads them); CRLF line ends."""
    issued = _iso(record.get("issued"))
    edition = _iso(record.get("available-date"))
    lines = ["TY  - MANSCPT", f"TI  - {record['title']}"]
    lines += [f"AU  - {n}" for n in _names(record, "author")]
    lines += [f"A2  - {n}" for n in _names(record, "editor")]
    lines += [f"A4  - {n}" for n in _names(record, "translator")]
    if issued:
        parts = issued.split("-")
        lines += [f"PY  - {parts[0]}", "DA  - " + "/".join(parts + [""] * (3 - len(parts))) + "/"]
    lines.append(f"T2  - {record.get('container-title', '')}")
    if record.get("publisher"):
        lines.append(f"PB  - {record['publisher']}")
    if _archive(record):
        lines.append(f"DP  - {_archive(record)}")
    if record.get("archive_location"):
        lines.append(f"AN  - {record['archive_location']}")
    if edition:
        lines.append(f"N1  - Edition published {edition}")
    if record.get("DOI"):
        lines.append(f"DO  - {record['DOI']}")
    if record.get("URL"):
        lines.append(f"UR  - {record['URL']}")
    lines += [f"LA  - {record.get('language', 'en')}", "ER  - "]
    return "\r\n".join(re.sub(r"[\r\n]+", " ", line) for line in lines) + "\r\n"


def to_csl_json(record: dict) -> str:
    """The CSL-JSON file: a list holding the one record."""
    return json.dumps([record], ensure_ascii=False, indent=2) + "\n"
