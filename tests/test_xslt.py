"""edition.xslt: stylesheets compiled once per process, again when they change, and not looked at again
while a caller vouches for them (a build's tasks)."""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from edition.xslt import compile_stylesheet, parse_for_saxon, stylesheets_unchanged

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
