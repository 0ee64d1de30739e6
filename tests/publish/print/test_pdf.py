"""The print edition: print.xsl over the HTML edition, WeasyPrint, PDF/A-3b, read back with poppler.

The memorandum's PDF is made once per session (about 3 s); the other checks read it with
poppler's command-line tools, as a user or an archive would.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.errors import EditionError, RenderError
from edition.publish.print.pdf import PrintOptions, edition_date, print_html, render_pdf, write_pdf
from edition.safexml import parse_xml_file
from tests.pdflines import layout_pages, line_of_text, margin_number, numbered_lines

FIXTURES = Path(__file__).parents[2] / "fixtures" / "pdf"
MINI = FIXTURES / "mini.xml"
XHTML = {"h": "http://www.w3.org/1999/xhtml"}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not found: install poppler-utils (scripts/bootstrap)")
    return path


def _run(*args: str) -> str:
    done = subprocess.run([_tool(args[0]), *args[1:]], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return _run("pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-")


def _flat(text: str) -> str:
    """Text with lines joined and hyphenation at line ends (U+2010 from WeasyPrint) undone."""
    return re.sub(r"\s+", " ", re.sub(r"[\u2010-]\n", "", text))


def _pdf_objects(pdf: Path) -> bytes:
    """The PDF's bytes with its compressed streams (object streams too) inflated, for searching."""
    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end():match.end() + 2_000_000]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _xhtml(tree, **options) -> etree._Element:
    return etree.fromstring(print_html(tree, options=PrintOptions(**options)).encode("utf-8"))


# --------------------------------------------------------------------------- session PDFs

@pytest.fixture(scope="session")
def memorandum_pdf(memorandum_tei_file, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "memorandum-1958-10-02.pdf"
    write_pdf(memorandum_tei_file, out)
    return out


@pytest.fixture(scope="session")
def memorandum_pages(memorandum_pdf) -> list[str]:
    count = int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(memorandum_pdf)), re.M).group(1))
    return [_text(memorandum_pdf, n, n) for n in range(1, count + 1)]


# --------------------------------------------------------------------------- the HTML step (fast)

def test_print_html_has_no_scripts_switch_or_navigation():
    html = _xhtml(parse_xml_file(MINI))
    assert not html.xpath("//h:script | //h:nav | //h:form | //h:fieldset | //h:link", namespaces=XHTML)
    assert html.xpath("string(/h:html/h:head/h:title)", namespaces=XHTML) == \
        "Record of a Short Conversation, 5 January 1959"
    meta = {m.get("name"): m.get("content") for m in html.xpath("//h:meta[@name]", namespaces=XHTML)}
    assert meta["keywords"] == "diplomacy, test"
    assert meta["author"] == "A. Clerk"
    assert meta["dcterms.created"] == "2025-06-30T00:00:00Z"


def _text_and_entries(html) -> tuple[str, list[str]]:
    """The words of the printed text (without the apparatus notes) and the apparatus entries."""
    text = "".join(html.xpath("//h:section[@id='text']//text()[not(ancestor::h:span[contains(@class, 'crit-note')])]",
                              namespaces=XHTML))
    entries = [" ".join("".join(n.itertext()).split())
               for n in html.xpath("//h:span[contains(@class, 'crit-intervention')]", namespaces=XHTML)]
    return text, entries


def test_print_html_edited_reading_in_text_received_in_apparatus():
    html = _xhtml(parse_xml_file(MINI))
    text, entries = _text_and_entries(html)
    assert "We visited Prague twice" in text and "Pargue" not in text
    # unmarked in the text; the entries wait for their line numbers (print_lines.py)
    assert not html.xpath("//h:a[@class='app-call']", namespaces=XHTML)
    assert entries == ["Prague] Pargue MS", "color] colour MS (regularised)"]
    assert not html.xpath("//h:section[@id='apparatus']", namespaces=XHTML)   # no list after the text


def test_print_html_without_line_numbers_letters_the_corrections():
    """As a long document is printed: the corrections lettered in the text and listed after it."""
    html = _xhtml(parse_xml_file(MINI), line_numbers=False)
    assert not html.xpath("//h:span[contains(@class, 'crit-note')]", namespaces=XHTML)
    assert [a.text.strip() for a in html.xpath("//h:a[@class='app-call']", namespaces=XHTML)] == ["a", "b"]
    entries = [" ".join("".join(li.itertext()).split())
               for li in html.xpath("//h:li[@class='app-entry']", namespaces=XHTML)]
    assert entries[0].startswith("a p. Prague] Pargue (as received; corrected by the editor")
    assert entries[1].startswith("b p. color] colour (as received; regularised")


def test_print_html_received_reading_swaps_text_and_apparatus():
    html = _xhtml(parse_xml_file(MINI), reading="received")
    text, entries = _text_and_entries(html)
    assert "We visited Pargue twice" in text and "Prague twice" not in text
    assert entries[0] == "Pargue] MS; Prague ed."


