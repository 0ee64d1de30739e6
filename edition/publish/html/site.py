"""TEI documents → the static HTML reading edition, through ``xslt/html.xsl``.

The site is made in two steps (map, then merge). Each document on its own (``render_document_part``,
in a worker of ``edition build``): the stylesheet, given an ``ed:site`` collection of that document,
writes its page (``documents/<id>.html``), the citation files beside it, and its *digest*
(``<id>.digest.xml``): the little the pages that list documents need of it (header parts, register
entries, the places that name them, element counts, search passages). Then the listing pass
(``write_site``, in the main process): the pages of every document, their TEI files (as text, see
``TEI_COPY_SUFFIX``) and downloads, and the listing pages (home, indexes, guidelines, about, search,
sitemap; ``listing.py``), each made by the stylesheet from an ``ed:listing`` collection of what reaches
it, from a state kept between builds: only the changed documents' digests are read and only the
listing pages whose inputs changed are made again. Only then is the finished site swapped into place (``publish_site``): a reader of
``output/html`` never sees a half-built site, and a failed build leaves the previous one untouched.

``render_document`` renders one TEI document to its page (the benchmark and the preview of a
single file use it). The site works from any static host and from ``file://``: links are
relative, scripts and styles are files of the site, the search index is a script, not a fetch.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping

from lxml import etree

from ... import TEI_NS, __version__, paths
from ...errors import EditionError, RenderError
from ...fsio import (check_replaceable, clean_leftovers, link_file, link_files_into, output_error,
                     replace_dir, resolve_path, settle_modes, staging_dir, write_marker, write_new_file,
                     write_text_atomic)
from ...safexml import parse_xml_bytes, parse_xml_file, read_xml_file
from ...xslt import compile_stylesheet

SITE_NS = "urn:edition:site"
# The name of each document's TEI copy in the site, ``tei/<id>.xml.txt``: byte for byte the document,
# under a name every static host (and file://) serves as text/plain, which no browser renders as
# markup; a TEI file's XHTML <script> or SVG onload would otherwise run on the site's origin.
# The link saves it as <id>.xml (docs/trust.md).
TEI_COPY_SUFFIX = ".xml.txt"
XSLT_DIR = paths.XSLT_DIR
HTML_XSL = XSLT_DIR / "html.xsl"
ASSETS_DIR = XSLT_DIR / "assets"
DEFAULT_ODD = paths.SCHEMA_DIR / "edition.odd"
#: The file that marks a folder as a site made by edition, and lists its files.
SITE_MARKER = ".edition-site"


@dataclass(frozen=True)
class SiteDocument:
    """One document of the site: its identifier, parsed TEI and the files offered with it.

    ``tree`` may be None (a document kept between renders without its tree, ``light``): it is parsed
    again from ``tei_bytes`` when its page is rendered."""

    id: str
    path: Path | None
    tree: etree._ElementTree | None
    tei_bytes: bytes
    pdf: Path | None = None
    package: Path | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class RenderReport:
    """What the stylesheets could not render as such, per document.

    ``unhandled``: document id → element name → (count, path of the first one): elements with
    no template of their own, rendered generically (their text is on the page, their meaning
    may not be). ``errors``: document id → messages: parts of a document (or whole documents)
    the stylesheet failed on; the rest of the site is rendered without them.
    """

    unhandled: dict[str, dict[str, list]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    notices: dict[str, list[str]] = field(default_factory=dict)

    def add_messages(self, messages: Iterable[str], default_doc: str = "document") -> None:
        """Read the stylesheet's ``edition:unhandled|…`` and ``edition:error|…`` messages, and Saxon's own
        warnings (``edition:saxon|SOURCE|TEXT``, made by edition/xslt.py) as notices."""
        for message in messages:
            kind, _, rest = message.partition("|")
            parts = rest.split("|", 3)
            if kind == "edition:unhandled" and len(parts) >= 3:
                doc, name, path = parts[0] or default_doc, parts[1], parts[2]
                entry = self.unhandled.setdefault(doc, {}).setdefault(name, [0, path])
                entry[0] += 1
            elif kind == "edition:saxon" and len(parts) >= 2:   # a warning of Saxon's (edition/xslt.py)
                where, text = rest.split("|", 1)
                self.add_notice(default_doc, f"{where}: {text}")
            elif kind == "edition:error" and len(parts) >= 4:
                doc, name, path, text = parts[0] or default_doc, parts[1], parts[2], parts[3]
                self.errors.setdefault(doc, []).append(f"{name} at {path}: {text}")

    def add_error(self, doc: str, message: str) -> None:
        self.errors.setdefault(doc, []).append(message)

    def add_notice(self, doc: str, message: str) -> None:
        """Something read in a way the reader should know of (a fragment, duplicate ids)."""
        self.notices.setdefault(doc, []).append(message)

    def warnings(self) -> list[str]:
        """One line per document and unhandled element, then one per error."""
        lines = [m for doc in sorted(self.notices) for m in self.notices[doc]]
        for doc in sorted(self.unhandled):
            for name, (count, path) in sorted(self.unhandled[doc].items()):
                lines.append(f"{doc}: {name} has no rendering of its own, shown as plain text "
                             f"({count}×, first at {path})")
        for doc in sorted(self.errors):
            lines += [f"{doc}: could not render {m}" for m in self.errors[doc]]
        return lines

    def to_json(self) -> str:
        import json

        docs = sorted(set(self.unhandled) | set(self.errors) | set(self.notices))
        return json.dumps({"documents": {d: {
            "notices": self.notices.get(d, []),
            "unhandled": {n: {"count": c, "first": p} for n, (c, p) in sorted(self.unhandled.get(d, {}).items())},
            "errors": self.errors.get(d, [])} for d in docs}}, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


@dataclass
class SiteResult:
    """What ``render_site`` wrote, and what it could not render (``report``)."""

    out_dir: Path
    pages: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    report: RenderReport = field(default_factory=RenderReport)
    listing: object = None   # listing.ListingResult: the listing pages written, those reused, the digests read


def _tei_root(tree: etree._ElementTree, name: str) -> etree._Element:
    root = tree.getroot()
    if root.tag != f"{{{TEI_NS}}}TEI":
        line = root.sourceline
        raise RenderError(f"the root element is {etree.QName(root).localname}, not TEI "
                          f"(namespace {TEI_NS})", path=name, line=line)
    return root


def document_id(tree: etree._ElementTree, path: Path | None) -> str:
    """The identifier that names a document's page: TEI/@xml:id, else the file name."""
    root = tree.getroot()
    value = root.get("{http://www.w3.org/XML/1998/namespace}id") or (path.stem if path else "document")
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-.") or "document"
    return clean


