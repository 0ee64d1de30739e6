"""``edition serve``: every rebuild reads the project again, a failed rebuild never stops the watcher, and
odd requests are answered without a traceback."""

from __future__ import annotations

import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import cli
from edition.publish.html.serve import PreviewServer, Watcher
from tests.interrupt import interruptible

EDITION = str(Path(sys.executable).with_name("edition"))


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.3)


def test_serve_reads_the_project_file_again_on_every_rebuild(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder), "--title", "First title"])
    process = subprocess.Popen([EDITION, "serve", "--port", "0"], cwd=folder, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=interruptible)
    try:
        line = process.stdout.readline()
        assert " at http://127.0.0.1:" in line, process.stderr.read() if process.poll() is not None else line
        url = line.strip().rsplit(" at ", 1)[1].split(" ", 1)[0]
        assert "First title" in fetch(url)
        time.sleep(1.1)  # a new modification time, whatever the file system's resolution
        project_file = folder / "edition.toml"
        sources = folder / "sources"
        (sources / "second.txt").write_text("Chairman: A second meeting.\n\nGuest: Indeed.\n")
        project_file.write_text(project_file.read_text().replace("First title", "Second title")
                                + '\n[[document]]\nsource = "sources/second.txt"\n')
        wait_for(lambda: "Second title" in fetch(url), "the new title of the project file was not used")
        assert "A second meeting" in fetch(url + "documents/second.html")
        time.sleep(1.1)
        (sources / "second.txt").write_text("Chairman: A third meeting.\n\nGuest: Indeed.\n")  # newly watched
        wait_for(lambda: "A third meeting" in fetch(url + "documents/second.html"), "the new document is not watched")
        time.sleep(1.1)
        (sources / "second.toml").write_text('id = "renamed"\n')
        wait_for(lambda: "renamed.html" in fetch(url), "a new editorial file is not read")
        assert "A third meeting" in fetch(url + "documents/renamed.html")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=10)
    assert "Traceback" not in process.stderr.read()


def test_the_watcher_survives_any_failure_of_a_rebuild(tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text("one")
    calls: list[str] = []
    messages: list[str] = []

    def rebuild() -> None:
        calls.append(source.read_text())
        if len(calls) == 1:
            raise KeyError("an unexpected failure")

    watcher = Watcher([source], rebuild, messages.append, interval=0.05)
    thread = watcher.start()
    try:
        source.write_text("two")
        os.utime(source, ns=(1, 1))
        wait_for(lambda: len(calls) == 1, "no rebuild", 10)
        time.sleep(0.2)
        source.write_text("three")
        os.utime(source, ns=(2, 2))
        wait_for(lambda: len(calls) == 2, "the watcher stopped after a failed rebuild", 10)
        assert thread.is_alive() and watcher.builds == 1
    finally:
        watcher.stop()
    assert any("rebuild failed" in m and "KeyError" in m for m in messages), messages


@pytest.fixture()
def server(tmp_path, request):
    site = tmp_path / "site"
    (site / "documents").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>")
    (site / "big.bin").write_bytes(b"x" * (32 << 20))
    preview = PreviewServer(site, 0, **getattr(request, "param", {}))
    preview.start()
    yield preview
    preview.stop()


def test_odd_requests_get_an_answer_and_no_traceback(server, capfd):
    for path in ("%00", "index.html%00.txt", "documents/", "documents"):
        with pytest.raises(urllib.error.HTTPError) as answer:
            fetch(server.url + path)
        assert answer.value.code == 404, path
        assert "Directory listing" not in answer.value.read().decode()
    assert "home" in fetch(server.url)
    # a client that goes away in the middle of a download
    for _ in range(3):
        client = socket.create_connection(("127.0.0.1", server.port))
        client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        client.recv(1024)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
    time.sleep(1)
    assert "home" in fetch(server.url)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err


@pytest.mark.parametrize("server", [{"timeout": 1}], indirect=True)
def test_an_idle_connection_is_closed(server):
    client = socket.create_connection(("127.0.0.1", server.port))
    client.settimeout(10)
    start = time.monotonic()
    try:
        assert client.recv(1024) == b""  # the server closed the silent connection
    finally:
        client.close()
    assert time.monotonic() - start < 5
    assert "home" in fetch(server.url)


def test_a_rebuild_makes_again_only_what_an_edit_reaches_and_gives_the_site_a_full_render_gives(tmp_path, monkeypatch):
    from edition.cli import _site_options
    from edition.project import load_project
    from edition.publish.html.serve import PreviewSite
    from edition.publish.html.site import render_site
    from edition.build.tasks import SITE_PARTS

    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder), "--title", "Preview"])
    sources = folder / "sources"
    (sources / "second.txt").write_text("Chairman: A second meeting.\n\nGuest: Indeed.\n")
    project_file = folder / "edition.toml"
    project_file.write_text(project_file.read_text() + '\n[[document]]\nsource = "sources/second.txt"\n')
    monkeypatch.chdir(folder)

    def rebuild(preview):
        project = load_project(project_file)
        preview.rebuild([spec.source for spec in project.documents], project,
                        lambda tei: _site_options(project, project.title, project.base_url, tei))
        return project

    project = load_project(project_file)
    preview = PreviewSite(project.output_dir / "html", project.output_dir / SITE_PARTS)
    rebuild(preview)
    tei = [project.tei_dir / f"{made['id']}.xml" for made in preview.known.values()]  # in the project's order
    assert len(tei) == 2 and tei[1].name == "second.xml"
    other, other_key = tei[0], project.output_dir / SITE_PARTS / tei[0].stem / "key"
    before = (other.stat().st_ino, other.stat().st_mtime_ns, other_key.stat().st_ino)

    time.sleep(1.1)
    (sources / "second.txt").write_text("Chairman: A third meeting.\n\nGuest: Indeed.\n")
    rebuild(preview)
    site = project.output_dir / "html"
    assert "A third meeting" in (site / "documents" / "second.html").read_text()
    assert "A third meeting" in (site / "assets" / "search-index.js").read_text()
    assert "A second meeting" not in (site / "assets" / "search-index.js").read_text()
    # the document that did not change was neither converted nor rendered again
    assert (other.stat().st_ino, other.stat().st_mtime_ns, other_key.stat().st_ino) == before
    # and the site is the one a render of every document from scratch makes
    fresh = tmp_path / "fresh"
    render_site(tei, fresh, **_site_options(project, project.title, project.base_url, tei))
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    for name in files:
        assert (site / name).read_bytes() == (fresh / name).read_bytes(), name