def test_print_html_footnotes_or_endnotes():
    tree = parse_xml_file(MINI)
    foot = _xhtml(tree)
    assert foot.xpath("string(//h:p[@id='p-2']/h:span[contains(@class, 'footnote ')])", namespaces=XHTML) \
        .startswith("In 1957 and in 1958.")
    assert not foot.xpath("//h:section[@class='notes']", namespaces=XHTML)
    end = _xhtml(tree, notes="endnotes")
    assert end.xpath("//h:section[@class='notes']//h:li[@id='ednote-1']", namespaces=XHTML)
    assert not end.xpath("//h:span[contains(@class, 'footnote ')]", namespaces=XHTML)


def test_print_html_index_points_at_every_occurrence():
    html = _xhtml(parse_xml_file(MINI))
    locs = html.xpath("//h:span[@data-entry='prague']/h:a/@href", namespaces=XHTML)
    assert len(locs) == 2
    for href in locs:
        (target,) = html.xpath("//*[@id=$id]", id=href[1:], namespaces=XHTML)
        assert target.get("href") == "#entry-prague"


def test_index_links_reduced_to_one_per_page_and_lost_footnotes_found():
    from edition.publish.print.pdf import _lost_footnotes, _one_link_per_page

    html = _xhtml(parse_xml_file(MINI))
    occurrences = html.xpath("//h:span[@data-entry='prague']/h:a/@href", namespaces=XHTML)
    pages = {occurrences[0][1:]: 2, occurrences[1][1:]: 2, "noteref-ednote-1": 2}
    assert _one_link_per_page(html, pages)
    (locs,) = html.xpath("//h:span[@data-entry='prague']", namespaces=XHTML)
    assert [(a.get("href"), a.text) for a in locs] == [(occurrences[0], "2")]
    assert _lost_footnotes(html, pages) == ["ednote-1"]
    assert _lost_footnotes(html, {**pages, "ednote-1": 3}) == []


def test_bad_options_and_roots_are_one_line_errors():
    with pytest.raises(RenderError, match="unknown reading 'both'"):
        print_html(parse_xml_file(MINI), options=PrintOptions(reading="both"))
    not_tei = etree.fromstring(b"<doc/>")
    with pytest.raises(RenderError, match="not TEI"):
        render_pdf(not_tei)


def test_edition_date_from_header_or_fallback(monkeypatch):
    assert edition_date(parse_xml_file(MINI)).isoformat() == "2025-06-30T00:00:00+00:00"
    bare = etree.fromstring(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>')
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert edition_date(bare).year == 1970
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert edition_date(bare).year == 2023


def test_render_pdf_of_an_element_attaches_the_serialised_tree(tmp_path):
    root = parse_xml_file(MINI).getroot()
    out = tmp_path / "mini.pdf"
    out.write_bytes(render_pdf(root, options=PrintOptions(project_title="Test edition")))
    assert "1 embedded files" in _run("pdfdetach", "-list", str(out))
    _run("pdfdetach", "-save", "1", "-o", str(tmp_path / "back.xml"), str(out))
    back = parse_xml_file(tmp_path / "back.xml").getroot()
    assert back.get("{http://www.w3.org/XML/1998/namespace}id") == "mini-1959-01-05"
    assert "mini-1959-01-05.xml" in _run("pdfdetach", "-list", str(out))
    first = _flat(_text(out, 1, 1))
    assert first.startswith("TEST EDITION") and "Test Archive" in first


def test_a_link_relative_to_the_tei_file_is_no_link_in_the_pdf_and_the_pdf_names_no_folder_of_ours(tmp_path):
    """A ``ref`` to a file beside the TEI and a page's facsimile have no target in a PDF: their words are
    printed without a link (WeasyPrint would point them into the tool's own folder, which would then
    stand in the PDF's bytes); a web link stays a link."""
    text = MINI.read_text(encoding="utf-8").replace("</div>\n    </body>", '<p><pb n="2" facs="f12.jpg"/>See <ref target="letter-2.xml">'
                                                    'the reply</ref> and <ref target="https://example.org/r">the '
                                                    'record</ref>.</p></div>\n    </body>', 1)
    assert "letter-2.xml" in text
    source = tmp_path / "linked.xml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "linked.pdf"
    write_pdf(source, out)
    objects = _pdf_objects(out)
    links = re.findall(rb"/URI\s*\(([^)]*)\)", objects)
    assert b"https://example.org/r" in links and all(link.startswith(b"https://") for link in links), links
    assert b"file:" not in objects and str(Path(__file__).resolve().parents[3]).encode() not in objects
    assert "the reply" in _flat(_text(out))


def test_hostile_tei_writes_nothing(tmp_path):
    bad = tmp_path / "bomb.xml"
    bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE TEI [<!ENTITY a "aaaa">]>\n'
                   '<TEI xmlns="http://www.tei-c.org/ns/1.0">&a;</TEI>\n')
    out = tmp_path / "bomb.pdf"
    with pytest.raises(EditionError):
        write_pdf(bad, out)
    assert not out.exists()


