"""The stylesheets on single documents: what a reader sees in the document page's HTML."""

from __future__ import annotations

import os
import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import cli
from edition.errors import EditionError, RenderError
from edition.publish.html.site import RenderReport, render_document, render_tree

FIXTURES = Path(__file__).parents[2] / "fixtures" / "render"
SAMPLE = FIXTURES / "memorandum-sample.xml"
HOSTILE = FIXTURES / "hostile.xml"
TEI = "{http://www.tei-c.org/ns/1.0}"


def page(path: Path, **kwargs) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render_document(path, **kwargs))


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


@pytest.fixture(scope="module")
def sample():
    return page(SAMPLE, tei_href="../tei/memorandum-1958-10-02.xml")


def test_turn_has_speaker_set_off_and_its_paragraphs(sample):
    turn = sample.get_element_by_id("sp-1")
    assert "sp" in turn.get("class").split()
    assert text(turn.find_class("speaker")[0]) == "Mao Zedong:"
    assert text(sample.get_element_by_id("p-2")) == "To the health of our guests!"
    narrative = sample.get_element_by_id("p-1")
    assert "type-narrative" in narrative.get("class")
    assert narrative.getparent().get("class") != "sp"


def test_stage_directions_get_their_parentheses_and_own_style(sample):
    block = sample.get_element_by_id("stage-1")
    assert block.tag == "p" and "stage-time" in block.get("class")
    assert text(block).startswith("(The conversation began at 21:30")
    inline = [text(s) for s in sample.get_element_by_id("p-3").find_class("stage")]
    assert inline == ["(Laughter)", "(All are silent)"]


def test_supplied_words_in_brackets_with_who_supplied_them(sample):
    supplied = sample.get_element_by_id("p-3").find_class("supplied")[0]
    assert text(supplied) == "[to adopt]"
    assert "Austin Jersild" in supplied.get("title") and "translator" in supplied.get("title")
    gloss = sample.get_element_by_id("p-6").find_class("gloss-note")[0]
    assert text(gloss) == "[November 1957]" and "Austin Jersild" in gloss.get("title")


def test_corrections_carry_both_readings(sample):
    choice = sample.get_element_by_id("p-5").find_class("choice")[0]
    assert text(choice.find_class("reading-received")[0]) == "Czecholsovakia"
    assert text(choice.find_class("reading-edited")[0]) == "Czechoslovakia"
    assert "As received: Czecholsovakia" in choice.get("title")
    switch = sample.find_class("reading-switch")[0]
    assert {i.get("value") for i in switch.iter("input")} == {"edited", "received"}
    assert sample.getroottree().getroot().get("data-reading") == "edited"


def test_notes_are_numbered_and_linked_both_ways(sample):
    refs = sample.cssselect("a[role=doc-noteref]")
    assert [text(r) for r in refs] == ["1", "2"]
    for ref in refs:
        note = sample.get_element_by_id(ref.get("href")[1:])
        back = note.find_class("backref")[0]
        assert back.get("href") == "#" + ref.get("id")
    assert "Taiwan Strait" in text(sample.get_element_by_id("note-1"))


def test_every_turn_and_paragraph_has_a_stable_anchor(sample):
    tei = etree.parse(str(SAMPLE))
    ids = {e.get("{http://www.w3.org/XML/1998/namespace}id") for e in tei.find(TEI + "text").iter(TEI + "p", TEI + "sp", TEI + "item")}
    assert len(ids) == 15
    for xml_id in ids:
        el = sample.get_element_by_id(xml_id)
        if el.tag != "li":
            assert el.cssselect("a.permalink")[0].get("href") == "#" + xml_id


