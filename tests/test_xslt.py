"""edition.xslt: stylesheets compiled once per process, again when they change, and not looked at again
while a caller vouches for them (a build's tasks)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from edition.errors import RenderError
from edition.xslt import compile_stylesheet, parse_for_saxon, saxon_reports, stylesheets_unchanged, warning_lines

SHEET = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">{word}: <xsl:value-of select="count(//*)"/></xsl:template>
</xsl:stylesheet>"""


def write_sheet(path: Path, word: str, mtime_ns: int) -> None:
    path.write_text(SHEET.format(word=word), encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))


def test_a_changed_stylesheet_is_compiled_again_unless_the_caller_vouches_for_it(tmp_path):
    folder = tmp_path / "xslt"
    folder.mkdir()
    sheet = folder / "count.xsl"
    doc = etree.fromstring("<a><b/><b/></a>")
    write_sheet(sheet, "before", 1_000_000_000_000_000_000)
    with stylesheets_unchanged(folder, "digest-1"):
        assert compile_stylesheet(sheet).transform(doc) == "before: 3"
        write_sheet(sheet, "after", 2_000_000_000_000_000_000)
        # vouched for: the files are not looked at again, the compiled stylesheet is given
        assert compile_stylesheet(sheet).transform(doc) == "before: 3"
    assert compile_stylesheet(sheet).transform(doc) == "after: 3"  # outside the block: changed, compiled again
    write_sheet(sheet, "again", 3_000_000_000_000_000_000)
    with stylesheets_unchanged(folder, "digest-2"):  # another digest: the stylesheets changed
        assert compile_stylesheet(sheet).transform(doc) == "again: 3"
    with stylesheets_unchanged(tmp_path / "elsewhere", "digest-2"):  # vouches for another folder only
        write_sheet(sheet, "last", 4_000_000_000_000_000_000)
        assert compile_stylesheet(sheet).transform(doc) == "last: 3"


def test_a_tree_handed_to_saxon_once_transforms_as_the_tree_itself(tmp_path):
    sheet = tmp_path / "count.xsl"
    write_sheet(sheet, "elements", 1_000_000_000_000_000_000)
    doc = etree.fromstring("<a><b><c/></b><b/></a>")
    compiled = compile_stylesheet(sheet)
    handed = parse_for_saxon(doc)
    assert compiled.transform(handed) == compiled.transform(doc) == "elements: 4"
    assert compiled.transform(handed) == "elements: 4"  # the same parsed document, again


AMBIGUOUS = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/"><xsl:apply-templates select="//a"/></xsl:template>
  <xsl:template match="a[@x]">x</xsl:template>
  <xsl:template match="a[@y]">y</xsl:template>
</xsl:stylesheet>"""

FAILING = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:f="urn:f">
  <xsl:output method="text"/>
  <xsl:function name="f:name" as="xs:string"><xsl:param name="e" as="node()"/><xsl:sequence select="name($e)"/></xsl:function>
  <xsl:template match="/"><xsl:value-of select="f:name(//missing)"/></xsl:template>
</xsl:stylesheet>"""


def test_saxons_warnings_are_the_tools_own_lines_with_the_file_not_saxons_text(tmp_path, capfd):
    """Saxon writes an ambiguous rule match (XTDE0540) on standard error itself, four lines for every
    node it happens on. It reaches the caller as one message naming the source, the code and the
    stylesheet's lines, and is printed as the tool's own warning when the caller asks for no messages;
    nothing of Saxon's text is on standard error."""
    sheet = tmp_path / "ambiguous.xsl"
    sheet.write_text(AMBIGUOUS, encoding="utf-8")
    doc = etree.fromstring("<r><a x='1' y='2'/><a x='1' y='2'/><a x='1' y='2'/></r>")
    messages: list[str] = []
    assert compile_stylesheet(sheet).transform(doc, source_name="doc.xml", messages=messages) == "yyy"
    assert messages == ["edition:saxon|doc.xml|XTDE0540 Ambiguous rule match for /r/a[1] "
                        "(ambiguous.xsl line 5, ambiguous.xsl line 4) (and 2 more like it)"]
    assert capfd.readouterr().err == ""
    assert compile_stylesheet(sheet).transform(doc, source_name="doc.xml") == "yyy"
    assert capfd.readouterr().err.splitlines() == [
        "edition: warning: doc.xml: XTDE0540 Ambiguous rule match for /r/a[1] "
        "(ambiguous.xsl line 5, ambiguous.xsl line 4) (and 2 more like it)"]


