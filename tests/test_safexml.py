"""Hostile XML is refused with a clear message; nothing is fetched, memory stays bounded."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.loopback import recording_server

from edition.safexml import (DTDNeededError, UnsafeXMLError, XMLReadError, XMLSyntaxProblem, parse_xml_bytes,
                             parse_xml_file)

HOSTILE = Path(__file__).parent / "fixtures" / "validate" / "hostile"


@pytest.fixture
def listening_server():
    """A server on the loopback that records every request it gets (none may arrive)."""
    with recording_server(b'<!ENTITY leaked "LEAKED">') as found:
        yield found


def _with_port(name: str, port: int) -> bytes:
    return (HOSTILE / name).read_bytes().replace(b"PORT", str(port).encode())


def test_external_file_entity_is_refused_not_read():
    with pytest.raises(UnsafeXMLError) as caught:
        parse_xml_file(HOSTILE / "xxe_file.xml")
    message = caught.value.format_message()
    assert message.startswith(f"{HOSTILE / 'xxe_file.xml'}:3: entity declarations are refused")
    assert "root:" not in message  # /etc/passwd was not read into anything


@pytest.mark.parametrize("name", ["xxe_http.xml", "parameter_entity.xml"])
def test_network_references_are_refused_and_nothing_is_fetched(name, listening_server):
    port, requests = listening_server
    with pytest.raises(UnsafeXMLError) as caught:
        parse_xml_bytes(_with_port(name, port), name)
    assert "refused" in caught.value.format_message()
    assert requests == []


def test_a_doctype_naming_a_dtd_is_read_without_fetching_it(listening_server):
    port, requests = listening_server
    tree = parse_xml_bytes(_with_port("dtd_http.xml", port), "dtd_http.xml")
    assert tree.getroot().tag == "{http://www.tei-c.org/ns/1.0}TEI"
    assert requests == []


def test_an_entity_of_the_external_dtd_cannot_be_read_exit_2(listening_server):
    port, requests = listening_server
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "http://127.0.0.1:{port}/evil.dtd">\n'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0"><p>caf&eacute; &lt;</p></TEI>').encode()
    with pytest.raises(DTDNeededError) as caught:
        parse_xml_bytes(data, "needs-dtd.xml")
    assert caught.value.exit_code == 2
    assert caught.value.format_message().startswith("needs-dtd.xml:3: the entity &eacute; is declared in the external DTD")
    assert requests == []


def test_refusal_does_not_depend_on_the_byte_search(listening_server, monkeypatch):
    """The parsed DTD is checked too (a document in UTF-16 escapes the byte search)."""
    port, requests = listening_server
    data = _with_port("xxe_http.xml", port).decode().replace('<?xml version="1.0"?>',
                                                             '<?xml version="1.0" encoding="UTF-16"?>')
    with pytest.raises(UnsafeXMLError):
        parse_xml_bytes(data.encode("utf-16"), "utf16.xml")
    assert requests == []


def test_billion_laughs_is_refused_with_bounded_memory():
    code = (
        "import resource, sys\n"
        "from edition.safexml import parse_xml_file, UnsafeXMLError, XMLSyntaxProblem\n"
        "from edition import safexml\n"
        "safexml._refuse_declarations_early = lambda data, name: None  # reach libxml2 itself\n"
        f"for i in range(2):\n"
        f"    try:\n"
        f"        parse_xml_file({str(HOSTILE / 'bomb.xml')!r})\n"
        "    except (UnsafeXMLError, XMLSyntaxProblem) as exc:\n"
        "        print(type(exc).__name__)\n"
        "    safexml._refuse_declarations_early = lambda data, name: None\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent (pytest) across fork and exec
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split()
    assert lines[0] in ("UnsafeXMLError", "XMLSyntaxProblem")
    assert int(lines[-1]) < 200_000  # kilobytes: the 10^9 "lol"s were never built
    with pytest.raises(UnsafeXMLError):
        parse_xml_file(HOSTILE / "bomb.xml")


def test_malformed_xml_names_line_and_column():
    with pytest.raises(XMLSyntaxProblem) as caught:
        parse_xml_bytes(b"<TEI>\n  <p>text</TEI>", "broken.xml")
    assert caught.value.format_message().startswith("broken.xml:2:")
    assert caught.value.exit_code == 1


def test_missing_file_cannot_be_read(tmp_path):
    with pytest.raises(XMLReadError) as caught:
        parse_xml_file(tmp_path / "absent.xml")
    assert caught.value.exit_code == 2
    assert "cannot read" in caught.value.format_message()


def test_plain_doctype_and_ordinary_xml_are_accepted():
    tree = parse_xml_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE TEI>\n<TEI xml:id="a"><p>&amp;&#233;</p></TEI>',
                           "ok.xml")
    assert tree.getroot().findtext("p") == "&\u00e9"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