# --------------------------------------------------------------------------- the memorandum's PDF

def test_title_page(memorandum_pages):
    first = _flat(memorandum_pages[0])
    assert "Memorandum of Conversation of Mao Zedong with Six Delegates of the Socialist Countries" in first
    assert "Archival source" in first and "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322" in first
    assert "Licence" in first and "CC BY 4.0" in first
    assert "How to cite" in first and "Translated by Austin Jersild" in first
    assert "attached to this PDF as memorandum-1958-10-02.xml" in first


def test_title_page_value_longer_than_its_line_widens_no_other_value_off_the_page(tmp_path):
    """A value of the title page's list (here an archival citation) with one word longer than the line runs
    out of its own line alone: the words of the other values, a summary of many lines among them, all stand
    on the page."""
    tree = parse_xml_file(MINI)
    tei = "{http://www.tei-c.org/ns/1.0}"
    identifier = tree.getroot().find(f"{tei}teiHeader//{tei}msIdentifier")
    long_word = "GARF-" + "9576" * 40
    etree.SubElement(identifier, f"{tei}idno", type="citation").text = long_word
    profile = tree.getroot().find(f"{tei}teiHeader/{tei}profileDesc")
    summary = etree.SubElement(etree.SubElement(profile, f"{tei}abstract"), f"{tei}p")
    summary.text = "The delegates discuss the harvest and the schools of the region at some length. " * 6
    out = tmp_path / "long.pdf"
    out.write_bytes(render_pdf(tree))
    bbox = etree.fromstring(_run("pdftotext", "-bbox", "-f", "1", "-l", "1", str(out), "-").encode("utf-8"))
    h = "{http://www.w3.org/1999/xhtml}"
    page = bbox.find(f".//{h}page")
    words = [(w.text, float(w.get("xMax"))) for w in page.iter(f"{h}word")]
    assert any(text.startswith("GARF-9576") for text, _ in words)
    assert sum(1 for text, _ in words if text == "harvest") == 6
    off = [text for text, x_max in words if x_max > float(page.get("width")) and not text.startswith("GARF-")]
    assert not off


def test_speech_with_speaker(memorandum_pages):
    text = "".join(memorandum_pages[1:])
    assert re.search(r"Mao Zedong:\s*\n\s*To the health of our guests!", text)
    assert "Cde. Efremov:" in text  # the corrected reading of "Efremeov" in a speaker label


@pytest.fixture(scope="session")
def memorandum_layout(memorandum_pdf) -> list[str]:
    return layout_pages(memorandum_pdf)


def _corrections() -> list[tuple[str, str]]:
    """(edited reading, reading as received) of every correction and regularisation of the memorandum's
    editorial file."""
    import tomllib

    editorial = tomllib.loads((Path(__file__).parents[3] / "sources" / "memorandum-1958-10-02.toml")
                              .read_text(encoding="utf-8"))
    return [(c["corr"], c["sic"]) for c in editorial["correction"]] + \
           [(r["reg"], r["orig"]) for r in editorial.get("regularisation", [])]


def test_corrections_keyed_to_line_numbers_at_the_foot_of_their_page(memorandum_layout):
    """"100 Czechoslovakia] Czecholsovakia MS" at the foot of the page whose line 100 reads
    "… Poland and Czechoslovakia.": every correction of the editorial file, with the number of the
    line its lemma begins on."""
    found = 0
    for corr, sic in _corrections():
        entry = re.compile(rf"(?<![\d.])(\d+) {re.escape(corr)}\] {re.escape(sic)} MS")
        pages = [(page, m) for page in memorandum_layout[1:] if (m := entry.search(_flat(page)))]
        if not pages:
            # the summary on the title page is outside the numbered text: its correction keeps a letter
            assert corr == "unit", corr
            continue
        assert len(pages) == 1, corr
        page, match = pages[0]
        line = line_of_text(page, int(match.group(1)))
        first = corr.split()[0]
        assert first in line or re.search(rf"{re.escape(first[:3])}\S*[\u2010-]$", line), (corr, line)
        found += 1
    assert found >= 7
    page = next(p for p in memorandum_layout if re.search(r"\d+ Czechoslovakia\] Czecholsovakia MS", p))
    number = int(re.search(r"(\d+) Czechoslovakia\] Czecholsovakia MS", page).group(1))
    assert "Poland and Czechoslovakia." in line_of_text(page, number)


def test_every_fifth_line_is_numbered(memorandum_layout):
    numbers = []
    for page in memorandum_layout[1:]:
        lines, numbered = numbered_lines(page)
        for (i, n), (j, m) in zip(numbered, numbered[1:]):
            assert m - n == 5 and j - i == 5, (lines[i], lines[j])   # five lines of text apart
        numbers += [n for _, n in numbered]
    assert numbers[:3] == [5, 10, 15] and len(numbers) > 40
    assert numbers == list(range(5, 5 * len(numbers) + 1, 5))


