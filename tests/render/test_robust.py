"""Valid TEI the memorandum never has: no speaker, several resp, a DTD named, a stylesheet failure."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
from click.testing import CliRunner
from lxml import etree

from edition.cli import cli
from edition.publish.print.pdf import PrintOptions, render_pdf
from edition.publish.html.site import load_document, render_site, render_tree

TEI = "http://www.tei-c.org/ns/1.0"


def tei(body: str, header: str = "", title: str = "<title>A test</title>", xml_id: str = "t") -> bytes:
    return (f'<TEI xmlns="{TEI}" xml:id="{xml_id}"><teiHeader><fileDesc><titleStmt>{title}{header}</titleStmt>'
            '<publicationStmt><p>Unpublished</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc>'
            f'</teiHeader><text><body>{body}</body></text></TEI>').encode()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_turn_without_speaker_and_statement_with_several_resp(tmp_path):
    data = tei('<div><head>ACT 1</head><sp><stage>Enter Ariel.</stage><l>Full fathom five</l></sp>'
               '<sp><speaker>ARIEL</speaker><stage>singing</stage><l>thy father lies</l></sp></div>',
               header='<author>William Shakespeare</author><respStmt><resp>encoded</resp><resp>proofread</resp>'
                      '<persName>Ann Editor</persName><persName>Bob Encoder</persName></respStmt>')
    path = write(tmp_path, "play.xml", data)
    result = render_site([path], tmp_path / "site", odd_path=None)
    page = lxml.html.fromstring((tmp_path / "site" / "documents" / "t.html").read_bytes())
    assert page.cssselect("h1.doc-title")[0].text_content() == "A test"  # not "ACT 1"
    meta = page.cssselect("dl.doc-meta")[0].text_content()
    for words in ("William Shakespeare", "encoded; proofread", "Ann Editor, Bob Encoder"):
        assert words in meta
    speaker = page.cssselect(".speaker")[0].text_content()
    assert "ARIEL" in speaker and "(singing)" in speaker
    assert "Enter Ariel." in page.text_content()
    assert "Full fathom five" in (tmp_path / "site" / "assets" / "search-index.js").read_text()
    assert result.report.errors == {}
    pdf = render_pdf(load_document(path).tree, options=PrintOptions())
    assert pdf.startswith(b"%PDF-")


def test_doctype_naming_a_dtd_renders_and_needed_entities_exit_2(tmp_path):
    named = write(tmp_path, "named.xml", b'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "freedict-P5.dtd">\n'
                  + tei("<p>a &lt; b</p>"))
    runner = CliRunner()
    result = runner.invoke(cli, ["render", str(named), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    needs = write(tmp_path, "needs.xml", b'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "freedict-P5.dtd">\n'
                  + tei("<p>caf&eacute;</p>", xml_id="n"))
    for command in (["render", str(needs), "-o", str(tmp_path / "site2")], ["print", str(needs)]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2, result.output
        assert "&eacute;" in result.output and "external DTD" in result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "site2").exists() and not (tmp_path / "needs.pdf").exists()


FAILING = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:m="urn:edition:modes" xmlns:t="urn:edition:templates">
  <xsl:import href="{html}"/>
  <xsl:template match="tei:p[@n = 'boom']" mode="m:text"><xsl:sequence select="error((), 'no way')"/></xsl:template>
  <xsl:template name="t:letter-header">
    <xsl:param name="tei"/>
    <xsl:if test="$tei/@xml:id = 'bad'"><xsl:sequence select="error((), 'header broken')"/></xsl:if>
  </xsl:template>
</xsl:stylesheet>"""


def test_a_failure_names_the_document_and_element_and_spares_the_others(tmp_path):
    from edition.publish.html.site import HTML_XSL

    sheet = write(tmp_path, "failing.xsl", FAILING.format(html=HTML_XSL.as_uri()).encode())
    good = write(tmp_path, "good.xml", tei('<p>before</p><p n="boom">lost</p><p>after</p>', xml_id="good"))
    bad = write(tmp_path, "bad.xml", tei("<p>all of it</p>", xml_id="bad"))
    result = render_site([good, bad], tmp_path / "site", odd_path=None, stylesheet=sheet)
    assert result.documents == ["good"]
    assert list(result.report.errors) == ["bad", "good"]
    assert "bad.xml" in result.report.errors["bad"][0] and "header broken" in result.report.errors["bad"][0]
    assert result.report.errors["good"][0].startswith("p at TEI/text/body/p: no way")
    page = (tmp_path / "site" / "documents" / "good.html").read_text()
    assert "before" in page and "after" in page and "could not be rendered" in page
    report = json.loads(result.report.to_json())
    assert report["documents"]["good"]["errors"] == result.report.errors["good"]


def test_unhandled_elements_are_warnings_and_a_json_report(tmp_path):
    path = write(tmp_path, "odd.xml", tei("<p>a <unknownThing>strange</unknownThing> word</p>", xml_id="odd")
                 .replace(b"<p>a <unknownThing>", b'<p>a <unknownThing xmlns="urn:x">'))
    report_path = tmp_path / "render.json"
    result = CliRunner().invoke(cli, ["render", str(path), "-o", str(tmp_path / "site"), "--report", str(report_path)])
    assert result.exit_code == 0, result.output
    assert "warning: odd: unknownThing has no rendering of its own" in result.output
    report = json.loads(report_path.read_text())
    assert report["documents"]["odd"]["unhandled"]["unknownThing"]["count"] == 1
    assert "strange" in (tmp_path / "site" / "documents" / "odd.html").read_text()


def test_each_tei_document_of_a_tei_corpus_is_a_page_of_its_own(tmp_path):
    """A teiCorpus (a nested one too): every TEI document in it is rendered as a page, named by its xml:id
    or by the file and its place; its TEI copy is that document alone; a notice names its line. A corpus
    with no TEI document is a one-line error that names the file."""
    member = tei("<p>with an id</p>", xml_id="letter-a").decode()
    anonymous = member.replace(' xml:id="letter-a"', "").replace("with an id", "without one")
    header = ('<teiHeader><fileDesc><titleStmt><title>Letters</title></titleStmt><publicationStmt><p>x</p>'
              '</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>')
    strip = lambda text: text.replace(f' xmlns="{TEI}"', "")   # noqa: E731  (declared on the corpus)
    corpus = write(tmp_path, "letters.xml", (f'<teiCorpus xmlns="{TEI}">{header}\n{strip(member)}\n'
                                            f'<teiCorpus>{header}{strip(anonymous)}</teiCorpus></teiCorpus>').encode())
    result = render_site([corpus], tmp_path / "site", odd_path=None)
    assert sorted(result.documents) == ["letter-a", "letters-2"]
    page = (tmp_path / "site" / "documents" / "letters-2.html").read_text(encoding="utf-8")
    assert "without one" in page and "with an id" not in page
    copy = etree.fromstring((tmp_path / "site" / "tei" / "letter-a.xml.txt").read_bytes())
    assert copy.tag == f"{{{TEI}}}TEI" and "without one" not in etree.tostring(copy, encoding="unicode")
    assert any("letters.xml:2: a teiCorpus: its TEI document 1 of 2" in line for line in result.report.warnings())
    empty = write(tmp_path, "empty.xml", f'<teiCorpus xmlns="{TEI}">{header}</teiCorpus>'.encode())
    run = CliRunner().invoke(cli, ["render", str(empty), "-o", str(tmp_path / "other")])
    assert run.exit_code != 0 and "a teiCorpus without a TEI document" in run.output and "empty.xml" in run.output
    assert "Traceback" not in run.output and not (tmp_path / "other").exists()