def load_document(path: str | os.PathLike, *, pdf: Path | None = None,
                  package: Path | None = None) -> SiteDocument:
    """Parse a TEI file safely (no entities, no network), or convert a transcript (``.txt``, a caption file)."""
    from ...project import is_transcript

    path = Path(path)
    if is_transcript(path):
        from ...convert import convert_file
        from ...project import metadata_path_for, register_for

        result = convert_file(path, metadata_path=metadata_path_for(path), register_path=register_for(path))
        data = result.to_bytes()
        tree = parse_xml_bytes(data, str(path))
        _tei_root(tree, str(path))
        return SiteDocument(document_id(tree, path), path, tree, data, pdf, package, ())
    # read once: the copy published is the bytes that were parsed
    return replace(_tei_document(path, read_xml_file(path), path), pdf=pdf, package=package)


def _tei_document(path: Path, data: bytes, named: Path, notices: tuple[str, ...] = ()) -> SiteDocument:
    """The document of TEI ``data`` read from the file ``path``, named as the file ``named`` would be
    when it has no ``xml:id`` (``document_id``)."""
    tree, warnings = read_tei_file(path, data)
    return SiteDocument(document_id(tree, named), path, tree, data, None, None, (*notices, *warnings))


def load_documents(path: str | os.PathLike) -> list[SiteDocument]:
    """The documents of a file: one (``load_document``), or each TEI document of a ``teiCorpus``, a page of
    its own named by its ``xml:id`` or by the file and its place in the corpus (``letters-2``), with a
    notice naming its line in the file (the corpus's own header is not shown: each document has its own)."""
    path = Path(path)
    if path.suffix.lower() == ".txt":
        return [load_document(path)]
    data = read_xml_file(path)
    members = _corpus_members(data, str(path))
    if members is None:
        return [_tei_document(path, data, path)]
    width = len(str(len(members)))
    return [_tei_document(path, member, path.with_name(f"{path.stem}-{number:0{width}}"), (
                f"{path}:{line}: a teiCorpus: its TEI document {number} of {len(members)} rendered as a page of "
                "its own; the corpus's header is not shown",))
            for number, (line, member) in enumerate(members, start=1)]


def _corpus_members(data: bytes, name: str) -> list[tuple[int, bytes]] | None:
    """(line, bytes) of each TEI document of a ``teiCorpus`` (nested corpora too, in document order), or
    None when the root is not a teiCorpus. A corpus without a TEI document is a RenderError."""
    if b"teiCorpus" not in data and "teiCorpus".encode("utf-16-le") not in data \
            and "teiCorpus".encode("utf-16-be") not in data:
        return None   # (a TEI document is parsed once, by read_tei_file)
    root = parse_xml_bytes(data, name, collect_ids=False).getroot()
    if root.tag != f"{{{TEI_NS}}}teiCorpus":
        return None
    members = [(tei.sourceline or 0, etree.tostring(tei, encoding="utf-8", xml_declaration=True))
               for tei in root.iter(f"{{{TEI_NS}}}TEI")]
    if not members:
        raise RenderError("a teiCorpus without a TEI document: nothing to render", path=name, line=root.sourceline)
    return members