def test_line_numbers_of_the_text_alone_are_those_of_the_whole_document(memorandum_tei):
    """The first layout, for the line numbers, is of the document up to the end of its text: the
    numbers (in the margin and in the entries) and the pages of the text are those of a layout of the
    whole document, with footnotes or endnotes, in either reading; the back matter is left out."""
    import copy

    from weasyprint.text.fonts import FontConfiguration

    from edition.publish.print import pdf as pdf_module
    from edition.publish.print.print_lines import number_lines, prepare_lines, up_to_text

    weasyprint = pdf_module._weasyprint()
    fetcher = pdf_module._url_fetcher(weasyprint)
    render_options = {"stylesheets": list(pdf_module._stylesheets(False)), "pdf_variant": pdf_module.PDF_VARIANT}
    base = pdf_module.PRINT_DIR.resolve().as_uri() + "/"
    for options in (PrintOptions(), PrintOptions(notes="endnotes"), PrintOptions(reading="received")):
        xhtml = _xhtml(memorandum_tei, **options.__dict__)
        assert prepare_lines(xhtml)
        font_config = FontConfiguration()
        numbered, pages, counts = [], [], []
        for laid_out in (copy.deepcopy(xhtml), up_to_text(xhtml)):
            document = pdf_module._layout(weasyprint, pdf_module._serialise_xhtml(laid_out), base, fetcher,
                                          render_options, font_config)
            lines = copy.deepcopy(xhtml)
            assert number_lines(document, lines)
            numbered.append(etree.tostring(lines, encoding="unicode"))
            pages.append(pdf_module._page_of_anchors(document))
            counts.append(len(document.pages))
        assert numbered[0] == numbered[1] and numbered[0].count('class="line-number"') > 40
        assert pages[1] and all(pages[0].get(anchor) == page for anchor, page in pages[1].items())
        assert "index-of-names" in pages[0] and "index-of-names" not in pages[1] and counts[1] < counts[0]


def test_no_letters_or_numbers_glued_to_the_words_in_the_text_layer(memorandum_pages, memorandum_layout):
    """pdftotext reads "Efremov" and "Czechoslovakia", not "Efremove" or "25such": the text carries no
    apparatus letters, and the line numbers in the margin are words of their own."""
    body = "\n".join(p for p in memorandum_pages[1:] if "Index of names" not in p)
    words = set(re.findall(r"\w+", body))
    for corr, _ in _corrections():
        assert re.search(rf"(?<!\w){re.escape(corr.split()[-1])}(?!\w)", body), corr
    assert "Efremov" in words and "Efremove" not in words
    # the readings as received stand only in their entries at the foot of the page
    for sic in ("Efremeov", "Czecholsovakia", "Sophia"):
        assert body.count(sic) == len(re.findall(rf"\] {sic} MS", body)) >= 1, sic
    assert "Czechoslovakia" in words and not re.search(r"Czechoslovakia [a-z]\b", body)
    # letters only for the summary on the title page, outside the numbered text
    lettered = re.findall(r"^([a-z]+) +p\. (\d+) (.*)$", "".join(memorandum_layout[1:]), re.M)
    assert [(letter, page) for letter, page, _ in lettered] == [("a", "1")] and lettered[0][2].startswith("unit] unite")
    numbers = {str(n) for page in memorandum_layout for line in page.splitlines()
               if (n := margin_number(line)) is not None and n >= 20}
    glued = [word for word in re.findall(r"\S+", body)      # "25such", "such25"
             if (m := re.fullmatch(r"(\d+)[^\W\d_]\S*|\S*[^\W\d_](\d+)", word)) and (m.group(1) or m.group(2)) in numbers]
    assert not glued


def test_footnotes_on_their_pages(memorandum_pages, memorandum_tei):
    count = len(memorandum_tei.xpath("//t:text//t:note[@type='editorial']",
                                     namespaces={"t": "http://www.tei-c.org/ns/1.0"}))
    assert count >= 5
    pages_of = {}
    for number, page in enumerate(memorandum_pages, start=1):
        for n in re.findall(r"^(\d+)\. ", page, re.M):
            pages_of.setdefault(int(n), number)
    assert sorted(pages_of)[:count] == list(range(1, count + 1))
    # The first note's call ("Zhu De¹") and body are on one page; the text layer reads the call apart
    # from its word ("Zhu De 1", not "Zhu De1").
    page = memorandum_pages[pages_of[1] - 1]
    assert "Zhu De 1, and others" in page and "1. Zhu De was not Minister of Defense" in page
    assert "Zhu De1" not in page


