"""The print edition of real TEI from other projects, read back with pdftotext.

The files are those of ../shared/corpus (tei-wild, frus), found through ``EDITION_SHARED``; without
it these tests are skipped. Each prints a small file, or a part of a large one, in a few seconds.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from edition.publish.html.site import read_tei_file
from edition.publish.print.pdf import PrintOptions, print_html, render_pdf
from tests.conftest import SHARED
from tests.pdflines import layout_pages, text_lines_with_numbers

pytestmark = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="EDITION_SHARED is not set (no corpus)")

TEI = "{http://www.tei-c.org/ns/1.0}"
XHTML = "{http://www.w3.org/1999/xhtml}"
GREEK_APPARATUS = SHARED / "corpus" / "tei-wild" / "13-apparatus-pta-greek-parallel-seg.xml"
FRUS_D54 = SHARED / "corpus" / "frus" / "frus1958-60v19_d54.xml"
LATIN_LETTER = SHARED / "corpus" / "tei-wild" / "06-letter-correspdesc-participdesc-example13.xml"
ARABIC_PERIODICAL = SHARED / "corpus" / "tei-wild" / "12-arabic-periodical-zuhur-facsimile.xml"
#: an entry of the apparatus at the foot of a page: "12 εὐσεβείας] Pt Pc …" (its line number)
ENTRY = re.compile(r"(?<!\S)(\d{1,3}) [^\]\[\d\s][^\]\[]{0,80}?\]")


def _pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


@pytest.fixture(scope="module")
def greek_edition(tmp_path_factory):
    """tei-wild 13 with its first two sections only (84 apparatus entries): its tree and its PDF."""
    tree, _ = read_tei_file(GREEK_APPARATUS)
    edition = tree.getroot().find(f"{TEI}text/{TEI}body/{TEI}div")
    for part in edition.findall(f"{TEI}div")[2:]:
        edition.remove(part)
    pdf = tmp_path_factory.mktemp("greek") / "greek.pdf"
    pdf.write_bytes(render_pdf(tree, options=PrintOptions()))
    return tree, pdf


def test_a_page_whose_apparatus_takes_more_than_a_page_prints_with_its_entries_at_its_foot(greek_edition):
    """The Greek edition with a parallel-segmentation apparatus (tei-wild 13): a page of its text has
    more variants than fit at its foot in one note, so WeasyPrint could place none of them ("could not
    place the apparatus entries h-app-1, …"). Its first two sections (84 entries) now print: every
    entry is in the PDF once, on the page of its lemma (its line number is one of that page's lines),
    the text shortened to make room, as in a printed edition whose apparatus takes half the page."""
    tree, pdf = greek_edition
    xhtml = etree.fromstring(print_html(tree).encode("utf-8"))
    entries = len([s for s in xhtml.iter(f"{XHTML}span") if "crit-note" in (s.get("class") or "").split()])
    assert entries >= 80
    printed, numbered_before = 0, None
    for page in layout_pages(pdf):
        lines = [line for line in page.splitlines() if line.strip()]
        margin = [int(m.group(1)) for line in lines if (m := re.match(r"^ {0,3}(\d{1,4}) {2,}\S", line))]
        numbers = [int(n) for n in ENTRY.findall(" ".join(page.split()))]
        if margin:
            first, last = min(margin) - 4, max(margin) + 4     # every fifth line is numbered
        elif numbered_before is not None:   # a last page of fewer than five lines: none numbered
            first, last = numbered_before + 1, numbered_before + 9
        numbered_before = max(margin, default=numbered_before)
        if not numbers or numbered_before is None:
            continue
        assert all(first <= n <= last for n in numbers), (numbers, margin)
        printed += len(numbers)
    assert printed >= entries * 0.9
    text = _pdftotext(pdf)
    assert text.count("the text begins") >= 1 and "Apparatus (entries not printed" not in text


def test_the_margin_numbers_stand_beside_their_lines_and_the_entries_name_their_lines(greek_edition):
    """The Greek edition (tei-wild 13): its heading holds only a page break ("[p. 329v]"; the title
    is a reading of some witnesses, in the apparatus), and WeasyPrint breaks a line differently once a
    margin number is put into it. Counting the lines of the text as a reader does (the page-break mark
    on a line of its own is not a line of the text), the number beside a line is its number: "5"
    beside the fifth line, not the fourth; and an entry "12 τῆς εὐσεβείας ἀποδυσάμενος] …" names the
    line its lemma begins on."""
    lines = text_lines_with_numbers(greek_edition[1])
    numbered = [(count, number, text) for count, (text, number) in enumerate(lines, start=1) if number is not None]
    assert len(numbered) >= 10 and lines[0][0].startswith("Πᾶσα γραφὴ θεόπνευστος")
    assert [(count, number) for count, number, _ in numbered] == [(n, n) for _, n, _ in numbered], \
        [(count, number, text[:30]) for count, number, text in numbered if count != number]
    words_of = [set(re.findall(r"\w+", text)) for text, _ in lines]
    checked, wrong = 0, []
    for page in layout_pages(greek_edition[1]):
        for number, lemma in re.findall(r"(?<!\S)(\d{1,3}) ([^\]\[\d\s‸](?:(?! \d{1,3} )[^\]\[]){0,80}?)\]", " ".join(page.split())):
            first = re.findall(r"\w+", lemma)
            if not first or not 0 < int(number) <= len(lines):
                continue
            checked += 1
            line = int(number) - 1
            if first[0] not in words_of[line] and not lines[line][0].endswith(("\u2010", "-")):
                wrong.append((number, lemma, lines[line][0]))
    assert checked >= 60 and not wrong, wrong


def test_footnote_numbers_are_not_glued_to_their_word_in_the_text_layer(tmp_path):
    """A FRUS document's footnote calls: the superscript number stays, but pdftotext reads
    "Eisenhower. 3", not "Eisenhower.3" (a search for the word found nothing, a copy was garbage).
    Every call of the document is checked: the word before it and its number are two tokens."""
    tree, _ = read_tei_file(FRUS_D54)
    xhtml = etree.fromstring(print_html(tree).encode("utf-8"))
    glued = []
    for note in xhtml.iter(f"{XHTML}span"):
        if "footnote" not in (note.get("class") or "").split():
            continue
        anchor = note.getprevious()     # the note's anchor span, after the word
        before = anchor.getprevious() if anchor is not None else None
        text = (before.tail if before is not None else anchor.getparent().text) if anchor is not None else ""
        words = (text or "").split()
        if words:
            glued.append(words[-1] + note.get("data-n", ""))
    assert len(glued) >= 3
    pdf = tmp_path / "d54.pdf"
    pdf.write_bytes(render_pdf(tree, options=PrintOptions()))
    for notes in ("footnotes", "endnotes"):
        if notes == "endnotes":
            pdf.write_bytes(render_pdf(tree, options=PrintOptions(notes="endnotes")))
        tokens = set(_pdftotext(pdf).split())
        assert not tokens & set(glued), (notes, sorted(tokens & set(glued)))
    assert "Eisenhower." in tokens


def test_white_space_between_the_parts_of_a_substitution_is_not_a_space_of_the_text(tmp_path):
    """The Latin letter (tei-wild 06) writes "opera<choice>…</choice>t<subst> <del>e</del> <add>urum</add>
    </subst>": the indentation inside the subst is not a space of the text. The print reads
    "operateurum" (the deletion struck), not "operat e urum", and the reading page has no space there."""
    from edition.publish.html.site import render_tree

    tree, _ = read_tei_file(LATIN_LETTER)
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render_pdf(tree, options=PrintOptions()))
    text = " ".join(_pdftotext(pdf).split())
    assert "Teque operateurum pro" in text and "operat e urum" not in text
    page = etree.fromstring(render_tree(tree, document_id="letter", source_name="letter.xml").encode("utf-8"),
                            etree.HTMLParser())
    (subst,) = page.xpath("//span[@class='subst']")
    assert [t for t in subst.xpath(".//text()")] == ["e", "urum"]


def test_a_document_whose_xml_ids_repeat_is_printed_from_the_command_line(tmp_path, caplog):
    """The Arabic periodical (tei-wild 12) gives two persons the same xml:id. The reading edition renders it
    with a warning; `edition print` refused it ("not well-formed XML: ID pers_TG already defined") while
    looking for the book's title. It prints, with the same warning, and the PDF has its Arabic text."""
    from click.testing import CliRunner

    from edition.cli import cli

    out = tmp_path / "zuhur.pdf"
    result = CliRunner().invoke(cli, ["print", str(ARABIC_PERIODICAL), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "pers_TG already defined: xml:id values must be unique" in caplog.text
    assert "الزهور" in _pdftotext(out)


def test_the_parts_of_a_name_written_together_are_two_words_in_the_print(tmp_path):
    """The Arabic periodical (tei-wild 12) writes names part by part with nothing between them
    (<forename>انطوان</forename><surname>الجميل</surname>, <roleName>الشيخ</roleName><addName>…): the
    print read "انطوانالجميل" on its title page and "حافظابراهيم" in its text (pdftotext, and the reader
    of the page alike: the PDF had no space there, the TEI none). They are two words now; the spaces of
    the Arabic text itself were there already (space glyphs in the content stream) and still are."""
    tree, _ = read_tei_file(ARABIC_PERIODICAL)
    pdf = tmp_path / "zuhur.pdf"
    pdf.write_bytes(render_pdf(tree, options=PrintOptions()))
    text = " ".join(_pdftotext(pdf).split())
    for joined, apart in (("انطوانالجميل", "انطوان الجميل"), ("حافظابراهيم", "حافظ ابراهيم"),
                          ("الشيخعبد", "الشيخ عبد"), ("امينتقي", "امين تقي")):
        assert joined not in text and apart in text, apart
    assert "حقوق المشترك" in text and "يحق لكل مشترك في مجلة الزهور" in text