def light(doc: SiteDocument) -> SiteDocument:
    """The document without its parsed tree (much smaller; ``parsed`` makes it again)."""
    return replace(doc, tree=None)


def parsed(doc: SiteDocument) -> SiteDocument:
    """The document with its tree, parsed from its bytes as ``load_document`` parsed it."""
    if doc.tree is not None:
        return doc
    if doc.path is not None and doc.path.suffix.lower() == ".txt":
        tree = parse_xml_bytes(doc.tei_bytes, str(doc.path))
    else:
        tree, _ = read_tei_file(doc.path, doc.tei_bytes)
    return replace(doc, tree=tree)


def read_tei_file(path: str | os.PathLike, data: bytes | None = None) -> tuple[etree._ElementTree, list[str]]:
    """A TEI file parsed safely for rendering, with what a reader should be warned of.

    A document whose ``xml:id`` values are not unique is invalid but readable: it is read,
    with a warning. A fragment whose root is a TEI element other than ``TEI`` (a ``surface``,
    a ``sourceDoc``, a ``text``) is rendered inside a TEI document made for it, with a warning."""
    from ...safexml import XMLSyntaxProblem

    warnings = []
    data = read_xml_file(path) if data is None else data
    try:
        tree = parse_xml_bytes(data, str(path), base_url=str(path))
    except XMLSyntaxProblem as exc:
        if not exc.detail.startswith("invalid XML (xml:id"):
            raise
        tree = parse_xml_bytes(data, str(path), base_url=str(path), collect_ids=False)
        where = exc.format_message()[: -len(exc.detail)]
        detail = exc.detail.split(": ", 1)[1]
        warnings.append(f"{where}{detail}: xml:id values must be unique; rendered anyway, "
                        "links to that id lead to its first element")
    return as_tei_document(tree, str(path), warnings), warnings


# Where a fragment of TEI goes in the document made for it.
_FRAGMENT_PLACES = {"sourceDoc": "", "facsimile": "", "text": "", "surface": "sourceDoc",
                    "surfaceGrp": "sourceDoc", "teiHeader": None}


def as_tei_document(tree: etree._ElementTree, name: str, warnings: list[str]) -> etree._ElementTree:
    """``tree`` if its root is TEI; a TEI document around a TEI fragment; else a RenderError."""
    root = tree.getroot()
    qname = etree.QName(root)
    if root.tag == f"{{{TEI_NS}}}TEI" or qname.namespace != TEI_NS or qname.localname == "teiCorpus" \
            or _FRAGMENT_PLACES.get(qname.localname, "body") is None:
        _tei_root(tree, name)
        return tree
    tei = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    header = etree.SubElement(tei, f"{{{TEI_NS}}}teiHeader")
    file_desc = etree.SubElement(header, f"{{{TEI_NS}}}fileDesc")
    title = etree.SubElement(etree.SubElement(file_desc, f"{{{TEI_NS}}}titleStmt"), f"{{{TEI_NS}}}title")
    title.text = Path(name).stem
    etree.SubElement(etree.SubElement(file_desc, f"{{{TEI_NS}}}publicationStmt"), f"{{{TEI_NS}}}p")
    source = etree.SubElement(etree.SubElement(file_desc, f"{{{TEI_NS}}}sourceDesc"), f"{{{TEI_NS}}}p")
    source.text = f"A {qname.localname} element on its own, not a TEI document."
    place = _FRAGMENT_PLACES.get(qname.localname, "body")
    copy = _copy_root(root)
    if place == "":
        tei.append(copy)
    elif place == "sourceDoc":
        etree.SubElement(tei, f"{{{TEI_NS}}}sourceDoc").append(copy)
    else:
        body = etree.SubElement(etree.SubElement(tei, f"{{{TEI_NS}}}text"), f"{{{TEI_NS}}}body")
        body.append(copy)
    warnings.append(f"{name}:{root.sourceline}: the root element is {qname.localname}, not TEI: "
                    "rendered as a fragment, without a TEI header")
    return etree.ElementTree(tei)


def _collection(documents: list[SiteDocument], odd: etree._ElementTree | None = None) -> etree._Element:
    """The ed:site collection of the documents whose pages and digests one transform writes."""
    site = etree.Element(f"{{{SITE_NS}}}site", nsmap={"ed": SITE_NS})
    for doc in documents:
        entry = etree.SubElement(site, f"{{{SITE_NS}}}document", id=doc.id, tei=f"tei/{doc.id}{TEI_COPY_SUFFIX}")
        if doc.pdf is not None:
            entry.set("pdf", f"downloads/{doc.pdf.name}")
        if doc.package is not None:
            entry.set("package", f"downloads/{doc.package.name}")
        entry.append(_copy_root(doc.tree))
    if odd is not None:
        holder = etree.SubElement(site, f"{{{SITE_NS}}}odd")
        holder.append(_copy_root(odd))
    return site