def test_names_link_to_the_register_with_authority_links(sample):
    link = sample.get_element_by_id("p-1").cssselect("a[data-entry]")[0]
    assert link.get("href") == "../persons.html#mao-zedong"
    entry = sample.get_element_by_id("entry-mao-zedong")
    assert "Chairman of the Chinese Communist Party" in text(entry)
    hrefs = {a.get("href") for a in entry.cssselect("a.authority-link")}
    assert hrefs == {"https://www.wikidata.org/wiki/Q5816", "https://viaf.org/viaf/24150706"}
    place = sample.get_element_by_id("entry-czechoslovakia")
    assert "https://www.geonames.org/3077311" in {a.get("href") for a in place.cssselect("a")}
    assert sample.get_element_by_id("p-6").cssselect("a[data-entry=ccp]")[0].get("href") == "../organisations.html#ccp"


def test_figures_are_computed_from_the_measures(tmp_path):
    tree = etree.parse(str(SAMPLE))
    measures = [m for m in tree.iter(TEI + "measure") if m.get("commodity") == "steel"]
    measures[1].set("quantity", "6300000")
    changed = tmp_path / "changed.xml"
    tree.write(str(changed))
    doc = page(changed)
    chart = doc.get_element_by_id("chart-steel-1")
    values = [text(td) for td in chart.cssselect("td.num")]
    assert values == ["5,350,000", "6,300,000", "7,500,000", "9,000,000", "10,000,000"]
    labels = [text(t) for t in chart.cssselect("text.bar-label")]
    assert labels[1] == "according to the initial plan"
    widths = [float(r.get("width")) for r in chart.cssselect("rect")]
    assert widths[-1] == max(widths) and widths[1] == pytest.approx(widths[-1] * 0.63, rel=0.01)
    words = doc.get_element_by_id("chart-words")
    rows = {text(tr.cssselect("td")[0]): text(tr.cssselect("td")[1]) for tr in words.cssselect("tbody tr")}
    # "Then a new teacher will appear." — the stage direction is not spoken
    assert rows["Efremov"] == "6"
    assert int(rows["Mao Zedong"]) > 100


def test_words_spoken_count_the_runs_that_hold_a_word_character(tmp_path):
    # a dash or an ellipsis between spaces is not a word; "well-known", "1958," and a no-break space
    # joining two words are one word each; the speaker label and a stage direction are not spoken
    source = tmp_path / "words.xml"
    source.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Words</title>'
        '</titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>'
        '</teiHeader><text><body><sp who="#a"><speaker>Cde. A:</speaker>'
        '<p>It is – as is well-known … a fact of 1958, \u00a0 said\u00a0so <stage>(laughs)</stage> ?! ok.</p>'
        '</sp></body></text></TEI>', encoding="utf-8")
    rows = {text(tr.cssselect("td")[0]): text(tr.cssselect("td")[1])
            for tr in page(source).get_element_by_id("chart-words").cssselect("tbody tr")}
    assert rows == {"Cde. A:": "11"}


def test_header_block_citation_and_meta_tags(sample):
    meta = {m.get("name"): m.get("content") for m in sample.iter("meta") if m.get("name")}
    assert meta["citation_title"].startswith("Memorandum of Conversation of Mao Zedong")
    assert "citation_date" not in meta  # the document's 1958 is not the edition's date
    assert meta["citation_publication_date"] == "2026"
    assert meta["DC.date"] == "1958-10-02"
    assert meta["DC.source"] == "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322"
    facts = {text(dt): text(dd) for dt, dd in zip(sample.cssselect(".doc-meta dt"), sample.cssselect(".doc-meta dd"))}
    assert facts["Date"] == "2 October 1958, 21:30–23:30"
    assert "fond 9576, opis 18, delo 26, folios 312–322" in facts["Archival source"]
    assert facts["Obtained and translated by"] == "Austin Jersild"
    assert facts["Recorded by"] == "Vl. Rogov"
    assert sample.cssselect("a[rel=license]")[0].get("href") == "https://creativecommons.org/licenses/by/4.0/"
    citation = text(sample.get_element_by_id("citation-text"))
    assert "GARF f. 9576" in citation and "Translated by Austin Jersild" in citation
    assert [a.get("href") for a in sample.cssselect(".cite-files a")] == [
        "memorandum-1958-10-02.bib", "memorandum-1958-10-02.ris", "memorandum-1958-10-02.json"]
    downloads = [a.get("href") for a in sample.cssselect(".downloads a")]
    assert downloads == ["../tei/memorandum-1958-10-02.xml"]  # no PDF, no package offered


