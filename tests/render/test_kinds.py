"""Kinds of TEI beyond the record of conversation, on small inline documents: what the reader sees."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from edition.publish.print.pdf import PrintOptions, render_pdf
from edition.publish.html.site import render_tree
from tests.render.test_robust import tei

XHTML = "{http://www.w3.org/1999/xhtml}"


def page(data: bytes) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render_tree(etree.ElementTree(etree.fromstring(data))))


def text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


PARTICIPANTS = ('<profileDesc><particDesc><listPerson><person xml:id="anna"><persName>Anna Novak</persName></person>'
                '</listPerson></particDesc></profileDesc>')


def spoken(body: str) -> bytes:
    return tei(body).replace(b"</fileDesc>", b"</fileDesc>" + PARTICIPANTS.encode())


def test_utterances_name_their_speaker_and_events_stay_in_the_text():
    doc = page(spoken('<note type="narrative">The chair opens the sitting.</note>'
                      '<u who="#anna"><seg>Good morning.</seg><pause dur="PT2S"/><seg>We begin.</seg>'
                      '<kinesic type="applause"><desc>Applause</desc></kinesic></u>'
                      '<u who="#Bob.Smith"><seg>Thank you.</seg><vocal><desc>laughs</desc></vocal></u>'))
    turns = doc.cssselect(".u")
    assert [text(t.cssselect(".speaker")[0]) for t in turns] == ["Anna Novak:", "Bob Smith:"]
    assert "(pause" in text(turns[0]) and "(Applause)" in text(turns[0]) and "(laughs)" in text(turns[1])
    narrative = doc.cssselect(".note-narrative")[0]
    assert text(narrative) == "The chair opens the sitting." and not doc.cssselect("ol.notes")


def test_drama_cast_list_and_the_stage_direction_after_the_speaker():
    doc = page(tei('<div><castList><head>Persons</head><castItem><role>PROSPERO</role><roleDesc>the duke</roleDesc>'
                   '</castItem></castList><sp><speaker>PROSPERO</speaker><stage>aside</stage><l>It goes on.'
                   '<stage>To Ariel.</stage></l></sp></div>'))
    assert text(doc.cssselect(".castItem")[0]) == "PROSPERO — the duke"
    assert text(doc.cssselect(".speaker")[0]) == "PROSPERO (aside):"
    assert "(To Ariel.)" in text(doc.cssselect(".l")[0])


def test_dictionary_entries_are_blocks_with_their_headword():
    doc = page(tei('<entry xml:id="e1"><form><orth>aada</orth></form><gramGrp><pos>n.</pos></gramGrp>'
                   '<sense n="1"><cit type="trans"><quote>habitude</quote></cit></sense></entry>'
                   '<entry><form><orth>aay</orth></form><sense><def>forbidden</def></sense></entry>'))
    entries = doc.cssselect("div.entry")
    assert len(entries) == 2 and entries[0].get("id") == "e1"
    assert text(entries[0].cssselect(".headword")[0]) == "aada"
    assert "1. = habitude" in text(entries[0])


def test_foreign_words_in_right_to_left_scripts_get_their_direction():
    doc = page(tei('<p>The title <foreign xml:lang="ar">مجلة الزهور</foreign> means <foreign xml:lang="la">flores</foreign>.</p>'))
    arabic, latin = doc.cssselect(".foreign")
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")
    assert latin.get("dir") is None


def test_letter_header_and_catalogue_entry_from_the_header():
    header = ('<profileDesc><correspDesc><correspAction type="sent"><persName>Karl Kraus</persName>'
              '<placeName>München</placeName><date when="1893-09-30">30. 9. 1893</date></correspAction>'
              '<correspAction type="received"><persName>Arthur Schnitzler</persName></correspAction></correspDesc>'
              '</profileDesc>')
    ms = ('<msDesc><msIdentifier><settlement>Oxford</settlement><repository>Bodleian Library</repository>'
          '<idno>MS. Digby 29</idno></msIdentifier><msContents><msItem><locus from="1r" to="2v"/>'
          '<title>Recipes</title><incipit>Circumcisio</incipit></msItem></msContents>'
          '<physDesc><objectDesc><supportDesc><extent>ii + 50 leaves <dimensions unit="mm"><height>200</height>'
          '<width>150</width></dimensions></extent></supportDesc></objectDesc></physDesc></msDesc>')
    data = tei("<p>Lieber Freund</p>").replace(b"<sourceDesc><p>Test</p></sourceDesc>", f"<sourceDesc>{ms}</sourceDesc>".encode())
    data = data.replace(b"</fileDesc>", b"</fileDesc>" + header.encode())
    doc = page(data)
    letter = doc.cssselect("section.correspondence dl.corresp")[0]
    assert [text(e) for e in letter] == ["From", "Karl Kraus; München; 30. 9. 1893", "To", "Arthur Schnitzler"]
    entry = text(doc.cssselect("section.manuscripts")[0])
    for words in ("Oxford, Bodleian Library, MS. Digby 29", "fols. 1r–2v", "Incipit: Circumcisio",
                  "Extent: ii + 50 leaves 200 × 150 mm"):
        assert words in entry, words


def test_a_catalogue_entry_in_the_body_prints():
    ms = ('<msDesc><msIdentifier><repository>Bodleian Library</repository><idno>MS. Digby 29</idno></msIdentifier>'
          '<msContents><msItem n="1"><locus>fol. 2</locus> <title>Table of contents</title>\n </msItem></msContents>'
          '<history><origin><origPlace>England</origPlace>, <origDate>c. 1430</origDate></origin></history></msDesc>')
    data = tei(f"<div><p>Described: {ms}</p>{ms}</div>")
    pdf = render_pdf(etree.ElementTree(etree.fromstring(data)), options=PrintOptions())
    assert pdf.startswith(b"%PDF-")


def test_the_document_as_written_and_its_facsimile():
    data = tei('<p><pb n="1" facs="#f1"/>Text</p>').replace(
        b"<text>", b'<facsimile><surface xml:id="f1"><graphic url="https://example.org/iiif/f1.jpg"/></surface>'
                   b'</facsimile><sourceDoc><surface n="19r"><zone><line>having <del>over</del>'
                   b'<add place="superlinear">come</add></line></zone></surface></sourceDoc><text>')
    doc = page(data)
    line = doc.cssselect(".sourceDoc .line")[0]
    assert text(line.cssselect("del")[0]) == "over" and text(line.cssselect("ins")[0]) == "come"
    assert doc.cssselect(".pb a.facs")[0].get("href") == "#f1"
    image = doc.get_element_by_id("f1").cssselect("a.facs-image")[0]
    assert image.get("href") == "https://example.org/iiif/f1.jpg"
    assert not doc.cssselect("img[src^=http]")  # linked, never loaded with the page


def test_an_alternative_identifier_reads_apart_from_the_shelfmark():
    # written without spaces between the elements, as a converter's tree holds them
    ms = ('<msDesc><msIdentifier><repository>GARF</repository><idno type="delo">26</idno>'
          '<altIdentifier type="citation"><idno>GARF f. 9576, d. 26</idno></altIdentifier></msIdentifier></msDesc>')
    entry = text(page(tei(f"<div>{ms}</div>")).find_class("msIdentifier")[0])
    assert entry == "GARF, 26 (also GARF f. 9576, d. 26)"