def _add_citations(collection: etree._Element, project_title: str, base_url: str,
                   records: dict[str, dict] | None = None) -> dict[str, dict]:
    """The CSL-JSON record of every document of the collection (``records`` when the caller has them),
    and its rendered citation in the collection (ed:citation)."""
    from ..citation import STYLE_NAME, csl_records, render_citation

    if records is None:
        records = csl_records(collection, project_title=project_title, base_url=base_url)
    for entry in collection.iterfind(f"{{{SITE_NS}}}document"):
        holder = etree.SubElement(entry, f"{{{SITE_NS}}}citation", style=STYLE_NAME)
        holder.append(render_citation(records[entry.get("id")]).html)
    return records


def _write_citation_files(folder: Path, doc_id: str, record: dict) -> None:
    """documents/ID.json (CSL-JSON), .bib (BibLaTeX) and .ris, all written from the one record."""
    from ..citation import to_bibtex, to_csl_json, to_ris

    write_new_file(folder / f"{doc_id}.json", to_csl_json(record).encode("utf-8"))
    write_new_file(folder / f"{doc_id}.bib", to_bibtex(record).encode("utf-8"))
    write_new_file(folder / f"{doc_id}.ris", to_ris(record).encode("utf-8"))


def _copy_root(tree: etree._ElementTree | etree._Element) -> etree._Element:
    # A copy of the root without the comments and processing instructions around it (a copy of the
    # element, not a serialisation parsed again: the same tree at about half the cost; ids may repeat in a
    # document read with a warning, and a copy does not look at them).
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    return copy.deepcopy(root)


def _check_unique(documents: list[SiteDocument]) -> None:
    seen: dict[str, SiteDocument] = {}
    for doc in documents:
        if doc.id in seen:
            raise RenderError(f"two documents would both be documents/{doc.id}.html "
                              f"(the other is {seen[doc.id].path}); give one another xml:id",
                              path=str(doc.path))
        seen[doc.id] = doc


def check_site_folder(out_dir: Path) -> None:
    """Refuse to render into a folder that is not empty and is not a site edition made."""
    check_replaceable(out_dir, SITE_MARKER, describe="site")
    try:
        cwd = Path.cwd().resolve()
    except OSError:
        return
    if out_dir == cwd or out_dir in cwd.parents:
        raise EditionError("the site folder is the working folder or holds it: choose a folder inside it, "
                           "such as -o site", path=str(out_dir))


def _keep_downloads(old: Path, new: Path) -> None:
    """The previous site's downloads (PDFs, packages a build put there) that this render does not
    offer again are kept: ``render`` and ``serve`` make no PDFs or packages, and must not remove them."""
    if not old.is_dir():
        return
    for path in sorted(old.iterdir()):
        if path.is_file() and not path.is_symlink() and not (new / path.name).exists():
            write_new_file(new / path.name, path.read_bytes())


def site_params(project_title: str = "Edition", base_url: str = "", introduction: str = "") -> dict[str, str]:
    """The stylesheet's site-level parameters (``base_url`` ends in '/')."""
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return {"site-title": project_title, "base-url": base_url, "introduction": introduction}


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    from ...build.manifest import folder_digest

    return folder_digest(paths.PACKAGE_DIR, "*.py")


_STYLESHEET_DIGESTS: dict[tuple[str, int], str] = {}


def _stylesheet_digest(stylesheet: Path) -> str:
    """One hash over the stylesheet's folder (its modules, the assets), again only when a file changed; the
    digest a build's task is given for it (``xslt.stylesheets_unchanged``) without looking at the files."""
    from ...build.manifest import folder_digest
    from ...xslt import vouched_digest

    folder = stylesheet.parent
    vouched = vouched_digest(folder)
    if vouched is not None:
        return vouched
    mark = (str(folder), max((p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()), default=0))
    if mark not in _STYLESHEET_DIGESTS:
        _STYLESHEET_DIGESTS.clear()
        _STYLESHEET_DIGESTS[mark] = folder_digest(folder)
    return _STYLESHEET_DIGESTS[mark]


def page_key(doc: SiteDocument, params: Mapping[str, str], stylesheet: str | os.PathLike = HTML_XSL, *,
             stylesheets: str | None = None, tei_sha256: str | None = None) -> str:
    """What a document's page, citation files and digest are made from, as a hash: its TEI, the
    downloads offered with it (by name), the site's parameters, the stylesheets (``stylesheets``: their
    digest, when the caller has it for many documents) and the code. ``tei_sha256``: the SHA-256 of the
    TEI's bytes (hex), when the caller has it; ``doc.tei_bytes`` is then not read."""
    from ... import __version__

    digest = hashlib.sha256(json.dumps({
        "edition": __version__, "code": _code_digest(),
        "xslt": stylesheets or _stylesheet_digest(Path(stylesheet).resolve()),
        "stylesheet": str(Path(stylesheet).resolve()), "params": dict(params), "id": doc.id,
        "pdf": doc.pdf.name if doc.pdf else "", "package": doc.package.name if doc.package else "",
        "warnings": list(doc.warnings)}, sort_keys=True).encode("utf-8"))
    digest.update(bytes.fromhex(tei_sha256) if tei_sha256 else hashlib.sha256(doc.tei_bytes).digest())
    return digest.hexdigest()