def test_a_failing_transform_is_one_error_with_saxons_code_and_line_and_nothing_else_printed(tmp_path, capfd):
    sheet = tmp_path / "failing.xsl"
    sheet.write_text(FAILING, encoding="utf-8")
    with pytest.raises(RenderError) as info:
        compile_stylesheet(sheet).transform(etree.fromstring("<r/>"), source_name="doc.xml")
    assert info.value.format_message() == (
        "doc.xml: failing.xsl: XPTY0004 An empty sequence is not allowed as the first argument of f:name() "
        "(failing.xsl line 5)")
    assert capfd.readouterr().err == ""


def test_text_on_standard_error_that_is_not_saxons_is_written_as_it_came():
    reports, other = saxon_reports("Warning at mode (unnamed) \n  XTDE0540  Ambiguous rule match for /r/a[1]\n"
                                   'Matches both "a" on line 4 of file:/x/y.xsl\nand "b" on line 3 of file:/x/y.xsl\n'
                                   "GET /index.html 200\n")
    assert [str(r) for r in reports] == ["XTDE0540 Ambiguous rule match for /r/a[1] (y.xsl line 4, y.xsl line 3)"]
    assert other == ""   # the lines after a report are its own until the next one
    reports, other = saxon_reports("GET /index.html 200\nWarning at xsl:template on line 9 of z.xsl:\n"
                                   "  SXWN9001  A variable with no following sibling instructions has no effect\n")
    assert other == "GET /index.html 200"
    assert [(r.warning, r.code, r.places) for r in reports] == [(True, "SXWN9001", ("z.xsl line 9",))]


def test_a_stylesheet_that_does_not_compile_is_one_error_and_its_warnings_the_tools_lines(tmp_path, capfd):
    sheet = tmp_path / "broken.xsl"
    sheet.write_text('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">\n'
                     '  <xsl:template match="/"><xsl:value-of select="1 +"/></xsl:template>\n'
                     '</xsl:stylesheet>', encoding="utf-8")
    with pytest.raises(RenderError) as info:
        compile_stylesheet(sheet)
    assert "cannot compile stylesheet" in info.value.format_message() and "XPST0003" in str(info.value)
    err = capfd.readouterr().err
    assert all(line.startswith("edition: warning: ") for line in err.splitlines()), err


def test_a_message_saxon_wraps_is_read_whole_and_names_its_nodes_without_their_namespaces():
    """What Saxon wrote for the timecodes of an Oyez transcript (html.xsl over the site's collection): the
    node's path on a line of its own, one of the two rules on two lines, and after 25 warnings no more."""
    rule = ('"element(Q{http://www.tei-c.org/ns/1.0}sp)/element(Q{http://www.tei-c.org/ns/1.0}milestone)'
            '[(data(attribute::attribute(Q{}unit))) eq timecode]" on line 189')
    report = ("Warning at mode m:text \n  XTDE0540  Ambiguous rule match for\n"
              "  /ed:site/ed:document[1]/Q{http://www.tei-c.org/ns/1.0}TEI[1]/text[1]/body[1]/sp[{n}]/milestone[1]\n"
              f"Matches both\n  {rule}\n"
              'and "element(Q{http://www.tei-c.org/ns/1.0}milestone)[@unit eq "timecode"]" on line 185 of '
              "file:/work/xslt/modules/text.xsl\n")
    reports, other = saxon_reports("".join(report.replace("{n}", str(n)) for n in (1, 2, 3))
                                   + "No more warnings will be displayed\n")
    assert other == ""
    assert [str(r) for r in reports] == [
        f"XTDE0540 Ambiguous rule match for /site/document[1]/TEI[1]/text[1]/body[1]/sp[{n}]/milestone[1] "
        "(text.xsl line 189, text.xsl line 185)" for n in (1, 2, 3)]
    assert warning_lines(reports) == [
        "XTDE0540 Ambiguous rule match for /site/document[1]/TEI[1]/text[1]/body[1]/sp[1]/milestone[1] "
        "(text.xsl line 189, text.xsl line 185) (and 2 more like it; Saxon shows no more than 25 warnings)"]
