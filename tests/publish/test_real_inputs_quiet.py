"""Real inputs through the HTML and the print edition: on standard error only the tool's own lines.

Saxon writes its warnings (an ambiguous rule match, XTDE0540) and the detail of its errors on the
process's standard error itself; a user saw dozens of them for an Oyez transcript. The transcripts and
TEI files are those of ../shared/corpus, found through ``EDITION_SHARED``; without it these tests are
skipped. ``capfd`` reads file descriptor 2 itself, where Saxon writes, not only ``sys.stderr``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.cli import cli
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="EDITION_SHARED is not set (no corpus)")

#: the tool's own lines on standard error: its warnings (convert's "warning: FILE:LINE: …", the others'
#: "edition: warning: …"), convert's "wrote FILE", and nothing else
OWN_LINE = re.compile(r"^(?:(?:edition: )?warning:|wrote) /\S+")


def _edition(*args: str) -> None:
    """``edition ARGS`` in this process, writing where the command writes (capfd sees Saxon's text too)."""
    try:
        cli.main(list(args), prog_name="edition", standalone_mode=False)
    except SystemExit as exc:   # pragma: no cover - a failure: its line is on standard error
        assert exc.code in (0, None)


def _stderr_lines(capfd) -> list[str]:
    return [line for line in capfd.readouterr().err.splitlines() if line.strip()]


@pytest.mark.parametrize("name", [
    "04-scotus-oral-argument-bostock-2019-oyez",     # a timecode before every label, turns of a list alone
    "19-scotus-official-transcript-hhs-v-florida-2012-03-26-trimmed",    # turns of a list alone
])
def test_a_converted_transcript_renders_and_prints_with_nothing_on_stderr_but_the_tools_lines(
        name, tmp_path, capfd):
    tei = tmp_path / f"{name}.xml"
    _edition("convert", str(CORPUS / "transcripts" / f"{name}.txt"), "-o", str(tei))
    _edition("render", str(tei), "-o", str(tmp_path / "site"), "--title", "Sweep")
    _edition("print", str(tei), "-o", str(tmp_path / f"{name}.pdf"))
    lines = _stderr_lines(capfd)
    assert [line for line in lines if not OWN_LINE.match(line)] == []
    assert not any(re.search(r"XTDE|XPTY|SXWN|Ambiguous rule", line) for line in lines)
    page = (tmp_path / "site" / "documents").glob("*.html")
    assert 'class="toc"' in next(page).read_text(encoding="utf-8")   # the contents, which failed on a list turn
    assert (tmp_path / f"{name}.pdf").stat().st_size > 10_000


@pytest.mark.parametrize("path", [
    "tei-wild/12-arabic-periodical-zuhur-facsimile.xml",     # repeated xml:id: the tool's warning, once each
    "tei-wild/06-letter-correspdesc-participdesc-example13.xml",
    "frus/frus1958-60v19_d54.xml",
])
def test_real_tei_renders_and_prints_with_nothing_on_stderr_but_the_tools_lines(path, tmp_path, capfd):
    _edition("render", str(CORPUS / path), "-o", str(tmp_path / "site"), "--title", "Sweep")
    _edition("print", str(CORPUS / path), "-o", str(tmp_path / "out.pdf"))
    lines = _stderr_lines(capfd)
    assert [line for line in lines if not OWN_LINE.match(line)] == []
    assert all(str(CORPUS / path) in line for line in lines)     # each names its file
    assert (tmp_path / "out.pdf").is_file()