#: The digest of a document in its part folder: what the listing pages need of it.
DIGEST_SUFFIX = ".digest.xml"
#: The key of what a part folder holds (``page_key``), written last: a folder without it is incomplete.
PART_KEY = "key"


@dataclass(frozen=True)
class DocumentPart:
    """One document's share of the site, made on its own (``render_document_part``): ``folder`` holds
    ``documents/<id>.html`` with its citation files and ``<id>.digest.xml``; ``tei`` is the TEI file
    (or its bytes) the site offers as ``tei/<id>.xml.txt``; ``pdf`` and ``package`` the downloads."""

    id: str
    folder: Path
    tei: Path | bytes
    pdf: Path | None = None
    package: Path | None = None

    @property
    def digest(self) -> Path:
        return self.folder / f"{self.id}{DIGEST_SUFFIX}"


def render_document_part(doc: SiteDocument, folder: Path, *, params: Mapping[str, str],
                         stylesheet: str | os.PathLike = HTML_XSL, key: str | None = None,
                         tei_for_saxon=None) -> None:
    """Render one document's page, its citation files and its digest into ``folder`` (made anew).

    ``tei_for_saxon``: the document's tree already handed to Saxon (``xslt.parse_for_saxon`` of
    ``doc.tree``), which the citation record is read from (a build's package task, which hands it to
    the deposit stylesheets too); else the record is read from the collection the page is made of.

    What the stylesheet reports (``edition:unhandled|…``, ``edition:error|…``) and what the reader
    should know of the document (``doc.warnings``) go into the digest, for the listing pass's report.
    Raises RenderError when the stylesheet fails on the document (``folder`` is then removed).
    """
    compiled = compile_stylesheet(stylesheet)
    if folder.exists():
        shutil.rmtree(folder)
    try:
        collection = _collection([parsed(doc)])
        records = None
        if tei_for_saxon is not None:
            from ..citation import csl_records

            records = csl_records(tei_for_saxon, project_title=params.get("site-title", "Edition"),
                                  base_url=params.get("base-url", ""), document_id=doc.id)
        records = _add_citations(collection, params.get("site-title", "Edition"), params.get("base-url", ""),
                                 records)
        messages: list[str] = []
        compiled.transform(collection, output_dir=folder, source_name=str(doc.path or doc.id), params=params,
                           messages=messages)
        _write_citation_files(folder / "documents", doc.id, records[doc.id])
        if messages or doc.warnings:
            digest_path = folder / f"{doc.id}{DIGEST_SUFFIX}"
            digest = parse_xml_file(digest_path)
            for warning in doc.warnings:
                etree.SubElement(digest.getroot(), f"{_ED}notice").text = warning
            for message in messages:
                element = etree.SubElement(digest.getroot(), f"{_ED}message")
                element.text = message
                part = _message_part(message)
                if part:
                    element.set("part", part)
            digest_path.write_bytes(etree.tostring(digest, encoding="UTF-8", xml_declaration=True))
        if key is not None:
            write_new_file(folder / PART_KEY, key.encode("ascii"))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _message_part(message: str) -> str:
    """'project' or 'principles' for a message of the rendering of the project's description or
    editorial principles (the about page shows those of the first document that has them)."""
    parts = message.split("|")
    path = parts[3] if len(parts) > 3 else ""
    for part, prefix in (("project", "TEI/teiHeader/encodingDesc/projectDesc"),
                         ("principles", "TEI/teiHeader/encodingDesc/editorialDecl")):
        if path == prefix or path.startswith(prefix + "/"):
            return part
    return ""


def reusable_part(folder: Path, doc_id: str, key: str) -> bool:
    """``folder`` holds the complete part of ``doc_id`` made from ``key``."""
    try:
        return (folder / PART_KEY).read_text(encoding="ascii") == key and \
            (folder / f"{doc_id}{DIGEST_SUFFIX}").is_file() and (folder / "documents" / f"{doc_id}.html").is_file()
    except OSError:
        return False


def _place(source: Path, target: Path) -> None:
    """``source`` at ``target`` in a folder being built: a hard link where possible, else a copy
    (``fsio.link_file``); what cannot be written is one line (``OutputError``)."""
    try:
        link_file(source, target)
    except OSError as exc:
        raise output_error(exc, target) from None


_ED = f"{{{SITE_NS}}}"