def test_index_of_names_one_page_number_per_page(memorandum_pages):
    index = _flat("".join(p for p in memorandum_pages if "Index of names" in p))
    line = re.search(r"Czechoslovakia\. Czechoslovak Republic \(1918–1992\)\. ([\d, ]+)", index)
    assert line and line.group(1).strip()
    for match in re.finditer(r"\)\. ((?:\d+, )+\d+)", index):
        numbers = [int(n) for n in match.group(1).split(", ")]
        assert numbers == sorted(set(numbers)), match.group(0)


def _index_entries(xhtml: etree._Element) -> list[tuple[str, list[str]]]:
    """Each entry of the print HTML's index: the text before its page numbers, and the words of the
    text its occurrences point at."""
    entries = []
    for entry in xhtml.iterfind(".//{*}li[@class='index-entry']"):
        (locs,) = entry.iterfind("{*}span[@class='locs']")
        before = _flat("".join(entry.itertext())[:-len("".join(locs.itertext())) or None]).strip()
        words = []
        for link in locs.iterfind("{*}a"):
            (target,) = xhtml.xpath("//*[@id=$id]", id=link.get("href")[1:])
            words.append(_flat("".join(target.itertext())).strip())
        entries.append((before, words))
    return entries


def test_index_page_numbers_are_the_pages_where_pdftotext_finds_the_names(memorandum_pages, memorandum_tei):
    """The index's page numbers (written after the first layout, the index then laid out again
    alone): every number given for a name is a page on which the name is printed as the text names it."""
    xhtml = etree.fromstring(print_html(memorandum_tei, options=PrintOptions()).encode("utf-8"))
    first_index_page = next(n for n, p in enumerate(memorandum_pages, start=1) if "Index of names" in p)
    index = _flat("".join(memorandum_pages[first_index_page - 1:]))
    body = [_flat(page) for page in memorandum_pages[:first_index_page - 1]]
    checked = 0
    for before, words in _index_entries(xhtml):
        match = re.search(re.escape(before) + r" ((?:\d+, )*\d+)", index)
        assert match, before
        numbers = [int(n) for n in match.group(1).split(", ")]
        assert numbers == sorted(set(numbers)) and len(numbers) <= len(words), before
        for number in numbers:
            assert 1 < number < first_index_page, (before, number)
            assert any(word in body[number - 1] for word in words), (before, number, words)
        checked += 1
    assert checked >= 30


def test_index_entries_read_once_by_plain_pdftotext(memorandum_pdf, memorandum_tei):
    """Plain pdftotext (reading order, not -layout) reads every entry of the index once: no entry of a
    page read again (a box drawn twice, or the index of an earlier layout left in the PDF)."""
    text = _flat(_text(memorandum_pdf))
    assert text.count("Index of names Persons") == 1
    index = text[text.index("Index of names Persons"):]
    entries = _index_entries(_xhtml(memorandum_tei))
    assert len(entries) > 30
    twice = [before for before, _ in entries if len(re.findall(rf"(?<!\w){re.escape(before)} \d", index)) != 1]
    assert not twice, twice


def test_index_laid_out_alone_reads_as_the_whole_document_laid_out_again(memorandum_tei_file, memorandum_pdf,
                                                                           monkeypatch, tmp_path):
    """When the index would not give the pages of the whole document (here: made to start a page
    late), the whole document is laid out again; and that PDF reads as the one whose index alone was
    laid out again: same pages, same text, same page numbers."""
    from edition.publish.print import pdf as pdf_module

    original, tried = pdf_module._index_alone, []

    def one_page_late(xhtml, pages, pages_before):
        tried.append(pages_before)
        return original(xhtml, pages, pages_before + 1)

    monkeypatch.setattr(pdf_module, "_index_alone", one_page_late)
    again = tmp_path / "whole.pdf"
    write_pdf(memorandum_tei_file, again)
    assert tried and tried[0] > 1
    assert _run("pdfinfo", str(again)).split("Pages:")[1].split()[0] == \
        _run("pdfinfo", str(memorandum_pdf)).split("Pages:")[1].split()[0]
    assert _run("pdftotext", "-enc", "UTF-8", "-layout", str(again), "-") == \
        _run("pdftotext", "-enc", "UTF-8", "-layout", str(memorandum_pdf), "-")


