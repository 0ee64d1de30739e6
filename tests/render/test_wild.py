"""Any real TEI renders and prints, and the reader finds every word of it on the page.

The files of ../shared/corpus/tei-wild (drama, letters, manuscript descriptions, a genetic
page, apparatus, dictionaries, a novel, a journal, MathML) and ../shared/corpus/frus are
rendered once as one site (tests/render/conftest.py). Only the small ones are printed here;
bench/bench_render_wild.py prints the large ones and times them.
"""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from edition.publish.print.pdf import PrintOptions, render_pdf
from tests.render.conftest import corpus_files
from tests.pdflines import layout_pages, line_of_text, numbered_lines
from tests.render.words import coverage, missing, page_words, tei_words

FILES = [p.name for p in corpus_files()]
SMALL = [p.name for p in corpus_files() if p.stat().st_size < 50_000]


def page_of(wild_site, wild_documents, name: str) -> str:
    _, out = wild_site
    return (out / "documents" / f"{wild_documents[name].id}.html").read_text(encoding="utf-8")


def test_every_file_is_in_the_site(wild_site, wild_documents):
    result, out = wild_site
    assert sorted(result.documents) == sorted(d.id for d in wild_documents.values())
    assert result.report.errors == {}
    assert (out / "search.html").is_file() and (out / "assets" / "search-index.js").is_file()


@pytest.mark.parametrize("name", FILES)
def test_words_of_the_text_are_on_the_page(name, wild_site, wild_documents):
    doc = wild_documents[name]
    expected = tei_words(doc.tree.getroot())
    found = page_words(page_of(wild_site, wild_documents, name))
    share = coverage(expected, found)
    assert share >= 0.98, f"{share:.1%} of {sum(expected.values())} words, missing {missing(expected, found)}"


@pytest.mark.parametrize("name", SMALL)
def test_small_files_print(name, wild_documents):
    doc = wild_documents[name]
    pdf = render_pdf(doc.tree, tei_bytes=doc.tei_bytes, tei_name=name, source_name=name, options=PrintOptions())
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000


def test_unhandled_elements_are_reported_not_silent(wild_site):
    result, _ = wild_site
    report = json.loads(result.report.to_json())
    for doc, entry in report["documents"].items():
        for name, seen in entry["unhandled"].items():
            assert seen["count"] >= 1 and "/" in seen["first"], (doc, name)
    assert all(": " in line for line in result.report.warnings())


def test_titles_come_from_the_title_statement_not_the_first_heading(wild_site, wild_documents):
    tempest = lxml.html.fromstring(page_of(wild_site, wild_documents, "01-drama-shakespeare-tempest-castlist.xml"))
    assert tempest.cssselect("h1.doc-title")[0].text_content().strip() == "The Tempest"
    novel = lxml.html.fromstring(page_of(wild_site, wild_documents, "18-novel-eltec-eng-skene.xml"))
    title = novel.cssselect("h1.doc-title")[0].text_content()
    assert "CHAPTER" not in title and title.startswith("The Inheritance of Evil")


@pytest.mark.parametrize("name, lemma, received", [
    ("15-verse-cordel-moreno-101-pb-fw.xml", "fueron", "fneron"),
    ("06-letter-correspdesc-participdesc-example13.xml", "[Magnifico]", None),
])
def test_corrections_of_real_tei_keyed_to_line_numbers(name, lemma, received, wild_documents, tmp_path):
    """choice/sic/corr and supplied words of real TEI: the corrected reading in the text, its entry at
    the foot of the page with the number of the line it stands on ("160 fueron] fneron MS")."""
    doc = wild_documents[name]
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(render_pdf(doc.tree, tei_bytes=doc.tei_bytes, tei_name=name, source_name=name, options=PrintOptions()))
    pages = layout_pages(pdf)
    entry = re.compile(rf"(\d+) {re.escape(lemma)}" + (rf"\] {received} MS" if received else r" supplied \(damaged\)"))
    page, match = next((p, m) for p in pages if (m := entry.search(" ".join(p.split()))))
    assert lemma.strip("[]") in line_of_text(page, int(match.group(1)))
    numbers = [n for p in pages for _, n in numbered_lines(p)[1]]
    assert numbers[:2] == [5, 10]
