"""TEI documents → the print edition: ``xslt/print.xsl`` → paged CSS → WeasyPrint → PDF/A-3b.

``render_pdf`` takes a parsed TEI tree and returns the PDF as bytes; ``write_pdf`` reads a TEI
file safely and writes its PDF atomically. The steps:

1. ``print_html``: the TEI through ``xslt/print.xsl`` (the HTML edition with a print layer,
   compiled once per process by ``edition.xslt``) gives XHTML.
2. WeasyPrint lays it out with ``xslt/print/print.css`` (page size, running heads, page
   numbers, footnotes). The index of names lists each occurrence of a name as a link whose page
   number the layout supplies; after the first layout the links are reduced to one per page
   and the document is laid out again (the index comes last on its own pages, so the pages
   before it do not move).
3. The PDF is written as PDF/A-3b, tagged, with the TEI source attached (``AFRelationship``
   Source) and title, author, keywords, language and dates from the TEI header.

The output is deterministic: the creation and modification dates (of the PDF and of the
attachment) are the edition date of the TEI header (``publicationStmt/date``), the PDF
identifier is a hash of the content, and nothing else varies between runs. WeasyPrint fetches
nothing from the network: only the print stylesheet's own folder may be read.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import logging
import os
import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from ... import TEI_NS
from ...errors import RenderError
from ...fsio import write_bytes_atomic
from . import line_splits
from ..trees import remove_keeping_tail
from .print_lines import entries_after_text, place_apparatus, prepare_lines, up_to_text
from ...xslt import compile_stylesheet

from ...paths import XSLT_DIR
PRINT_XSL = XSLT_DIR / "print.xsl"
PRINT_DIR = XSLT_DIR / "print"
PRINT_CSS = PRINT_DIR / "print.css"
LONG_CSS = PRINT_DIR / "long.css"
#: The rules of the kinds of text beyond the record of conversation, shared with the HTML edition.
GENRES_CSS = PRINT_DIR.parent / "assets" / "genres.css"

# A document with more words than this in its text is printed as a long one: notes as endnotes
# (WeasyPrint 70 loses some footnotes of long documents, and laying the whole document out again
# doubled the time), ragged right without hyphenation (half the layout time).
LONG_DOCUMENT_WORDS = 120_000

XHTML_NS = "http://www.w3.org/1999/xhtml"
PDF_VARIANT = "pdf/a-3b"
READINGS = ("edited", "received")
NOTE_PLACEMENTS = ("footnotes", "endnotes")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintOptions:
    """Choices of the print edition.

    ``reading``: the reading printed in the text, 'edited' (corr, reg) or 'received' (sic,
    orig); the other goes to the apparatus. ``notes``: 'footnotes' or 'endnotes'.
    ``project_title``: the edition's title on the title page and in the citation.
    ``base_url``: the site's URL (ending in '/'), for the citation; empty for none.
    ``line_numbers``: corrections keyed to line numbers at the foot of the page (True), or lettered
    and listed after the text (False; a long document is printed so).
    """

    project_title: str = "Edition"
    base_url: str = ""
    reading: str = "edited"
    notes: str = "footnotes"
    line_numbers: bool = True

    def check(self) -> None:
        if self.reading not in READINGS:
            raise RenderError(f"unknown reading {self.reading!r}: use one of {', '.join(READINGS)}")
        if self.notes not in NOTE_PLACEMENTS:
            raise RenderError(f"unknown notes placement {self.notes!r}: use one of {', '.join(NOTE_PLACEMENTS)}")


def edition_date(tree: etree._ElementTree | etree._Element) -> datetime:
    """The date the PDF is stamped with: the edition date of the TEI header.

    ``publicationStmt/date`` (``@when``, else its text if it starts with a year), else
    ``SOURCE_DATE_EPOCH``, else 1970-01-01. Always midnight UTC of that day, so that builds
    of one TEI file give the same bytes.
    """
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    ns = {"t": TEI_NS}
    for date in root.xpath("t:teiHeader/t:fileDesc/t:publicationStmt/t:date", namespaces=ns):
        for value in (date.get("when"), date.get("from"), "".join(date.itertext())):
            parsed = _parse_year_date(value or "")
            if parsed is not None:
                return parsed
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return _EPOCH


def _parse_year_date(value: str) -> datetime | None:
    match = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        return None
    year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
    try:
        return datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return datetime(year, 1, 1, tzinfo=timezone.utc)


def _tei_root(tree: etree._ElementTree | etree._Element, name: str) -> etree._Element:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if root.tag != f"{{{TEI_NS}}}TEI":
        raise RenderError(f"the root element is {etree.QName(root).localname}, not TEI "
                          f"(namespace {TEI_NS})", path=name, line=root.sourceline)
    return root


def print_citation(tree: etree._ElementTree | etree._Element, options: PrintOptions = PrintOptions()) -> str:
    """The citation of the title page (*How to cite*): the document's CSL record in the edition's style, as
    text. Its stylesheet (``xslt/csl.xsl``) is compiled on first use."""
    from ..citation import csl_records, render_citation

    records = list(csl_records(tree, project_title=options.project_title, base_url=options.base_url).values())
    return render_citation(records[0]).text if records else ""


def print_html(tree: etree._ElementTree | etree._Element, *, options: PrintOptions = PrintOptions(),
               attachment_name: str = "", source_name: str | None = None,
               stylesheet: str | os.PathLike = PRINT_XSL, messages: list[str] | None = None,
               citation: str | None = None) -> str:
    """The XHTML of the print edition of a TEI tree (step 1; fast, no layout).

    The stylesheet's messages (elements printed without a rendering of their own, parts it
    failed on) are appended to ``messages`` when it is given. ``citation``: the text of
    ``print_citation(tree, options)`` when the caller has it (a build's print worker gets it from the
    build, which compiles the citation's stylesheet for the site anyway)."""
    options.check()
    name = source_name or "document"
    _tei_root(tree, name)
    compiled = compile_stylesheet(stylesheet)
    return compiled.transform(tree, source_name=name, messages=messages, params={
        "citation-text": print_citation(tree, options) if citation is None else citation,
        "site-title": options.project_title,
        "base-url": options.base_url,
        "default-reading": options.reading,
        "notes-placement": options.notes,
        "line-numbers": options.line_numbers,
        "print-date": edition_date(tree).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "attachment-name": attachment_name,
        "document-id": _tei_root(tree, name).get("{http://www.w3.org/XML/1998/namespace}id") or Path(name).stem,
    })


def _weasyprint():
    try:
        with _libraries_by_soname():
            import weasyprint
    except (ImportError, OSError):
        import sys

        for module in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[module]
        try:    # with ctypes' own search of libraries
            import weasyprint
        except ImportError as exc:  # pragma: no cover - a broken installation
            raise RenderError(f"WeasyPrint is not available ({exc}); install the project's dependencies") from None
    _cache_page_references()
    _serialise_objects_once()
    _font_arrays_of_one_type()
    line_splits.install()
    return weasyprint


@contextlib.contextmanager
def _libraries_by_soname():
    """While WeasyPrint is imported on Linux, ``ctypes.util.find_library`` finds nothing at once.

    WeasyPrint tries several names for each of its C libraries (Pango, HarfBuzz, fontconfig...);
    those without a ``.so`` (``libgobject-2.0-0``, meant for Windows) go to ``find_library``, which
    runs ``ldconfig``, ``gcc`` and ``ld`` for each: 22 searches, half a second of a cold build.
    The Linux names that follow (``libgobject-2.0.so.0``) are opened by the dynamic loader itself,
    which finds the same libraries. Should the import fail this way, ``_weasyprint`` imports again
    with the real ``find_library``."""
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux") or "weasyprint" in sys.modules:
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _cache_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` cost nothing after the first call.

    pydyf builds the tuple of all page references again at every access, and WeasyPrint's
    tagging asks for it once per tagged box: quadratic in the pages, a tenth of the time of a
    600-page PDF. Pages are only ever appended, so the tuple is kept while their number stays."""
    import pydyf

    if getattr(pydyf.PDF, "_edition_cached_references", False):
        return
    original = pydyf.PDF.page_references.fget

    def page_references(pdf):
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_edition_page_references")
        if cached is None or cached[0] != count:
            cached = (count, original(pdf))
            pdf.__dict__["_edition_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._edition_cached_references = True


class _ArraysOfOneType:
    """WeasyPrint's C bindings for its font subsetting, whose arrays of a length (``T[n]``) are made as open
    arrays (``T[]``) of that length, the same memory with the same items.

    cffi reads the C declaration of each new type with pycparser once, and WeasyPrint writes the length of
    each array of glyph ids into its type (``hb_codepoint_t[57]``): every font of every PDF, two new types,
    each read from scratch (0.13 s of printing the memorandum in a fresh process). An open array is one type
    for every length. Everything else is WeasyPrint's ``ffi`` itself."""

    _SIZED = re.compile(r"\A\s*([A-Za-z_][\w ]*?)\s*\[\s*(\d+)\s*\]\s*\Z")

    def __init__(self, ffi) -> None:
        self._ffi = ffi

    def __getattr__(self, name):
        return getattr(self._ffi, name)

    def new(self, cdecl, init=None):
        sized = self._SIZED.match(cdecl) if isinstance(cdecl, str) and \
            (init is None or isinstance(init, (list, tuple))) else None
        if sized is None or (init is not None and len(init) > int(sized.group(2))):
            return self._ffi.new(cdecl, init)
        array = self._ffi.new(f"{sized.group(1)}[]", int(sized.group(2)))
        if init:
            array[0:len(init)] = init
        return array


def _font_arrays_of_one_type() -> None:
    """Give WeasyPrint's font subsetting (``weasyprint.pdf.fonts``) its ``ffi`` through ``_ArraysOfOneType``."""
    from weasyprint.pdf import fonts

    if not getattr(fonts, "_edition_arrays_of_one_type", False):
        fonts.ffi = _ArraysOfOneType(fonts.ffi)
        fonts._edition_arrays_of_one_type = True


def _serialise_objects_once() -> None:
    """Make pydyf serialise (and compress) each object of a PDF once while writing it, not twice.

    For the file identifier that PDF/A needs, ``PDF.write`` hashes the bytes of every object after
    writing them, and builds those bytes again for that: every stream compressed a second time
    (at level 9), a sixth of the time of writing the memorandum's PDF. While ``write`` runs, the
    bytes of each object of the PDF (those numbered in ``pdf.objects``, never the temporary
    dictionaries they are made of) are kept; they are the same bytes, so the PDF is the same."""
    import pydyf

    if getattr(pydyf.PDF, "_edition_serialised_once", False):
        return
    original_write = pydyf.PDF.write

    def write(pdf, *args, **kwargs):
        kept: dict[int, bytes] = {}
        patched = []
        classes = {type(o) for o in pdf.objects if o is not None} | {pydyf.Stream}
        for cls in {k for c in classes for k in c.__mro__ if isinstance(k.__dict__.get("data"), property)}:
            fget = cls.__dict__["data"].fget

            def data(obj, fget=fget):
                number = obj.number
                if number is None or number >= len(pdf.objects) or pdf.objects[number] is not obj:
                    return fget(obj)
                if number not in kept:
                    kept[number] = fget(obj)
                return kept[number]

            patched.append((cls, cls.__dict__["data"]))
            cls.data = property(data)
        try:
            return original_write(pdf, *args, **kwargs)
        finally:
            for cls, prop in patched:
                cls.data = prop

    pydyf.PDF.write = write
    pydyf.PDF._edition_serialised_once = True
    pydyf.PDF._edition_write_twice = original_write     # pydyf's own, for the tests


#: an href that is neither a fragment of the document nor an absolute URL (with its scheme)
_RELATIVE_LINK = re.compile(r"(?!#|[A-Za-z][A-Za-z0-9+.-]*:)")


def _layout(weasyprint, xhtml: str, base_url: str, fetcher, render_options: dict, font_config=None):
    """Lay out the XHTML of print.xsl. It is read by expat (the XML it is), not by WeasyPrint's
    HTML5 parser written in Python, which took a sixth of the time of a long document.
    ``font_config``: one WeasyPrint ``FontConfiguration`` for every layout of a document, so that
    pages of two layouts can be joined in one PDF (``_with_index_laid_out_again``)."""
    import xml.etree.ElementTree as ElementTree

    import cssselect2

    root = ElementTree.fromstring(xhtml)
    prefix = f"{{{XHTML_NS}}}"
    for element in root.iter():
        if element.tag.startswith(prefix):
            element.tag = element.tag[len(prefix):]
        if element.tag == "a" and _RELATIVE_LINK.match(element.get("href") or "#"):
            # a link relative to the TEI file's folder ("letter-2.xml", a facsimile's "f12.jpg") has no
            # target in a PDF: WeasyPrint would point it into the folder of print.css, whose path then
            # stands in the PDF; its words stay, without the link
            del element.attrib["href"]

    class ParsedHTML(weasyprint.HTML):
        def __init__(self) -> None:  # what weasyprint.HTML.__init__ sets after parsing
            self.base_url = base_url
            self.url_fetcher = fetcher
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
            self.etree_element = self.wrapper_element.etree_element

    return ParsedHTML().render(font_config=font_config, **render_options)


def _url_fetcher(weasyprint):
    """A fetcher that reads only files of the print stylesheet's folder: no network, no other files."""
    allowed = PRINT_DIR.resolve()

    class LocalOnly(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(allowed) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"not fetched (the print edition reads no external resources): {url}")

    return LocalOnly()


@functools.lru_cache(maxsize=None)
def _stylesheets(long_document: bool) -> list:
    """The print stylesheets, parsed once per process (the files are the tool's own)."""
    weasyprint = _weasyprint()
    fetcher = _url_fetcher(weasyprint)
    paths = (PRINT_CSS, GENRES_CSS, LONG_CSS) if long_document else (PRINT_CSS, GENRES_CSS)
    return [weasyprint.CSS(filename=str(path), url_fetcher=fetcher) for path in paths]


def _base_url() -> str:
    """What the print XHTML's relative URLs are resolved against: the folder of print.css and its fonts."""
    return PRINT_DIR.resolve().as_uri() + "/"


def _render_options(long_document: bool, *, tagged: bool) -> dict:
    """WeasyPrint's options of a layout and its PDF: the print CSS, PDF/A, tagged or not;
    ``custom_metadata``: the <meta name="doi"> of the page becomes the PDF's /doi entry."""
    return {"stylesheets": list(_stylesheets(long_document)), "pdf_variant": PDF_VARIANT, "pdf_tags": tagged,
            "custom_metadata": True}


def warm_layout(lang: str = "en", stop=lambda: False) -> None:
    """Lay out and write a page of a few words in the print edition's styles, to be thrown away: what
    WeasyPrint does once per process is done then (its C types declared, the fonts of the styles opened,
    the hyphenation patterns of ``lang`` read, the PDF writer's code run), not in the first print. For a
    print worker while it waits for its document (``build.tasks.warm_print``), which stops between the
    layout and the writing when ``stop()`` says its document has come; nothing of it stays but those
    caches, so the PDFs printed after it are the same."""
    weasyprint = _weasyprint()
    h = f"{{{XHTML_NS}}}"
    html = etree.Element(h + "html", {"lang": lang, "class": "print"})
    etree.SubElement(etree.SubElement(html, h + "head"), h + "title").text = "warm"
    body = etree.SubElement(html, h + "body", {"class": "print-edition notes-footnotes has-apparatus"})
    etree.SubElement(body, h + "h2").text = "Warm"
    text = etree.SubElement(body, h + "section", {"class": "text", "id": "text", "data-running": "Text",
                                                  "data-running-title": "Warm"})
    paragraph = etree.SubElement(text, h + "p", {"class": "p"})
    paragraph.text = ("Counterrevolutionary internationalisation " * 12)
    etree.SubElement(paragraph, h + "em").text = "italic"
    etree.SubElement(paragraph, h + "span", {"class": "speaker"}).text = " Sans "
    etree.SubElement(paragraph, h + "span", {"class": "file-name"}).text = "mono.xml"
    note = etree.SubElement(paragraph, h + "span", {"class": "footnote", "data-n": "1"})
    note.text = "A note."
    render_options = _render_options(False, tagged=True)
    with _fewer_collections():
        document = _layout(weasyprint, _serialise_xhtml(html), _base_url(), _url_fetcher(weasyprint), render_options)
        if stop():
            return
        document.write_pdf(attachments=[weasyprint.Attachment(string=b"<TEI/>", name="warm.xml",
                                                              relationship="Source")], **render_options)


def _page_of_anchors(document) -> dict[str, int]:
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _lost_footnotes(xhtml: etree._Element, pages: dict[str, int]) -> list[str]:
    """Footnotes whose call was laid out but whose body is on no page (a WeasyPrint failure)."""
    lost = []
    for anchor in xhtml.iter(f"{{{XHTML_NS}}}span"):
        if (anchor.get("class") or "") == "footnote-anchor":
            note_id = (anchor.get("id") or "").removeprefix("noteref-")
            if note_id and note_id not in pages and anchor.get("id") in pages:
                lost.append(note_id)
    return lost


def _one_link_per_page(xhtml: etree._Element, pages: dict[str, int], every: bool = False) -> bool:
    """Reduce each index entry's occurrence links to one link per page; True if anything changed.
    ``every``: write the page numbers of every entry whose occurrences all have a page as text, even
    where no page is named twice (an entry with an occurrence of no known page keeps its links)."""
    changed = False
    for locs in xhtml.iter(f"{{{XHTML_NS}}}span"):
        if "locs" not in (locs.get("class") or "").split():
            continue
        first_on_page: dict[int, str] = {}
        links = list(locs.iter(f"{{{XHTML_NS}}}a"))
        for link in links:
            target = (link.get("href") or "").lstrip("#")
            page = pages.get(target)
            if page is not None:
                first_on_page.setdefault(page, target)
        if not first_on_page:
            continue
        if every and any(pages.get((link.get("href") or "").lstrip("#")) is None for link in links):
            continue
        if len(first_on_page) == len(links) and not (every and any(link.get("class") == "loc" for link in links)):
            continue
        for child in list(locs):
            locs.remove(child)
        locs.text = None
        previous = None
        for page, target in sorted(first_on_page.items()):
            link = etree.SubElement(locs, f"{{{XHTML_NS}}}a", {"class": "loc-page", "href": f"#{target}"})
            link.text = str(page)
            if previous is not None:
                previous.tail = ", "
            previous = link
        changed = True
    return changed


def _with_index_pages(xhtml: etree._Element, pages: dict[str, int]) -> etree._Element:
    """The XHTML with its index of names giving the pages of the occurrences (``pages``: of a layout
    before) as text, one per page, instead of asking the layout for them (WeasyPrint lays out the pages
    of an index of page references three times): a copy, or ``xhtml`` itself if that changes nothing.
    For the layouts that place the apparatus; the PDF keeps such an index only if it gives the pages
    of its own layout (``_with_index_laid_out_again``; only an index that comes last can be kept)."""
    body = next(xhtml.iter(f"{{{XHTML_NS}}}body"), None)
    children = [] if body is None else [c for c in body if isinstance(c.tag, str)]
    if not children or children[-1].get("id") != INDEX_ID:
        return xhtml
    copied = copy.deepcopy(xhtml)
    return copied if _one_link_per_page(copied, pages, every=True) else xhtml


def _retargeted_links(text: str, laid_out: str) -> dict[str, str] | None:
    """If the index of names of ``text`` is that of ``laid_out`` but for the targets of some of its
    page links (the same page numbers, another occurrence first on a page), the targets to change
    (laid-out → text); None if the indexes differ otherwise or there is none."""
    def index(source: str):
        found = _parse_xhtml(source, "index").xpath("//*[@id=$id]", id=INDEX_ID)
        return found[0] if found else None

    wanted, have = index(text), index(laid_out)
    if wanted is None or have is None:
        return None
    changed: dict[str, str] = {}
    links = [(a, b) for a, b in zip(wanted.iter(f"{{{XHTML_NS}}}a"), have.iter(f"{{{XHTML_NS}}}a"))]
    for a, b in links:
        if a.get("href") != b.get("href"):
            if changed.get(b.get("href"), a.get("href")) != a.get("href"):
                return None
            changed[b.get("href")] = a.get("href")
            b.set("href", a.get("href"))
    if etree.tostring(wanted, encoding="unicode") != etree.tostring(have, encoding="unicode"):
        return None
    return {old.lstrip("#"): new.lstrip("#") for old, new in changed.items()}


INDEX_ID = "index-of-names"


def _index_alone(xhtml: etree._Element, pages: dict[str, int], pages_before: int) -> str | None:
    """The XHTML with everything before the index of names replaced by ``pages_before`` empty pages,
    and the page numbers of the index (``pages``: of the anchors) written as text.

    Laid out, it gives the index's pages as the whole document would (the same page numbers, running
    heads and styles; ``counter(pages)`` counts the empty pages too), at the cost of the index alone.
    None if the index is not the last part of the body (then only the whole document will do)."""
    body = next(xhtml.iter(f"{{{XHTML_NS}}}body"), None)
    children = [] if body is None else [c for c in body if isinstance(c.tag, str)]
    if pages_before < 1 or not children or children[-1].get("id") != INDEX_ID:
        return None
    running = next((s for s in body.iter(f"{{{XHTML_NS}}}section") if s.get("data-running-title") is not None), None)
    alone = copy.deepcopy(xhtml)
    body = next(alone.iter(f"{{{XHTML_NS}}}body"))
    index = body[len(body) - 1]
    for child in list(body):
        if child is not index:
            body.remove(child)
    body.text = None
    for link in index.iter(f"{{{XHTML_NS}}}a"):    # the layout that gave their numbers had the targets
        if link.get("class") == "loc":
            page = pages.get((link.get("href") or "").lstrip("#"))
            if page is None:
                return None
            link.set("class", "loc-page")
            link.text = str(page)
    # the first empty page sets the running title the index's pages carry over from the text
    attributes = {} if running is None else {name: running.get(name) for name in ("data-running", "data-running-title")}
    for number in range(pages_before):
        empty = etree.Element(f"{{{XHTML_NS}}}section" if number == 0 else f"{{{XHTML_NS}}}div",
                              attributes if number == 0 else {"style": "break-before: page"})
        index.addprevious(empty)
    return _serialise_xhtml(alone)


def _with_index_laid_out_again(document, xhtml: etree._Element, pages: dict[str, int], render,
                               laid_out: str | None = None):
    """The document with its index of names laid out again (after ``_one_link_per_page``) and the pages
    before it kept: they do not change, since the index comes last and starts a page. None when the
    index does not take as many pages as before (every page shows the number of pages: the whole
    document must be laid out again then) or cannot be laid out alone. ``laid_out``: the XHTML the
    document was laid out from, if its index gave its pages as text (``_with_index_pages``): if that
    index is the one to be laid out, after as many pages, but for the occurrences its page numbers
    link to, the document is kept with those links changed."""
    first = pages.get(INDEX_ID)
    text = None if first is None else _index_alone(xhtml, pages, first - 1)
    if text is None:
        return None
    retargeted = None if laid_out is None or _pages_before_index(text) != first - 1 \
        else _retargeted_links(text, laid_out)
    if retargeted is not None:  # its index as it would be laid out: the same boxes; some links retargeted
        for page in document.pages[first - 1:]:
            page.links[:] = [(kind, retargeted.get(target, target) if kind == "internal" else target, *rest)
                             for kind, target, *rest in page.links]
        return document
    index = render(text)
    if len(index.pages) != len(document.pages) or _page_of_anchors(index).get(INDEX_ID) != first:
        return None
    joined = document.copy(document.pages[:first - 1] + index.pages[first - 1:])
    joined._edition_index_layout = index     # its pages' fonts live as long as the document
    return joined


def _pages_before_index(text: str) -> int:
    """The empty pages before the index in a text of ``_index_alone``."""
    body = next(_parse_xhtml(text, "index").iter(f"{{{XHTML_NS}}}body"))
    return sum(1 for child in body if isinstance(child.tag, str) and child.get("id") != INDEX_ID)


TITLE_PAGE_ID = "title-page"
#: What in the title page would make its pages depend on the rest of the document (notes at the foot of
#: the page, running strings, page references): a title page with any of these is laid out every time.
_PAGE_DEPENDENT = re.compile(r"\b(?:footnote|crit-note|loc|app-page)\b")


class FrontPages:
    """The pages of the title page, laid out once for every layout of a document.

    The title page comes first and ends with a page break (``print.css``); what follows moves none of
    its lines, so each layout of the document after the first gives the same pages for it. ``remember``
    keeps the title page's pages of the first layout; ``render`` lays out a later text with as many empty
    pages in their place (the pages after them numbered as before) and joins the kept pages to its
    others. Only where that is provably the same: the title page (and what it inherits: the attributes
    of ``html`` and ``body``, the ``head``) is the same XHTML as in the first layout, holds no note, running
    string or page reference, and its pages have no running heads, page numbers or notes; else, and for
    a text without a title page, ``render`` lays out the whole text."""

    def __init__(self, lay_out) -> None:
        self.lay_out = lay_out
        self.first = True
        self.key: str | None = None
        self.pages: list = []
        self.layout = None

    @staticmethod
    def _title_page(xhtml: etree._Element) -> etree._Element | None:
        body = next(xhtml.iter(f"{{{XHTML_NS}}}body"), None)
        first = None if body is None else next((c for c in body if isinstance(c.tag, str)), None)
        return first if first is not None and first.get("id") == TITLE_PAGE_ID else None

    @classmethod
    def _key(cls, xhtml: etree._Element) -> str | None:
        """What the title page's layout depends on, as text; None if it may depend on the rest."""
        title = cls._title_page(xhtml)
        if title is None:
            return None
        for element in title.iter():
            if not isinstance(element.tag, str):
                continue
            if _PAGE_DEPENDENT.search(element.get("class") or "") or element.get("data-running") is not None \
                    or element.get("data-running-title") is not None or element.get("style") is not None:
                return None
        body = title.getparent()
        head = next(xhtml.iter(f"{{{XHTML_NS}}}head"), None)
        tail, title.tail = title.tail, None
        try:
            return repr((sorted(xhtml.attrib.items()), sorted(body.attrib.items()),
                         "" if head is None else etree.tostring(head, encoding="unicode"),
                         etree.tostring(title, encoding="unicode")))
        finally:
            title.tail = tail

    @staticmethod
    def _leading_pages(document, placeholder: bool) -> int:
        """How many pages the title page (or its placeholder) alone fills at the start of ``document``: each
        of them holds nothing else (no running head, page number or note), and a page after them begins
        with what follows the title page. 0 if not so."""
        def body_children(page):
            html = next((c for c in page._page_box.children if getattr(c, "element_tag", None) == "html"), None)
            body = None if html is None else next(
                (c for c in html.children if getattr(c, "element_tag", None) == "body"), None)
            return None if body is None else [getattr(c, "element", None) for c in body.children]

        def is_front(element) -> bool:
            if element is None or not hasattr(element, "get"):
                return False
            return element.get("data-front-placeholder") is not None if placeholder \
                else element.get("id") == TITLE_PAGE_ID

        count = 0
        for page in document.pages:
            children = body_children(page)
            if children is None:
                return 0
            if not children or not all(is_front(e) for e in children):
                break
            if len(page._page_box.children) != 1:     # margin boxes or a footnote area: not alone
                return 0
            count += 1
        if count == len(document.pages) or not body_children(document.pages[count]) \
                or is_front(body_children(document.pages[count])[0]):
            return 0
        return count

    def _placeholder(self, xhtml: etree._Element) -> str:
        """The XHTML with the title page replaced by as many empty pages, each with the anchors the title
        page had on it (what the rest of the document refers to: its page references)."""
        copied = copy.deepcopy(xhtml)
        title = self._title_page(copied)
        for page in self.pages:
            empty = etree.Element(f"{{{XHTML_NS}}}div", {"data-front-placeholder": "", "style": "break-after: page"})
            for anchor in page.anchors:
                etree.SubElement(empty, f"{{{XHTML_NS}}}span", {"id": anchor})
            title.addprevious(empty)
        remove_keeping_tail(title)
        return _serialise_xhtml(copied)

    def remember(self, text: str, document) -> None:
        xhtml = _parse_xhtml(text, "title page")
        key = self._key(xhtml)
        pages = self._leading_pages(document, placeholder=False) if key is not None else 0
        if pages:
            self.key, self.pages, self.layout = key, document.pages[:pages], document

    def render(self, text: str):
        """The layout of ``text``, with the title page's pages of the first layout when they are the same."""
        if self.first:
            self.first = False
            document = self.lay_out(text)
            self.remember(text, document)
            return document
        if self.key is None:
            return self.lay_out(text)
        xhtml = _parse_xhtml(text, "title page")
        if self._key(xhtml) != self.key:
            return self.lay_out(text)
        document = self.lay_out(self._placeholder(xhtml))
        if self._leading_pages(document, placeholder=True) != len(self.pages):
            return self.lay_out(text)
        joined = document.copy(self.pages + document.pages[len(self.pages):])
        joined._edition_front_layout = self.layout    # its pages' fonts live as long as the document
        return joined


def _word_count(root: etree._Element) -> int:
    """Words of the document's text (a cheap measure of its length)."""
    return sum(len(part.split()) for text in root.iterfind(f"{{{TEI_NS}}}text")
               for part in text.itertext())


def _parse_xhtml(text: str, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:  # the stylesheet's output is XHTML; this is a bug there
        raise RenderError(f"print.xsl wrote XHTML that does not parse: {exc}", path=name) from None


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _serialise_xhtml(xhtml: etree._Element) -> str:
    """XHTML an HTML parser reads back as it was: no ``<a/>`` (HTML parsers ignore the slash)."""
    for element in xhtml.iter():
        if isinstance(element.tag, str) and len(element) == 0 and element.text is None \
                and etree.QName(element).localname not in _VOID:
            element.text = ""
    return etree.tostring(xhtml, encoding="unicode")


#: The collections of the youngest generation of Python's garbage collector while a PDF is made: one
#: per this many new objects (Python's default is 700). WeasyPrint makes millions of small objects
#: (boxes, styles, glyph runs), and with the default a seventh of printing the memorandum was spent in
#: collections that found little; with this, about a fifth of that, for some 40 MB more at the peak.
GC_THRESHOLD_WHILE_PRINTING = 20_000
#: And its middle generation once per this many collections of the youngest (Python's default is 10): each of
#: them went through every object of the layouts made so far, a twentieth of printing the memorandum, for
#: no more memory at its peak.
GC_MIDDLE_THRESHOLD_WHILE_PRINTING = 100


@contextlib.contextmanager
def _fewer_collections():
    """Python's garbage collector collects its youngest and middle generations less often while the block
    runs (``GC_THRESHOLD_WHILE_PRINTING``, ``GC_MIDDLE_THRESHOLD_WHILE_PRINTING``; the thresholds as they
    were afterwards); nothing changes if it is disabled or already rarer."""
    import gc

    threshold = GC_THRESHOLD_WHILE_PRINTING
    before = gc.get_threshold()
    if before[0] == 0 or before[0] >= threshold:
        yield
        return
    gc.set_threshold(threshold, max(before[1], GC_MIDDLE_THRESHOLD_WHILE_PRINTING), *before[2:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def render_pdf(tree: etree._ElementTree | etree._Element, *, tei_bytes: bytes | None = None,
               tei_name: str | None = None, options: PrintOptions = PrintOptions(),
               source_name: str | None = None, tagged: bool = True, citation: str | None = None) -> bytes:
    """The PDF/A-3b print edition of a TEI tree, as bytes.

    ``tei_bytes`` is attached as ``tei_name`` (default: the serialised tree as
    ``<xml:id>.xml``). ``tagged`` writes a tagged (structured) PDF. ``citation``: as for ``print_html``.
    """
    with _fewer_collections(), line_splits.kept_for_one_document():
        return _render_pdf(tree, tei_bytes=tei_bytes, tei_name=tei_name, options=options,
                           source_name=source_name, tagged=tagged, citation=citation)


def _render_pdf(tree, *, tei_bytes, tei_name, options, source_name, tagged, citation) -> bytes:
    name = source_name or tei_name or "document"
    root = _tei_root(tree, name)
    doc_id = root.get("{http://www.w3.org/XML/1998/namespace}id") or "document"
    tei_name = tei_name or f"{re.sub(r'[^A-Za-z0-9._-]+', '-', doc_id)}.xml"
    if tei_bytes is None:
        tei_bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    messages: list[str] = []
    long_document = _word_count(root) > LONG_DOCUMENT_WORDS
    if long_document and options.notes == "footnotes":
        logger.warning("%s: a long document (more than %s words): the notes are printed as endnotes, "
                       "the text ragged right", name, f"{LONG_DOCUMENT_WORDS:,}")
        options = replace(options, notes="endnotes")
    if long_document:   # its corrections lettered: line numbers would cost a second layout of the whole
        options = replace(options, line_numbers=False)
    weasyprint = _weasyprint()
    fetcher = _url_fetcher(weasyprint)
    stamp = edition_date(tree).replace(tzinfo=None)
    render_options = _render_options(long_document, tagged=tagged)
    base = _base_url()

    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()

    # the title page laid out once (FrontPages), then each layout of the rest of the document
    front = FrontPages(lambda text: _layout(weasyprint, text, base, fetcher, render_options, font_config))
    render = front.render

    def lay_out(options: PrintOptions, messages: list[str] | None = None):
        """One layout; a document with an apparatus criticus is laid out again for its line numbers.
        Returns (html text, document, xhtml, lost footnotes, lost apparatus notes (their ``data-app``),
        the text laid out if its index of names gave the pages of an earlier layout, else None)."""
        laid_out: list[str] = []

        def for_layout(candidate: etree._Element, pages: dict[str, int]) -> etree._Element:
            prefilled = _with_index_pages(candidate, pages)
            laid_out[:] = [_serialise_xhtml(prefilled)] if prefilled is not candidate else []
            return prefilled

        text = print_html(tree, options=options, attachment_name=tei_name, source_name=name, messages=messages,
                          citation=citation)
        xhtml = _parse_xhtml(text, name)
        keyed_to_lines = prepare_lines(xhtml)   # see print_lines.py
        if keyed_to_lines:  # the first layout, for the line numbers: up to the end of the text
            text = _serialise_xhtml(xhtml)
            document = render(_serialise_xhtml(up_to_text(xhtml)))
        else:
            document = render(text)
        lost = _lost_footnotes(xhtml, _page_of_anchors(document)) if options.notes == "footnotes" else []
        lost_entries: list[str] = []
        if lost and keyed_to_lines:     # the text's last notes may have had no page to go on to
            document = render(text)
            lost = _lost_footnotes(xhtml, _page_of_anchors(document))
        if not lost and keyed_to_lines:
            text, document, wrong = place_apparatus(xhtml, document, render, _serialise_xhtml, _page_of_anchors,
                                                    for_layout=for_layout, name=name)
            xhtml = _parse_xhtml(text, name)
            pages = _page_of_anchors(document)
            lost = _lost_footnotes(xhtml, pages) if options.notes == "footnotes" else []
            lost_entries = [i for i in wrong if pages.get("crit-" + i) is None and "crit-" + i in text]
            if wrong and not lost and not lost_entries:
                logger.warning("%s: %d apparatus entr(ies) printed a page away from their lemma (%s); their "
                               "line numbers are right", name, len(wrong), ", ".join(wrong[:5]))
        return text, document, xhtml, lost, lost_entries, (laid_out[0] if laid_out else None)

    try:
        html_text, document, xhtml, lost, lost_entries, laid_out = lay_out(options, messages)
        from ..html.site import RenderReport

        report = RenderReport()
        report.add_messages(messages, default_doc=name)
        for warning in report.warnings():
            logger.warning("%s", warning)
        if lost and options.notes == "footnotes":
            logger.warning("%s: WeasyPrint could not place footnote(s) %s; printing the notes as endnotes",
                           name, ", ".join(lost))
            options = replace(options, notes="endnotes")
            html_text, document, xhtml, lost, lost_entries, laid_out = lay_out(options)
        if lost_entries:    # printed after the text rather than lost, or the document not printed
            moved = entries_after_text(xhtml, lost_entries)
            logger.warning("%s: WeasyPrint could not place %d apparatus entr(ies) at the foot of any page (%s); "
                           "they are printed after the text", name, moved, ", ".join(lost_entries[:5]))
            document, laid_out = render(_serialise_xhtml(xhtml)), None
            pages = _page_of_anchors(document)
            lost = _lost_footnotes(xhtml, pages) if options.notes == "footnotes" else []
            lost += [i for i in lost_entries if pages.get("crit-" + i) is None]
        if lost:
            raise RenderError(f"WeasyPrint could not place the notes {', '.join(lost[:5])} on any page", path=name)
        pages = _page_of_anchors(document)
        if _one_link_per_page(xhtml, pages) or laid_out is not None:
            document = _with_index_laid_out_again(document, xhtml, pages, render, laid_out) \
                or render(_serialise_xhtml(xhtml))
        attachment = weasyprint.Attachment(
            string=tei_bytes, name=tei_name, description="TEI P5 source of this edition",
            created=stamp, modified=stamp, relationship="Source")
        return document.write_pdf(attachments=[attachment], **render_options)
    except RenderError:
        raise
    except Exception as exc:  # WeasyPrint has no error family of its own
        raise RenderError(f"WeasyPrint could not lay out the print edition: {type(exc).__name__}: {exc}",
                          path=name) from None


def write_pdf(tei_path: str | os.PathLike, out_path: str | os.PathLike, *,
              options: PrintOptions = PrintOptions(), tagged: bool = True) -> Path:
    """Read a TEI file safely (no entities, no network) and write its print edition atomically.

    The TEI file is attached under its own name. Nothing is written if anything fails.
    """
    from ..html.site import read_tei_file

    tei_path = Path(tei_path)
    tree, warnings = read_tei_file(tei_path)
    for warning in warnings:
        logger.warning("%s", warning)
    data = tei_path.read_bytes()
    pdf = render_pdf(tree, tei_bytes=data, tei_name=tei_path.name, options=options,
                     source_name=str(tei_path), tagged=tagged)
    return write_bytes_atomic(out_path, pdf)


__all__ = ["PrintOptions", "print_citation", "print_html", "render_pdf", "write_pdf", "edition_date",
           "PRINT_XSL", "PRINT_CSS", "PDF_VARIANT"]