def test_hostile_document_gets_no_script_and_no_unsafe_url():
    html = render_document(HOSTILE)
    doc = lxml.html.fromstring(html)
    urls = [el.get(a) for el in doc.iter() for a in ("href", "src", "action") if el.get(a) is not None]
    for url in urls:
        assert not re.match(r"\s*[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith(("http://", "https://")), url
    assert not re.search(r"javascript|data:text", " ".join(urls), re.I)
    assert [s.get("src") for s in doc.iter("script")] == ["../assets/popover.js", "../assets/reading.js", "../assets/edition.js", "../assets/apparatus.js"]
    assert not any(k.startswith("on") for el in doc.iter() for k in el.attrib)
    assert '<script>alert("text")' not in html
    assert 'Text <script>alert("text")</script> and' in text(doc.get_element_by_id("p-1"))
    assert doc.cssselect("a[href='https://example.org/ok']") and doc.cssselect("a[href='other.html#x']")
    unknown = doc.find_class("tei-unknownthing")[0]
    assert text(unknown) == "an element the stylesheets do not know"
    # the evil person's idno values were javascript: URLs: the entry shows no authority link
    assert not doc.get_element_by_id("entry-evil").cssselect("a.authority-link")


SHARED = Path(os.environ.get("EDITION_SHARED", Path(__file__).resolve().parents[4] / "shared"))
FRUS_FILES = sorted((SHARED / "corpus" / "frus").glob("**/frus*_d*.xml"))


@pytest.mark.parametrize("name", [p.name for p in FRUS_FILES] or ["(no FRUS corpus)"])
def test_frus_documents_render_with_notes_names_and_dates(name, frus_dir):
    path = next(frus_dir.glob(f"**/{name}"))
    tei = etree.parse(str(path))
    doc = page(path)
    body = tei.find(f"{TEI}text")
    notes = [n for n in body.iter(TEI + "note") if n.get("place") != "inline"]
    assert len(doc.cssselect("ol.notes > li")) == len(notes)
    for note in notes:
        if note.get("{http://www.w3.org/XML/1998/namespace}id"):
            assert doc.get_element_by_id(note.get("{http://www.w3.org/XML/1998/namespace}id")) is not None
    assert len(doc.find_class("name-persName")) == len(list(body.iter(TEI + "persName")))
    dated = [d for d in body.iter(TEI + "date") if d.get("when")]
    assert len(doc.cssselect("time.date[datetime]")) == len(dated)
    title = text(doc.cssselect("h1")[0])
    assert re.match(r"\d+\. ", title), title  # FRUS documents take their title from the heading


def test_rendering_is_deterministic():
    assert render_document(SAMPLE) == render_document(SAMPLE)
    frus = sorted(FRUS_FILES)[:3]
    assert [render_document(p) for p in frus] == [render_document(p) for p in frus]


def test_real_memorandum(memorandum_tei_file):
    doc = page(memorandum_tei_file)
    html = lxml.html.tostring(doc, encoding="unicode")
    assert "Czecholsovakia" in html and "Czechoslovakia" in html
    assert len(doc.cssselect("a[data-entry]")) > 20
    steel = [c for c in doc.cssselect("figure.chart") if "Steel" in text(c.cssselect("figcaption")[0])]
    assert steel and len(steel[0].cssselect("rect")) >= 5
    for ref in doc.cssselect("a[role=doc-noteref]"):
        assert doc.get_element_by_id(ref.get("href")[1:]) is not None
    # quotations keep the transcript's own marks, never doubled
    quotes = [text(q) for q in doc.cssselect("q")]
    assert "“in the course of three years basically change the way of life.”" in quotes
    assert not any(q.startswith(("““", "“\u201c")) for q in quotes)


def test_not_tei_is_one_clear_error(tmp_path):
    other = tmp_path / "other.xml"
    other.write_text("<html><p>not TEI</p></html>")
    with pytest.raises(RenderError) as info:
        render_document(other)
    assert "not TEI" in str(info.value) and str(other) in str(info.value)
    broken = tmp_path / "broken.xml"
    broken.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><p>open</text></TEI>')
    with pytest.raises(EditionError) as info:
        render_document(broken)
    assert re.match(rf"{re.escape(str(broken))}:2:\d+: ", info.value.format_message())


def test_cli_render_writes_the_site_or_nothing(tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["render", str(SAMPLE), "-o", str(out), "--title", "Test edition"])
    assert result.exit_code == 0, result.output
    assert (out / "documents" / "memorandum-1958-10-02.html").is_file()
    assert (out / "tei" / "memorandum-1958-10-02.xml.txt").read_bytes() == SAMPLE.read_bytes()
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><unclosed></TEI>")
    out2 = tmp_path / "site2"
    result = CliRunner().invoke(cli, ["render", str(bad), "-o", str(out2)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not out2.exists() and not list(tmp_path.glob(".site2*"))


def test_unknown_elements_render_readably_and_are_reported_on_request():
    tree = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        '<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>'
        '<text><body><p>Before <madeUp><p>inner paragraph</p></madeUp> after.</p>'
        '<madeUpBlock><p>block content</p></madeUpBlock></body></text></TEI>')
    html = render_tree(tree)
    doc = lxml.html.fromstring(html)
    assert "inner paragraph" in text(doc.find_class("tei-madeup")[0])
    assert doc.find_class("tei-madeupblock")[0].tag == "div"
    # inside a paragraph, block content stays phrasing content (valid HTML)
    assert doc.find_class("tei-madeup")[0].tag == "span"


def test_interview_timecodes_are_shown_with_their_brackets(tmp_path, repo_root):
    from edition.convert import convert_file

    tei = tmp_path / "oral-history.xml"
    tei.write_bytes(convert_file(repo_root / "tests" / "fixtures" / "transcripts" / "oral-history.txt").to_bytes())
    doc = page(tei)
    codes = [text(span) for span in doc.cssselect("span.timecode")]
    assert codes == ["[00:00:05]", "[00:00:12]", "[00:00:20]", "(00:01:02)"]
    assert text(doc.cssselect("p.speaker")[0]).startswith("[00:00:05] INTERVIEWER")


def test_a_caption_file_reads_as_turns_with_their_timecodes_and_no_markup(tmp_path, capfd):
    source = tmp_path / "interview.vtt"
    source.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000 align:start\n<v Ann Lee>We met in <i>1961</i>.</v>\n\n"
                      "00:00:03.500 --> 00:00:05.000\n<v Interviewer>Where &amp; how? "
                      "&lt;script&gt;alert(1)&lt;/script&gt;</v>\n", encoding="utf-8")
    capfd.readouterr()
    doc = page(source)   # a caption file is a transcript to convert, as a .txt is (never parsed as TEI)
    assert "Ambiguous rule match" not in capfd.readouterr().err   # a turn's timecode has one template
    assert [text(p) for p in doc.cssselect("p.speaker")] == ["[00:00:01.000] Ann Lee:", "[00:00:03.500] Interviewer:"]
    body = text(doc.cssselect("main")[0] if doc.cssselect("main") else doc.body)
    assert "We met in 1961." in body and "Where & how? <script>alert(1)</script>" in body
    assert all("alert(1)" not in (script.text or "") for script in doc.iter("script"))   # text, never markup
    assert "<v " not in body and "align:" not in body and "-->" not in body


def test_indentation_inside_a_speaker_label_is_not_text():
    """Shared by the HTML and print stylesheets: "Secretary Dulles:", never "Secretary Dulles :"."""
    doc = page(FIXTURES / "indented-speaker.xml")
    assert [text(p) for p in doc.cssselect("p.speaker")] == ["Secretary Dulles:"]


def _turns_tei(*turns: str) -> etree._Element:
    """A TEI document of the given turns (``<sp>`` elements as text), with the least of a header."""
    return etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Hearing</title></titleStmt>'
        '<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>'
        f'<text><body>{"".join(turns)}</body></text></TEI>')