@dataclass(frozen=True)
class ListingPageJob:
    """One listing page's transform for a worker (``make_listing_page``): the collection of what reaches
    the page, as XML text this process serialised from the tree it made, and the site folder it is
    written into."""

    collection: str
    folder: Path
    params: dict
    stylesheet: str
    stylesheets: str | None = None   # the digest of the stylesheets (``stylesheets_unchanged``), when known


def make_listing_page(job: ListingPageJob) -> list[str]:
    """Write a listing page (``ListingPageJob``) below its site folder; the stylesheet's messages."""
    from ...xslt import parse_text_for_saxon, stylesheets_unchanged

    with stylesheets_unchanged(paths.XSLT_DIR, job.stylesheets) if job.stylesheets else contextlib.nullcontext():
        compiled = compile_stylesheet(job.stylesheet)
    messages: list[str] = []
    compiled.transform(parse_text_for_saxon(job.collection, "site"), output_dir=job.folder, source_name="site",
                       params=job.params, messages=messages)
    return messages


def listing_meta(params: Mapping[str, str], stylesheet: str | os.PathLike = HTML_XSL,
                 odd: etree._ElementTree | None = None) -> dict[str, str]:
    """What the listing pages are made from besides the documents (``listing.write_listing``'s ``meta``):
    the tool, the stylesheets, the site's parameters and the ODD."""
    odd_bytes = etree.tostring(odd.getroot()) if odd is not None else b""
    return {"edition": __version__, "code": _code_digest(),
            "xslt": _stylesheet_digest(Path(stylesheet).resolve()), "stylesheet": str(Path(stylesheet).resolve()),
            "params": json.dumps(dict(params), sort_keys=True), "odd": hashlib.sha256(odd_bytes).hexdigest()}


def read_odd(odd_path: str | os.PathLike | None) -> etree._ElementTree | None:
    """The ODD of the guidelines page, or None when there is none."""
    return parse_xml_file(odd_path) if odd_path is not None and Path(odd_path).is_file() else None


def write_site(build: Path, parts: list[DocumentPart], *, odd: etree._ElementTree | None,
               params: Mapping[str, str], stylesheet: str | os.PathLike = HTML_XSL,
               report: RenderReport | None = None, state: Path | None = None, previous_state: Path | None = None,
               previous_site: Path | None = None, spare_site: Path | None = None, feed=None,
               submit: Callable | None = None, stylesheets: str | None = None):
    """Into ``build`` (a folder being built) every document's part (its page files, its TEI copy, its
    downloads), the listing pages (``listing.write_listing``) and the assets; returns what the listing pass
    did (``listing.ListingResult``). ``state``: where the listing
    pass keeps its state (made from ``previous_state`` when given); ``previous_site``: the site this one
    replaces, whose unchanged listing pages are linked. Without ``state`` every listing page is made.
    ``spare_site``: the site (``html/``) of the spare of a build's output (``fsio.spare_dir``), whose folders
    of pages, TEI copies and downloads are mended into this one's (``fsio.link_files_into``) instead of a
    link a file. ``feed``: the listing state opened before, at ``state``, with the digests read so far
    (``listing.listing_feed``; its ``meta`` is ``listing_meta``). ``submit(function, job)``: a future of
    ``function(job)`` in a worker process of the build (``executors.Processes.submit``), where the listing
    pages' transforms run (``make_listing_page``; ``stylesheets``: the digest of the stylesheets, as
    ``page_key`` takes it), a few at once while this process gathers the next pages' collections."""
    from . import listing

    report = report if report is not None else RenderReport()
    documents = []
    linked: dict[str, dict[str, str]] = {"documents": {}, "tei": {}, "downloads": {}}
    for part in parts:
        with os.scandir(part.folder / "documents") as pages:
            for page in pages:
                linked["documents"][page.name] = page.path
        tei_name = f"{part.id}{TEI_COPY_SUFFIX}"
        if isinstance(part.tei, bytes):
            write_new_file(build / "tei" / tei_name, part.tei)
        else:
            linked["tei"][tei_name] = os.fspath(part.tei)
        for extra in (part.pdf, part.package):
            if extra is not None:
                linked["downloads"][extra.name] = os.fspath(extra)
        documents.append(listing.DocumentInput(part.id, part.digest, listing.part_mark(part.folder, part.id, part.digest)))
    for folder, wanted in linked.items():   # each folder at once, from the spare site's when there is one
        try:
            link_files_into(build / folder, dict(sorted(wanted.items())),
                            spare_site / folder if spare_site is not None else None,
                            spare_root=spare_site.parent if spare_site is not None else None)
        except OSError as exc:
            raise output_error(exc, build / folder) from None

    def transform(collection: etree._Element, folder: Path):
        if submit is not None:   # in a worker, which has compiled the stylesheet: a future of its messages
            return submit(make_listing_page, ListingPageJob(etree.tostring(collection, encoding="unicode"), folder,
                                                            dict(params), str(stylesheet), stylesheets))
        messages: list[str] = []   # (compiled when a listing page is first made: often none is, after a change)
        compile_stylesheet(stylesheet).transform(collection, output_dir=folder, source_name="site", params=params,
                                                 messages=messages)
        return messages

    def report_document(doc_id: str, notices: list[str], messages: list[str]) -> None:
        for notice in notices:
            report.add_notice(doc_id, notice)
        report.add_messages(messages, default_doc=doc_id)

    meta = listing_meta(params, stylesheet, odd)
    with contextlib.ExitStack() as stack:
        if state is None:
            state = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="edition-listing-"))) / listing.STATE_NAME
            previous_state = None
        done = listing.write_listing(build, documents, transform=transform, meta=meta, state=state,
                                     previous_state=previous_state, previous_site=previous_site, odd=odd,
                                     sitemap=params.get("base-url", "") != "", report_document=report_document,
                                     feed=feed)
    report.add_messages(done.messages)
    for asset in sorted(ASSETS_DIR.rglob("*")):
        if asset.is_file():
            write_new_file(build / "assets" / asset.relative_to(ASSETS_DIR), asset.read_bytes())
    return done


