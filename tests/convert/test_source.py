"""Reading a transcript's bytes (edition/source.py): a UTF-8 file stays UTF-8, and nothing changes silently."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import cli
from edition.errors import SourceError
from edition.convert.reading import reading_text
from edition.convert.source import MAX_BYTE_WARNINGS, decode_source

SLOVAK = "corpus/transcripts/12-slovak-national-council-1996-06-25.txt"


def _convert(tmp_path, data: bytes, *extra):
    source = tmp_path / "in.txt"
    source.write_bytes(data)
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(out), *extra])
    return result, out, source


def test_one_stray_byte_is_decoded_alone_and_named(tmp_path):
    data = "Mr. Gomułka: Good.\n\nZhou: A caf".encode() + b"\xe9 here.\n"
    result, out, source = _convert(tmp_path, data)
    assert result.exit_code == 0, result.output
    text = reading_text(etree.parse(str(out)).getroot())
    assert "Mr. Gomułka: Good." in text and "A café here." in text
    assert f"warning: {source}:3:12: byte 0xe9 is not UTF-8: read as Windows-1252 'é'" in result.output


def test_a_stray_byte_in_a_real_utf8_transcript_changes_nothing_else(tmp_path, shared_dir):
    """The Slovak record (UTF-8, full of diacritics) with one Windows-1252 en dash pasted in."""
    original = (shared_dir / SLOVAK).read_bytes()
    at = original.index(b"Ivan Ga\xc5\xa1parovi\xc4\x8d:")
    data = original[:at] + b"\x96 " + original[at:]
    source = tmp_path / "slovak.txt"
    source.write_bytes(data)
    result = decode_source(data, str(source))
    assert result.text == original[:at].decode() + "\u2013 " + original[at:].decode()
    assert "Gašparovič" in result.text and "Gaš" not in result.text.replace("Gašparovič", "")
    line = original[:at].count(b"\n") + 1
    assert result.warnings == (f"{source}:{line}:1: byte 0x96 is not UTF-8: read as Windows-1252 '\u2013'; "
                               "the rest of the file is UTF-8",)
    # through the command: the TEI keeps every diacritic, the warning is on standard error
    out = tmp_path / "slovak.xml"
    cli_run = CliRunner().invoke(cli, ["convert", str(source), "-o", str(out)])
    assert cli_run.exit_code == 0, cli_run.output
    assert "Gašparovič" in out.read_text(encoding="utf-8") and "Ã" not in out.read_text(encoding="utf-8")
    assert f"{source}:{line}:1: byte 0x96 is not UTF-8" in cli_run.output


def test_each_stray_byte_is_reported_with_its_line_and_character_column():
    data = "žena: á".encode() + b"\x93quoted\x94\n\nb: \xe8\n"
    result = decode_source(data, "t.txt")
    assert result.text == "žena: á\u201cquoted\u201d\n\nb: è\n"
    assert [w.split(": byte")[0] for w in result.warnings] == ["t.txt:1:8", "t.txt:1:15", "t.txt:3:4"]
    assert result.encoding == "utf-8"


def test_many_stray_bytes_are_counted_after_the_first_ones():
    data = "é\n".encode() + b"\xe9" * (MAX_BYTE_WARNINGS + 5)
    result = decode_source(data, "t.txt")
    assert len(result.warnings) == MAX_BYTE_WARNINGS + 1
    assert result.warnings[-1] == "t.txt: 5 more byte(s) that are not UTF-8 read as Windows-1252"


def test_a_windows_1252_file_is_read_as_such_and_the_guess_is_said(tmp_path):
    result, out, source = _convert(tmp_path, "Mao: It\u2019s \u201cfine\u201d \u2013 caf\u00e9.".encode("cp1252"))
    assert result.exit_code == 0, result.output
    assert "It\u2019s \u201cfine\u201d \u2013 caf\u00e9." in reading_text(etree.parse(str(out)).getroot())
    assert (f"warning: {source}:1:8: no UTF-8 in the file, 5 byte(s) above 0x7F: read as Windows-1252 "
            "(a guess: pass --encoding to say which encoding it is)") in result.output


def test_the_guess_is_said_by_build_too(tmp_path, monkeypatch):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    source = folder / "sources" / "example.txt"
    source.write_bytes(source.read_bytes() + "\n\nInterviewer: Caf\u00e9?\n".encode("cp1252"))
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["build", "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert "warning: sources/example.txt:" in result.output and "read as Windows-1252" in result.output


def test_strict_stops_at_the_first_stray_byte(tmp_path):
    data = "a: ž\n\nb: caf".encode() + b"\xe9 \xe9\n"
    result, out, source = _convert(tmp_path, data, "--strict-encoding")
    assert result.exit_code == 1
    assert result.output.strip() == (f"edition: {source}:3:7: byte 0xe9 is not UTF-8 (and 1 more): convert the "
                                     "file to UTF-8, or pass --encoding")
    assert not out.exists()
    with pytest.raises(SourceError):
        decode_source(data, "t.txt", strict=True)


def test_a_byte_that_is_neither_is_refused_with_its_place():
    with pytest.raises(SourceError) as caught:
        decode_source("a: ž\n\nb: x".encode() + b"\x81", "t.txt")
    assert caught.value.format_message() == ("t.txt:3:5: byte 0x81 is neither UTF-8 nor Windows-1252: convert the "
                                             "file to UTF-8 or pass --encoding")


@pytest.mark.parametrize("encoding", ["klingon", "base64", "zlib", "rot13", ""])
def test_an_unknown_encoding_is_a_one_line_error(tmp_path, encoding):
    result, out, source = _convert(tmp_path, b"Mao: hello\n", "--encoding", encoding)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines == [f"edition: {source}: unknown encoding {encoding!r} (--encoding): give a text encoding "
                     "such as utf-8, windows-1252 or latin-1"]
    assert not out.exists()


def test_a_named_encoding_is_read_strictly(tmp_path):
    result, out, _ = _convert(tmp_path, "Mao: \u00e9t\u00e9".encode("latin-1"), "--encoding", "latin-1")
    assert result.exit_code == 0 and "Windows-1252" not in result.output and "not UTF-8" not in result.output
    assert "\u00e9t\u00e9" in reading_text(etree.parse(str(out)).getroot())
    result, _, source = _convert(tmp_path, b"Mao: \xff", "--encoding", "utf-8")
    assert result.exit_code == 1 and f"{source}:1:6: not valid utf-8: byte 0xff" in result.output


def test_positions_count_lines_after_cr_line_ends():
    result = decode_source(b"a: x\r\rb: y\rc: \xe9 \xc5\xbe", "t.txt")
    assert result.text == "a: x\n\nb: y\nc: é ž"
    assert result.warnings[0].startswith("t.txt:4:4: byte 0xe9")


def test_check_says_it_too(tmp_path):
    source = tmp_path / "t.txt"
    source.write_bytes("Mr. Gomułka: A caf".encode() + b"\xe9.\n")
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert f"{source}:1:19: warning: encoding: byte 0xe9 is not UTF-8: read as Windows-1252 'é'" in result.output
