"""TEI documents → the static HTML reading edition, through ``xslt/html.xsl``.

``render_site`` gathers the documents (and the project's ODD, for the guidelines page) into one
``ed:site`` collection, runs the stylesheet once (it writes every page with
``xsl:result-document``), copies the assets, the TEI files and the downloads beside the pages,
and only then swaps the finished site into place: a reader of ``output/html`` never sees a
half-built site, and a failed build leaves the previous one untouched.

``render_document`` renders one TEI document to its page (the benchmark and the preview of a
single file use it). The site works from any static host and from ``file://``: links are
relative, scripts and styles are files of the site, the search index is a script, not a fetch.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from lxml import etree

from . import TEI_NS
from .errors import EditionError, RenderError
from .fsio import (check_replaceable, clean_leftovers, folder_files, output_error, replace_dir, resolve_path,
                   staging_dir, write_marker, write_new_file, write_text_atomic)
from .safexml import parse_xml_bytes, parse_xml_file
from .xslt import compile_stylesheet

SITE_NS = "urn:edition:site"
XSLT_DIR = Path(__file__).resolve().parent.parent / "xslt"
HTML_XSL = XSLT_DIR / "html.xsl"
ASSETS_DIR = XSLT_DIR / "assets"
DEFAULT_ODD = Path(__file__).resolve().parent.parent / "schema" / "edition.odd"
#: The file that marks a folder as a site made by edition, and lists its files.
SITE_MARKER = ".edition-site"


@dataclass(frozen=True)
class SiteDocument:
    """One document of the site: its identifier, parsed TEI and the files offered with it."""

    id: str
    path: Path | None
    tree: etree._ElementTree
    tei_bytes: bytes
    pdf: Path | None = None
    package: Path | None = None


@dataclass
class SiteResult:
    """What ``render_site`` wrote."""

    out_dir: Path
    pages: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


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
    """Parse a TEI file safely (no entities, no network), or convert a transcript (``.txt``)."""
    path = Path(path)
    if path.suffix.lower() == ".txt":
        from .convert import convert_file
        from .project import metadata_path_for, register_for

        result = convert_file(path, metadata_path=metadata_path_for(path), register_path=register_for(path))
        data = result.to_bytes()
        tree = parse_xml_bytes(data, str(path))
    else:
        tree = parse_xml_file(path)
        data = path.read_bytes()
    _tei_root(tree, str(path))
    return SiteDocument(document_id(tree, path), path, tree, data, pdf, package)


def _collection(documents: list[SiteDocument], odd: etree._ElementTree | None) -> etree._Element:
    site = etree.Element(f"{{{SITE_NS}}}site", nsmap={"ed": SITE_NS})
    for doc in documents:
        entry = etree.SubElement(site, f"{{{SITE_NS}}}document", id=doc.id, tei=f"tei/{doc.id}.xml")
        if doc.pdf is not None:
            entry.set("pdf", f"downloads/{doc.pdf.name}")
        if doc.package is not None:
            entry.set("package", f"downloads/{doc.package.name}")
        entry.append(_copy_root(doc.tree))
    if odd is not None:
        holder = etree.SubElement(site, f"{{{SITE_NS}}}odd")
        holder.append(_copy_root(odd))
    return site


def _write_collection(path: Path, sources: list, odd: etree._ElementTree | None, pdfs: Mapping[str, Path],
                      packages: Mapping[str, Path], reuse: Mapping[str, Path]) -> list[SiteDocument]:
    """Write the ``ed:site`` collection of ``_collection`` to ``path``, loading one document at a time.

    ``sources`` are loaded documents or TEI paths. Returns the documents without their trees.
    """
    docs: list[SiteDocument] = []
    seen: dict[str, SiteDocument] = {}
    with etree.xmlfile(str(path), encoding="utf-8") as handle:
        with handle.element(f"{{{SITE_NS}}}site", nsmap={"ed": SITE_NS}):
            for source in sources:
                loaded = source if isinstance(source, SiteDocument) else load_document(source)
                tree = loaded.tree
                doc = SiteDocument(loaded.id, loaded.path, None, loaded.tei_bytes,
                                   loaded.pdf or pdfs.get(loaded.id), loaded.package or packages.get(loaded.id))
                if doc.id in seen:
                    _check_unique([seen[doc.id], doc])
                seen[doc.id] = doc
                attributes = {"id": doc.id, "tei": f"tei/{doc.id}.xml"}
                if doc.pdf is not None:
                    attributes["pdf"] = f"downloads/{doc.pdf.name}"
                if doc.package is not None:
                    attributes["package"] = f"downloads/{doc.package.name}"
                if doc.id in reuse:
                    attributes["reuse"] = "yes"
                with handle.element(f"{{{SITE_NS}}}document", attributes):
                    handle.write(tree.getroot())
                docs.append(doc)
            if odd is not None:
                with handle.element(f"{{{SITE_NS}}}odd"):
                    handle.write(odd.getroot())
    return docs


def _copy_root(tree: etree._ElementTree) -> etree._Element:
    # A copy without the comments and processing instructions around the root.
    return etree.fromstring(etree.tostring(tree.getroot()))


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


def render_site(tei_paths: Iterable[str | os.PathLike] | None = None, out_dir: str | os.PathLike = "output/html", *,
                project_title: str = "Edition", base_url: str = "",
                documents: Iterable[SiteDocument] | None = None,
                odd_path: str | os.PathLike | None = DEFAULT_ODD,
                pdfs: Mapping[str, str | os.PathLike] | None = None,
                packages: Mapping[str, str | os.PathLike] | None = None,
                stylesheet: str | os.PathLike = HTML_XSL,
                reuse: Mapping[str, str | os.PathLike] | None = None) -> SiteResult:
    """Render TEI files (or already loaded ``documents``) to a static site in ``out_dir``.

    ``reuse`` maps a document id to the site folder of a previous build whose pages of that document
    (``documents/<id>.*``) are still right (an incremental build): they are copied, not rendered again.

    ``pdfs`` and ``packages`` map a document id to a file offered for download; the link is
    shown only for files that exist. ``odd_path`` is the project's ODD for the guidelines page
    (skipped when missing). ``base_url`` (ending in '/') makes citations carry absolute URLs.
    """
    out_dir = resolve_path(out_dir, "the site folder")
    check_site_folder(out_dir)
    preloaded = list(documents or [])
    paths = list(tei_paths or [])
    if not preloaded and not paths:
        raise RenderError("no documents to render: give at least one TEI file")
    pdfs = {k: Path(v) for k, v in (pdfs or {}).items() if Path(v).is_file()}
    packages = {k: Path(v) for k, v in (packages or {}).items() if Path(v).is_file()}
    odd = None
    if odd_path is not None and Path(odd_path).is_file():
        odd = parse_xml_file(odd_path)
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    compiled = compile_stylesheet(stylesheet)
    reuse = {k: Path(v) for k, v in (reuse or {}).items() if (Path(v) / "documents" / f"{k}.html").is_file()}

    try:
        clean_leftovers(out_dir)
        build = staging_dir(out_dir)
    except OSError as exc:
        raise output_error(exc, out_dir.parent) from None
    try:
        with tempfile.TemporaryDirectory(prefix="edition-site-") as scratch:
            # the collection is written to a file one document at a time: no tree of every document is kept
            collection = Path(scratch) / "site.xml"
            docs = _write_collection(collection, [*preloaded, *paths], odd, pdfs, packages, reuse)
            listing = compiled.transform(None, source_file=collection, output_dir=build, source_name="site",
                                         params={"site-title": project_title, "base-url": base_url})
        for doc_id, previous in sorted(reuse.items()):
            for page in sorted((previous / "documents").glob(f"{doc_id}.*")):
                if page.name.rsplit(".", 1)[0] == doc_id and page.is_file():
                    write_new_file(build / "documents" / page.name, page.read_bytes())
        for asset in sorted(ASSETS_DIR.rglob("*")):
            if asset.is_file():
                write_new_file(build / "assets" / asset.relative_to(ASSETS_DIR), asset.read_bytes())
        for doc in docs:
            write_new_file(build / "tei" / f"{doc.id}.xml", doc.tei_bytes)
            for extra in (doc.pdf, doc.package):
                if extra is not None:
                    write_new_file(build / "downloads" / extra.name, extra.read_bytes())
        write_marker(build, SITE_MARKER, folder_files(build))
        for path in build.rglob("*"):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(build, 0o755)
        replace_dir(build, out_dir)
    except BaseException as exc:
        shutil.rmtree(build, ignore_errors=True)
        if isinstance(exc, OSError):
            raise output_error(exc, out_dir) from None
        raise
    pages = sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*.html"))
    return SiteResult(out_dir, pages, [d.id for d in docs])


def render_document(tei_path: str | os.PathLike, out_path: str | os.PathLike | None = None, *,
                    project_title: str = "Edition", base_url: str = "",
                    tei_href: str = "", pdf_href: str = "", package_href: str = "",
                    root_href: str = "../", stylesheet: str | os.PathLike = HTML_XSL) -> str:
    """Render one TEI document to its HTML page; write it atomically when ``out_path`` is given."""
    doc = load_document(tei_path)
    html = render_tree(doc.tree, project_title=project_title, base_url=base_url, document_id=doc.id,
                       tei_href=tei_href, pdf_href=pdf_href, package_href=package_href,
                       root_href=root_href, stylesheet=stylesheet, source_name=str(tei_path))
    if out_path is not None:
        write_text_atomic(out_path, html)
    return html


def render_tree(tree: etree._ElementTree | etree._Element, *, project_title: str = "Edition",
                base_url: str = "", document_id: str = "", tei_href: str = "", pdf_href: str = "",
                package_href: str = "", root_href: str = "../",
                stylesheet: str | os.PathLike = HTML_XSL, source_name: str | None = None) -> str:
    """The document page of an already parsed TEI tree (the stylesheet is compiled once)."""
    compiled = compile_stylesheet(stylesheet)
    return compiled.transform(tree, source_name=source_name, params={
        "site-title": project_title, "base-url": base_url, "document-id": document_id,
        "tei-href": tei_href, "pdf-href": pdf_href, "package-href": package_href,
        "root-href": root_href})


__all__ = ["SiteDocument", "SiteResult", "load_document", "render_site", "render_document",
           "render_tree", "document_id", "EditionError"]