def publish_site(out_dir: str | os.PathLike, parts: list[DocumentPart], *,
                 odd_path: str | os.PathLike | None = DEFAULT_ODD, params: Mapping[str, str],
                 stylesheet: str | os.PathLike = HTML_XSL, report: RenderReport | None = None,
                 render: Callable[[Path], list[DocumentPart]] | None = None,
                 state: Path | None = None, previous_state: Path | None = None,
                 previous_site: Path | None = None, spare_site: Path | None = None, feed=None,
                 submit: Callable | None = None, stylesheets: str | None = None) -> SiteResult:
    """The site of the documents' parts in ``out_dir``, swapped into place when finished (a reader never
    sees a half-built site; a failure leaves the previous one). ``render(scratch)``, when given, makes
    the parts first, in a scratch folder beside the site that is removed afterwards. ``state``,
    ``previous_state``: the listing pass's state (``write_site``); ``previous_site``: the site whose
    unchanged listing pages are reused, by default ``out_dir`` as it is; ``spare_site``, ``feed``, ``submit``,
    ``stylesheets``: see ``write_site``."""
    out_dir = resolve_path(out_dir, "the site folder")
    check_site_folder(out_dir)
    report = report if report is not None else RenderReport()
    odd = read_odd(odd_path)
    scratch = None
    try:
        clean_leftovers(out_dir)
        build = staging_dir(out_dir)
        scratch = staging_dir(out_dir) if render is not None else None
    except OSError as exc:
        raise output_error(exc, out_dir.parent) from None
    try:
        if render is not None:
            parts = render(scratch)
        done = write_site(build, parts, odd=odd, params=params, stylesheet=stylesheet, report=report, state=state,
                          previous_state=previous_state,
                          previous_site=previous_site if previous_site is not None else out_dir,
                          spare_site=spare_site, feed=feed, submit=submit, stylesheets=stylesheets)
        _keep_downloads(out_dir / "downloads", build / "downloads")
        files = settle_modes(build)
        write_marker(build, SITE_MARKER, files)
        replace_dir(build, out_dir)
    except BaseException as exc:
        shutil.rmtree(build, ignore_errors=True)
        if isinstance(exc, OSError):
            raise output_error(exc, out_dir) from None
        raise
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    pages = [name for name in files if name.endswith(".html")]
    return SiteResult(out_dir, pages, [p.id for p in parts], report, done)