#: A long record (eight turns: it gets a table of contents) whose turns hold more than paragraphs: one
#: only a list (as the converter makes of "- ties --"), one only a stage direction, one a label alone.
TURNS_WITHOUT_PARAGRAPHS = _turns_tei(
    *(f'<sp xml:id="sp-{n}"><speaker>Chairman</speaker><p>Turn {n} of the hearing.</p></sp>' for n in (1, 2)),
    '<sp xml:id="sp-3"><speaker>Karlan</speaker><list><item>First, the statute.</item>'
    '<item>Second, the record.</item></list></sp>',
    '<sp xml:id="sp-4"><speaker>Chairman</speaker><stage>Laughter</stage></sp>',
    '<sp xml:id="sp-5"><speaker>Karlan</speaker></sp>',
    *(f'<sp xml:id="sp-{n}"><speaker>Chairman</speaker><p>Turn {n} of the hearing.</p></sp>' for n in (6, 7, 8)))


def test_a_turn_without_a_paragraph_has_its_line_in_the_contents_with_its_first_words(capfd):
    """A turn holding only a list or a stage direction made the page fail (XPTY0004: "an empty sequence
    is not allowed as the first argument of f:plain()"): its line in the contents now gives the words it
    holds, a stage direction in its parentheses; a turn of a label alone is named by its speaker."""
    report = RenderReport()
    doc = lxml.html.fromstring(render_tree(TURNS_WITHOUT_PARAGRAPHS, report=report))
    lines = {a.get("href"): text(a) for a in doc.cssselect("#toc nav a")}
    assert len(lines) == 8
    assert lines["#sp-1"] == "Chairman Turn 1 of the hearing."
    assert lines["#sp-3"] == "Karlan First, the statute. Second, the record."
    assert lines["#sp-4"] == "Chairman (Laughter)"
    assert lines["#sp-5"] == "Karlan"
    assert [text(li) for li in doc.get_element_by_id("sp-3").cssselect("li")] == [
        "First, the statute.", "Second, the record."]
    assert report.warnings() == [] and capfd.readouterr().err == ""


