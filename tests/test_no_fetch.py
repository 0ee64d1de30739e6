"""No command reads or fetches what a document points to.

Every command that reads TEI (validate with both engines, render, print, package, serve) is given a
document that points outside itself in every way XML and TEI allow: XInclude (a local file and an
``http://`` URL), ``xml-stylesheet`` and ``xml-model`` processing instructions, ``xsi:schemaLocation``,
``graphic``/``ref``/``ptr`` targets, and (in documents that are refused) an external DTD and external
entities. A listener on 127.0.0.1 must see no request, and a canary, a named pipe that records every
opening (a reader would block on it until a writer comes), must never be opened.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.loopback import recording_server
from click.testing import CliRunner

from edition.cli import cli
from edition.validate.tei import jing_command
from tests.interrupt import interruptible

MINIMAL = Path(__file__).parent / "fixtures" / "validate" / "minimal.xml"
EDITION = str(Path(sys.executable).with_name("edition"))
needs_jing = pytest.mark.skipif(jing_command() is None, reason="jing not installed")
# What the canary gives a reader: a paragraph that would make an XInclude of it valid.
CANARY_CONTENT = b'<p xmlns="http://www.tei-c.org/ns/1.0">CANARY WAS READ</p>'


class Canary:
    """A named pipe that records each time something opens it for reading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.openings = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:  # ENXIO: nobody has it open for reading
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.005)
                continue
            self.openings += 1
            try:
                os.set_blocking(fd, True)
                os.write(fd, CANARY_CONTENT)
            except BrokenPipeError:
                pass
            finally:
                os.close(fd)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@pytest.fixture
def listener():
    """A server on the loopback that records every request it gets (none may arrive)."""
    with recording_server(CANARY_CONTENT) as found:
        yield found


@pytest.fixture
def canary(tmp_path):
    watched = Canary(tmp_path / "canary-target")
    yield watched
    watched.stop()


def pointing_document(folder: Path, port: int) -> Path:
    """A TEI document (well-formed, no DTD) that points to the canary and the listener everywhere."""
    url = f"http://127.0.0.1:{port}"
    canary_url = (folder / "canary-target").as_uri()
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("<?xml-model", f'<?xml-stylesheet type="text/xsl" href="{url}/style.xsl"?>\n'
                                       '<?xml-stylesheet type="text/css" href="canary-target"?>\n'
                                       f'<?xml-model href="{url}/schema.rng" '
                                       'schematypens="http://relaxng.org/ns/structure/1.0"?>\n<?xml-model', 1)
    text = text.replace('<TEI xmlns="http://www.tei-c.org/ns/1.0"',
                        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:xi="http://www.w3.org/2001/XInclude" '
                        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                        f'xsi:schemaLocation="http://www.tei-c.org/ns/1.0 {url}/tei.xsd"', 1)
    text = text.replace("<closer>",
                        '<xi:include href="canary-target"/>\n'
                        f'<xi:include href="{canary_url}"/>\n'
                        f'<xi:include href="{url}/include.xml" parse="text"/>\n'
                        f'<p><graphic url="{url}/figure.png"/><graphic url="canary-target"/>'
                        f'<ref target="{url}/ref">a link</ref><ptr target="canary-target"/></p>\n<closer>', 1)
    path = folder / "pointing.xml"
    path.write_text(text, encoding="utf-8")
    return path


# Documents that declare what a parser would fetch: each is refused before anything is read.
DTD_HEADS = {
    "external-dtd-http": '<!DOCTYPE TEI SYSTEM "{url}/tei.dtd">',
    "external-dtd-file": '<!DOCTYPE TEI SYSTEM "canary-target">',
    "external-entity-file": '<!DOCTYPE TEI [<!ENTITY canary SYSTEM "canary-target">]>',
    "external-entity-http": '<!DOCTYPE TEI [<!ENTITY canary SYSTEM "{url}/entity.xml">]>',
    "parameter-entity": '<!DOCTYPE TEI [<!ENTITY % remote SYSTEM "{url}/remote.dtd"> %remote;]>',
}


def declaring_document(folder: Path, port: int, head: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("<?xml-model", DTD_HEADS[head].format(url=f"http://127.0.0.1:{port}") + "\n<?xml-model", 1)
    if "ENTITY canary" in text:
        text = text.replace("<closer>", "<p>&canary;</p><closer>", 1)
    path = folder / f"{head}.xml"
    path.write_text(text, encoding="utf-8")
    return path


def _commands(document: Path, folder: Path, tei_all: Path) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(document)],
        "validate-lxml": ["validate", "--engine", "lxml", str(document)],
        "validate-jing": ["validate", "--engine", "jing", str(document)],
        "validate-tei-all-jing": ["validate", "--tei-all", "--tei-all-schema", str(tei_all), "--engine", "jing",
                                  str(document)],
        "render": ["render", str(document), "-o", str(folder / "site")],
        "print": ["print", str(document), "-o", str(folder / "print.pdf")],
        "package": ["package", str(document), "--out-dir", str(folder / "deposit")],
    }