def render_site(tei_paths: Iterable[str | os.PathLike] | None = None, out_dir: str | os.PathLike = "output/html", *,
                project_title: str = "Edition", base_url: str = "", introduction: str = "",
                documents: Iterable[SiteDocument] | None = None,
                odd_path: str | os.PathLike | None = DEFAULT_ODD,
                pdfs: Mapping[str, str | os.PathLike] | None = None,
                packages: Mapping[str, str | os.PathLike] | None = None,
                stylesheet: str | os.PathLike = HTML_XSL,
                cache: str | os.PathLike | None = None) -> SiteResult:
    """Render TEI files (or already loaded ``documents``) to a static site in ``out_dir``.

    Each document is rendered on its own (its page, citation files and digest: ``render_document_part``),
    then the listing pass makes the pages that list them from the digests (``write_site``): a document
    the stylesheet fails on is reported in ``SiteResult.report`` and left out, the others are published.
    ``cache``: a folder that keeps each document's part (``<cache>/<id>/``) between renders; a part whose
    inputs did not change (``page_key``) is taken from there, not rendered again (``edition serve``), and
    the listing pass keeps its state there (``listing.STATE_NAME``): the listing pages whose inputs did
    not change are taken from the site in ``out_dir``.

    ``pdfs`` and ``packages`` map a document id to a file offered for download; the link is
    shown only for files that exist. ``odd_path`` is the project's ODD for the guidelines page
    (skipped when missing). ``base_url`` (ending in '/') makes citations carry absolute URLs.
    ``introduction``: the project's introduction for the home page (paragraphs split by blank lines).
    """
    out_dir = resolve_path(out_dir, "the site folder")
    check_site_folder(out_dir)  # before anything is read (publish_site checks again before writing)
    docs = list(documents or [])
    for path in tei_paths or []:
        docs.extend(load_documents(path))
    if not docs:
        raise RenderError("no documents to render: give at least one TEI file")
    pdfs = {k: Path(v) for k, v in (pdfs or {}).items() if Path(v).is_file()}
    packages = {k: Path(v) for k, v in (packages or {}).items() if Path(v).is_file()}
    docs = [replace(d, pdf=d.pdf or pdfs.get(d.id), package=d.package or packages.get(d.id)) for d in docs]
    _check_unique(docs)
    params = site_params(project_title, base_url, introduction)
    compile_stylesheet(stylesheet)  # a stylesheet that does not compile stops the render before anything
    report = RenderReport()
    cache_dir = Path(cache) if cache is not None else None
    from .listing import STATE_NAME

    state = cache_dir / STATE_NAME if cache_dir is not None else None

    def render(scratch: Path) -> list[DocumentPart]:
        parts, failures = [], []
        stylesheets = _stylesheet_digest(Path(stylesheet).resolve())
        for doc in docs:
            folder = (cache_dir if cache_dir is not None else scratch) / doc.id
            key = page_key(doc, params, stylesheet, stylesheets=stylesheets)
            if cache_dir is None or not reusable_part(folder, doc.id, key):
                try:
                    render_document_part(doc, folder, params=params, stylesheet=stylesheet, key=key)
                except RenderError as exc:
                    # one document must not take down the others: it is reported and left out
                    failures.append(exc)
                    report.add_error(doc.id, f"the document ({doc.path}): {exc.detail}")
                    continue
            parts.append(DocumentPart(doc.id, folder, doc.tei_bytes, doc.pdf, doc.package))
        if not parts:
            raise failures[0]
        return parts

    return publish_site(out_dir, [], odd_path=odd_path, params=params, stylesheet=stylesheet, report=report,
                        render=render, state=state, previous_state=state)


def render_document(tei_path: str | os.PathLike, out_path: str | os.PathLike | None = None, *,
                    project_title: str = "Edition", base_url: str = "",
                    tei_href: str = "", pdf_href: str = "", package_href: str = "",
                    root_href: str = "../", stylesheet: str | os.PathLike = HTML_XSL,
                    report: RenderReport | None = None) -> str:
    """Render one TEI document to its HTML page; write it atomically when ``out_path`` is given."""
    doc = load_document(tei_path)
    if report is not None:
        for warning in doc.warnings:
            report.add_notice(doc.id, warning)
    html = render_tree(doc.tree, project_title=project_title, base_url=base_url, document_id=doc.id,
                       tei_href=tei_href, pdf_href=pdf_href, package_href=package_href,
                       root_href=root_href, stylesheet=stylesheet, source_name=str(tei_path),
                       report=report)
    if out_path is not None:
        write_text_atomic(out_path, html)
    return html


def render_tree(tree: etree._ElementTree | etree._Element, *, project_title: str = "Edition",
                base_url: str = "", document_id: str = "", tei_href: str = "", pdf_href: str = "",
                package_href: str = "", root_href: str = "../",
                stylesheet: str | os.PathLike = HTML_XSL, source_name: str | None = None,
                report: RenderReport | None = None) -> str:
    """The document page of an already parsed TEI tree (the stylesheet is compiled once).

    What could not be rendered as such goes into ``report`` when it is given; without it Saxon's own
    warnings are printed (``edition: warning: …``, edition/xslt.py)."""
    from ..citation import csl_records, render_citation

    compiled = compile_stylesheet(stylesheet)
    records = csl_records(tree, project_title=project_title, base_url=base_url, document_id=document_id)
    citation = render_citation(next(iter(records.values()))).text if records else ""
    messages: list[str] | None = [] if report is not None else None   # None: Saxon's warnings printed
    html = compiled.transform(tree, source_name=source_name, messages=messages, params={
        "citation-text": citation,
        "site-title": project_title, "base-url": base_url, "document-id": document_id,
        "tei-href": tei_href, "pdf-href": pdf_href, "package-href": package_href,
        "root-href": root_href})
    if messages is not None:
        report.add_messages(messages, default_doc=document_id or "document")
    return html


__all__ = ["SiteDocument", "SiteResult", "RenderReport", "DocumentPart", "load_document", "load_documents",
           "render_site",
           "render_document_part", "publish_site", "write_site", "page_key", "site_params", "render_document",
           "render_tree", "document_id", "EditionError"]