def test_index_kept_from_the_layout_is_the_index_laid_out_again(memorandum_tei_file, memorandum_pdf,
                                                                 monkeypatch, tmp_path):
    """The layouts that place the apparatus print the index's page numbers of the layout before; when
    they are the final ones, that index is kept, the links of a number that now has another occurrence
    first on its page retargeted: the PDF is byte-identical to the one whose index is laid out again."""
    from edition.publish.print import pdf as pdf_module

    original, kept = pdf_module._retargeted_links, []

    def recorded(text, laid_out):
        kept.append(original(text, laid_out))
        return kept[-1]

    monkeypatch.setattr(pdf_module, "_retargeted_links", recorded)
    write_pdf(memorandum_tei_file, tmp_path / "kept.pdf")
    assert kept and kept[0]    # the memorandum: kept, with links retargeted
    assert (tmp_path / "kept.pdf").read_bytes() == memorandum_pdf.read_bytes()
    monkeypatch.setattr(pdf_module, "_retargeted_links", lambda text, laid_out: None)
    write_pdf(memorandum_tei_file, tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == memorandum_pdf.read_bytes()


def test_title_page_laid_out_once_gives_the_pdf_of_whole_layouts(memorandum_tei_file, memorandum_pdf,
                                                                  monkeypatch, tmp_path):
    """The layouts after the first take the title page's pages of the first (the memorandum: its apparatus
    is placed by a second layout, whose page 1 is the first's); the PDF is byte-identical to the one whose
    every layout lays out the whole text. The apparatus entry of the summary (on the title page) still
    gives its page: the empty pages carry the title page's anchors."""
    from edition.publish.print import pdf as pdf_module

    original, shared = pdf_module.FrontPages.render, []

    def recorded(front, text):
        document = original(front, text)
        shared.append(getattr(document, "_edition_front_layout", None) is not None and
                      document.pages[0] is front.pages[0])
        return document

    monkeypatch.setattr(pdf_module.FrontPages, "render", recorded)
    write_pdf(memorandum_tei_file, tmp_path / "shared.pdf")
    assert shared[0] is False and any(shared[1:]), shared
    assert (tmp_path / "shared.pdf").read_bytes() == memorandum_pdf.read_bytes()
    monkeypatch.setattr(pdf_module.FrontPages, "render", lambda front, text: front.lay_out(text))
    write_pdf(memorandum_tei_file, tmp_path / "whole.pdf")
    assert (tmp_path / "whole.pdf").read_bytes() == memorandum_pdf.read_bytes()
    assert "p. 1 unit] unite" in _text(tmp_path / "whole.pdf")


def test_title_page_laid_out_again_where_its_pages_may_depend_on_the_rest():
    """A title page with a note at the foot of the page, a running string or a page reference, or one that
    differs from the first layout's, is laid out with the rest every time."""
    from edition.publish.print.pdf import FrontPages

    xhtml = _xhtml(parse_xml_file(MINI))
    key = FrontPages._key(xhtml)
    assert key is not None and FrontPages._key(_xhtml(parse_xml_file(MINI))) == key
    title = xhtml.xpath("//h:section[@id='title-page']", namespaces=XHTML)[0]
    for attributes in ({"class": "footnote"}, {"class": "crit-note"}, {"class": "loc", "href": "#x"},
                       {"data-running": "Title"}, {"style": "string-set: section 'x'"}):
        added = etree.SubElement(title, "{http://www.w3.org/1999/xhtml}span", attributes)
        assert FrontPages._key(xhtml) is None, attributes
        title.remove(added)
    assert FrontPages._key(xhtml) == key
    title.find("{http://www.w3.org/1999/xhtml}h1").text = "Another title"
    assert FrontPages._key(xhtml) not in (None, key)
    title.set("id", "front")
    assert FrontPages._key(xhtml) is None


def test_pdf_printed_after_the_warming_page_is_the_same(tmp_path):
    """A print worker lays out and writes a page of its own before its first document (``warm_layout``);
    the PDF it prints then is the one a fresh process prints."""
    script = ("import sys; from pathlib import Path; from edition.publish.print import pdf; "
              "from edition.safexml import parse_xml_file\n"
              "if sys.argv[1] == 'warm': pdf.warm_layout()\n"
              "Path(sys.argv[2]).write_bytes(pdf.render_pdf(parse_xml_file(sys.argv[3])))")
    for kind in ("fresh", "warm"):
        subprocess.run([sys.executable, "-c", script, kind, str(tmp_path / f"{kind}.pdf"), str(MINI)],
                       check=True, timeout=120)
    assert (tmp_path / "warm.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()


def test_pdf_written_with_each_object_serialised_once_is_pydyfs_own(monkeypatch):
    """pydyf serialises every object twice (the second time for the file identifier); kept from the
    first time, the bytes of the PDF are the same."""
    import pydyf

    pdf = render_pdf(parse_xml_file(MINI))
    monkeypatch.setattr(pydyf.PDF, "write", pydyf.PDF._edition_write_twice)
    assert render_pdf(parse_xml_file(MINI)) == pdf


def test_pdf_printed_with_the_line_splits_kept_is_the_one_printed_without(memorandum_tei_file, memorandum_pdf,
                                                                        tmp_path, monkeypatch):
    """render_pdf keeps WeasyPrint's line splits for all the layouts of a document (line_splits.py) and gives
    many again (the memorandum: its second layout, with line numbers and apparatus, mostly asks what its
    first asked); the PDF printed without keeping them is the same, and nothing is kept afterwards."""
    import contextlib

    from edition.publish.print import line_splits

    made = []

    class Recording(line_splits._Kept):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(line_splits, "_Kept", Recording)
    kept = tmp_path / "kept.pdf"
    write_pdf(memorandum_tei_file, kept)
    assert kept.read_bytes() == memorandum_pdf.read_bytes()
    assert len(made) == 1 and made[0].asked > 1.3 * len(made[0].splits) > 0 and made[0].struts
    assert line_splits._kept is None
    monkeypatch.setattr(line_splits, "kept_for_one_document", contextlib.nullcontext)
    without = tmp_path / "without.pdf"
    write_pdf(memorandum_tei_file, without)
    assert len(made) == 1
    assert without.read_bytes() == memorandum_pdf.read_bytes()


def test_pdf_whose_font_arrays_are_open_arrays_is_the_one_of_weasyprints_own_arrays(monkeypatch):
    """WeasyPrint's font subsetting gets its arrays of glyph ids as open arrays (one C type for every length,
    not one new type read by pycparser for each); the PDF is the one made with WeasyPrint's own arrays."""
    from weasyprint.pdf import fonts

    from edition.publish.print.pdf import _ArraysOfOneType

    pdf = render_pdf(parse_xml_file(MINI))
    assert isinstance(fonts.ffi, _ArraysOfOneType)
    array = fonts.ffi.new("hb_codepoint_t[3]", [7, 8])
    assert list(array) == [7, 8, 0] and fonts.ffi.typeof(array) == fonts.ffi.typeof("hb_codepoint_t[]")
    monkeypatch.setattr(fonts, "ffi", fonts.ffi._ffi)
    assert render_pdf(parse_xml_file(MINI)) == pdf
    assert not isinstance(fonts.ffi, _ArraysOfOneType)


def test_pdf_made_with_fewer_collections_is_the_same_and_the_collector_is_as_before(monkeypatch):
    """render_pdf runs Python's garbage collector less often; the PDF is the one made with the collector as
    it was, and afterwards its thresholds are those of before."""
    import gc

    import edition.publish.print.pdf as pdf_module

    before = gc.get_threshold()
    pdf = render_pdf(parse_xml_file(MINI))
    assert gc.get_threshold() == before
    monkeypatch.setattr(pdf_module, "GC_THRESHOLD_WHILE_PRINTING", 0)     # as Python collects by default
    assert render_pdf(parse_xml_file(MINI)) == pdf
    with pytest.raises(RenderError):
        render_pdf(etree.fromstring(b"<notTEI/>"))
    assert gc.get_threshold() == before


def test_index_alone_only_when_it_comes_last():
    from edition.publish.print.pdf import _index_alone

    html = _xhtml(parse_xml_file(MINI))
    pages = {href[1:]: 2 for href in html.xpath("//h:a[@class='loc']/@href", namespaces=XHTML)}
    alone = etree.fromstring(_index_alone(html, pages, 3).encode("utf-8"))
    body = alone.find("h:body", XHTML)
    assert [c.get("id") for c in body][-1] == "index-of-names" and len(body) == 4
    assert body[0].get("data-running-title") and not body[0].text and len(body[0]) == 0
    assert [a.text for a in alone.iterfind(".//h:a", XHTML)] == ["2"] * len(pages)
    assert _index_alone(html, {}, 3) is None    # a page number not known: not alone
    (index,) = html.xpath("//*[@id='index-of-names']")
    index.addnext(etree.Element("{http://www.w3.org/1999/xhtml}section"))
    assert _index_alone(html, pages, 3) is None


def test_index_of_names_sorted_by_surname(memorandum_tei):
    html = etree.fromstring(print_html(memorandum_tei, options=PrintOptions()).encode("utf-8"))
    names = ["".join(s.itertext()) for s in html.iterfind(".//{*}section[@class='index-group kind-persons']//{*}span[@class='entry-name']")]
    assert names.index("Hitler, Adolf") < names.index("Khrushchev, Nikita Sergeevich") < names.index("Mao Zedong")
    places = ["".join(s.itertext()) for s in html.iterfind(".//{*}section[@class='index-group kind-places']//{*}span[@class='entry-name']")]
    assert places.index("Korea") < places.index("The Levant") < places.index("Moscow")


def test_pages_fonts_metadata(memorandum_pdf):
    info = _run("pdfinfo", str(memorandum_pdf))
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) > 1
    assert re.search(r"^Title:\s+Memorandum of Conversation of Mao Zedong", info, re.M)
    assert re.search(r"^Author:\s+Vl\. Rogov; Austin Jersild", info, re.M)
    assert re.search(r"^Keywords:\s+.*Mao Zedong", info, re.M)
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^CreationDate:\s+.*2026", info, re.M)
    fonts = _run("pdffonts", str(memorandum_pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    xmp = _run("pdfinfo", "-meta", str(memorandum_pdf))
    assert re.search(r'pdfaid:part[=>"]+3', xmp) and re.search(r'pdfaid:conformance[=>"]+B', xmp)
    assert "<xmp:CreateDate>2026-01-01T00:00:00Z</xmp:CreateDate>" in xmp
    assert b"/Lang (en)" in _pdf_objects(memorandum_pdf)


def test_tei_attached(memorandum_pdf, memorandum_tei_file, tmp_path):
    listing = _run("pdfdetach", "-list", str(memorandum_pdf))
    assert "1 embedded files" in listing and "memorandum-1958-10-02.xml" in listing
    _run("pdfdetach", "-save", "1", "-o", str(tmp_path / "attached.xml"), str(memorandum_pdf))
    assert (tmp_path / "attached.xml").read_bytes() == memorandum_tei_file.read_bytes()


def test_two_builds_byte_identical(memorandum_pdf, memorandum_tei_file, tmp_path):
    # The second build runs in a new process (another hash seed, another clock).
    again = tmp_path / "again.pdf"
    done = subprocess.run([sys.executable, "-c", "from edition.cli import main; main()", "print",
                           str(memorandum_tei_file), "-o", str(again), "--title", PrintOptions().project_title],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONHASHSEED": "random"})
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == memorandum_pdf.read_bytes()


def test_frus_document_renders(frus_dir, tmp_path):
    source = frus_dir / "frus1958-60v19_d6.xml"
    out = write_pdf(source, tmp_path / "d6.pdf")
    text = _flat(_text(out))
    assert "Memorandum of Conversation" in text and "Taipei, March 14, 1958" in text
    assert "frus1958-60v19_d6.xml" in _run("pdfdetach", "-list", str(out))


def test_print_command(tmp_path):
    from edition.cli import cli

    source = tmp_path / "mini.xml"
    source.write_bytes(MINI.read_bytes())
    result = CliRunner().invoke(cli, ["print", str(source), "--reading", "received", "--notes", "endnotes"])
    assert result.exit_code == 0, result.output
    text = _flat(_text(tmp_path / "mini.pdf"))
    assert "We visited Pargue" in text and "Notes" in text and "In 1957 and in 1958." in text
    missing = CliRunner().invoke(cli, ["print", str(tmp_path / "nope.xml")])
    assert missing.exit_code == 1 and "nope.xml: file not found" in missing.output


def test_print_outside_a_project_takes_the_book_title_from_the_tei(tmp_path, monkeypatch):
    """`edition print` of a TEI file in no project: the title page names the TEI's own title, never
    a made-up "EDITION"; inside a project, the project's title."""
    from edition.cli import cli

    tei = tmp_path / "mini.xml"
    shutil.copy(MINI, tei)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["print", str(tei), "-o", str(tmp_path / "mini.pdf")])
    assert result.exit_code == 0, result.output
    first = _text(tmp_path / "mini.pdf").split("\f")[0]
    title = parse_xml_file(tei).getroot().xpath(
        "normalize-space((//*[local-name()='titleStmt']/*[local-name()='title'])[1])")
    assert not first.startswith("EDITION") and title.split()[0].upper() in first.upper()
    (tmp_path / "edition.toml").write_text('[edition]\ntitle = "Letters of a Test"\n[[document]]\n'
                                           'source = "mini.xml"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["print", str(tei), "-o", str(tmp_path / "in-project.pdf")])
    assert result.exit_code == 0, result.output
    assert _text(tmp_path / "in-project.pdf").split("\f")[0].startswith("LETTERS OF A TEST")




def test_turns_of_a_list_a_stage_direction_or_a_timecode_print_as_the_screen_shows_them(tmp_path, capfd):
    """The print edition runs the HTML edition's templates: a turn holding only a list or a stage direction
    prints (the screen's contents list failed on it), a timecode before a label is printed once, in the
    label, and Saxon reports no ambiguous rule match (XTDE0540) on standard error."""
    from tests.publish.html.test_render import TIMECODED_TURNS, TURNS_WITHOUT_PARAGRAPHS

    messages: list[str] = []
    xhtml = etree.fromstring(print_html(TURNS_WITHOUT_PARAGRAPHS, messages=messages).encode("utf-8"))
    turn = xhtml.xpath("//h:*[@id='sp-3']", namespaces=XHTML)[0]
    assert [" ".join("".join(li.itertext()).split()) for li in turn.xpath(".//h:li", namespaces=XHTML)] == [
        "First, the statute.", "Second, the record."]
    stage = xhtml.xpath("//h:*[@id='sp-4']//h:*[contains(@class, 'stage')]", namespaces=XHTML)[0]
    assert "".join(stage.itertext()).strip() == "(Laughter)"
    tei = tmp_path / "hearing.xml"
    tei.write_bytes(etree.tostring(TIMECODED_TURNS))
    pdf = tmp_path / "hearing.pdf"
    write_pdf(tei, pdf)
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                                   check=True, timeout=60).stdout.split())
    assert "[00:00:00] John G. Roberts, Jr.: We will hear argument" in text
    assert "(00:00:09) Pamela S. Karlan: Thank you. [00:01:30] When an employer fires a man." in text
    assert text.count("00:00:00") == 1
    assert not [m for m in messages if m.startswith("edition:saxon")] and capfd.readouterr().err == ""