#: Turns of an Oyez or Rev transcript: the position in the recording opens the turn, before its label;
#: another stands inside a paragraph.
TIMECODED_TURNS = _turns_tei(
    '<sp xml:id="sp-1" who="#roberts"><milestone unit="timecode" n="00:00:00" rend="brackets"/>'
    '<speaker>John G. Roberts, Jr.</speaker><p xml:id="p-1">We will hear argument first this morning.</p></sp>',
    '<sp xml:id="sp-2" who="#karlan"><milestone unit="timecode" n="00:00:09" rend="parentheses"/>'
    '<speaker>Pamela S. Karlan</speaker><p xml:id="p-2">Thank you.</p>'
    '<p xml:id="p-3"><milestone unit="timecode" n="00:01:30" rend="brackets"/> When an employer fires a man.</p></sp>')


def test_a_timecode_that_opens_a_turn_is_shown_once_in_its_label_and_saxon_says_nothing(capfd):
    """Two rules of the same priority matched the timecode before a label: Saxon warned of an ambiguous
    rule match (XTDE0540) on standard error for every timecode of an Oyez or Rev transcript."""
    report = RenderReport()
    doc = lxml.html.fromstring(render_tree(TIMECODED_TURNS, report=report))
    assert [text(s) for s in doc.cssselect("span.timecode")] == ["[00:00:00]", "(00:00:09)", "[00:01:30]"]
    assert text(doc.get_element_by_id("sp-1").cssselect("p.speaker")[0]) == "[00:00:00] John G. Roberts, Jr.:"
    assert text(doc.get_element_by_id("sp-2").cssselect("p.speaker")[0]) == "(00:00:09) Pamela S. Karlan:"
    assert text(doc.get_element_by_id("p-3")) == "[00:01:30] When an employer fires a man."
    assert report.warnings() == [] and capfd.readouterr().err == ""