COMMANDS = ["validate", "validate-lxml", "validate-jing", "validate-tei-all-jing", "render", "print", "package"]


@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_reads_or_fetches_what_a_document_points_to(command, tmp_path, listener, canary,
                                                               tei_all_path, monkeypatch):
    if "jing" in command and jing_command() is None:
        pytest.skip("jing not installed")
    port, requests = listener
    document = pointing_document(tmp_path, port)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, _commands(document, tmp_path, tei_all_path)[command])
    assert "internal error" not in result.output
    assert requests == []
    assert canary.openings == 0
    assert "CANARY WAS READ" not in result.output
    if command.startswith("validate"):
        # the verdict is on the document as it is: an xi:include is not a TEI element
        assert result.exit_code == 1, result.output
        assert "include" in result.output


@needs_jing
def test_jing_judges_the_document_as_it_is_and_names_the_original_file(tmp_path, canary, tei_all_path):
    """With XInclude on, the canary's paragraph would replace the include and the document be valid;
    and jing, given a private copy, still names the original file with its own lines and columns."""
    text = MINIMAL.read_text(encoding="utf-8")
    including = tmp_path / "include.xml"
    including.write_text(text.replace('<TEI xmlns="http://www.tei-c.org/ns/1.0"',
                                      '<TEI xmlns="http://www.tei-c.org/ns/1.0" '
                                      'xmlns:xi="http://www.w3.org/2001/XInclude"', 1)
                         .replace("<closer>", '<xi:include href="canary-target"/><closer>', 1), encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "<closer>" in line)
    column = lines[number - 1].index("<closer>") + len("<closing>") + 1
    broken = tmp_path / "broken.xml"
    broken.write_text(text.replace("<closer>", "<closing>").replace("</closer>", "</closing>"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--tei-all", "--tei-all-schema", str(tei_all_path),
                                      "--engine", "jing", str(including), str(broken)])
    assert result.exit_code == 1, result.output
    assert f"  {including}:" in result.output and 'element "xi:include" not allowed' in result.output
    assert canary.openings == 0
    assert f"  {broken}:{number}:{column}: error: element \"closing\" not allowed" in result.output
    assert "edition-jing-" not in result.output  # the private copy is never named


@pytest.mark.parametrize("head", sorted(DTD_HEADS))
@pytest.mark.parametrize("command", COMMANDS)
def test_no_command_reads_a_dtd_or_an_entity(command, head, tmp_path, listener, canary, tei_all_path,
                                             monkeypatch):
    port, requests = listener
    document = declaring_document(tmp_path, port, head)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, _commands(document, tmp_path, tei_all_path)[command])
    assert "internal error" not in result.output
    assert requests == []
    assert canary.openings == 0
    if head.startswith("external-dtd"):
        # a DOCTYPE that only names a DTD the document does not need is read without loading the DTD
        # (docs/rendering.md): the command works on the document as it is
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code != 0
    assert "refused" in result.output and str(document) in result.output
    assert not (tmp_path / "site").exists() and not (tmp_path / "print.pdf").exists()


@pytest.mark.parametrize("command", ["render", "print", "package", "validate"])
def test_a_document_with_an_external_dtd_and_ids_not_unique_reads_no_dtd(command, tmp_path, listener, canary,
                                                                          tei_all_path, monkeypatch):
    """Ids that are not unique are read again without collecting them (rendered with a warning); that
    reading too loads no external DTD (libxml2 reads the external subset when IDs are not collected)."""
    port, requests = listener
    document = declaring_document(tmp_path, port, "external-dtd-file")
    text = document.read_text(encoding="utf-8")
    document.write_text(text.replace("<closer>", '<p xml:id="twice">one</p><p xml:id="twice">two</p><closer>', 1),
                        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, _commands(document, tmp_path, tei_all_path)[command])
    assert "internal error" not in result.output and "CANARY WAS READ" not in result.output
    assert requests == []
    assert canary.openings == 0
    if command == "render":
        assert result.exit_code == 0 and "twice" in result.output and "must be unique" in result.output


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_serve_reads_and_fetches_nothing_a_document_points_to(tmp_path, listener, canary):
    port, requests = listener
    document = pointing_document(tmp_path, port)
    process = subprocess.Popen([EDITION, "serve", str(document), "-o", str(tmp_path / "site"), "--port", "0"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=interruptible)
    try:
        line = process.stdout.readline()
        assert " at http://127.0.0.1:" in line, process.stderr.read() if process.poll() is not None else line
        site = line.strip().rsplit(" at ", 1)[1].split(" ", 1)[0]
        assert b"a link" in _fetch(site + "documents/minimal.html")
        _fetch(site + "index.html")
        time.sleep(1.5)  # one round of the watcher
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=10)
    assert requests == []
    assert canary.openings == 0
