"""``edition serve`` from the command line: a preview that follows the editor's changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from edition.cli import cli
from tests.interrupt import interruptible


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_when_the_transcript_changes(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    edition = str(Path(sys.executable).with_name("edition"))
    process = subprocess.Popen([edition, "serve", "--port", "0"], cwd=folder, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=interruptible)
    try:
        line = process.stdout.readline()
        assert " at http://127.0.0.1:" in line, process.stderr.read() if process.poll() is not None else line
        url = line.strip().rsplit(" at ", 1)[1].split(" ", 1)[0]
        page = url + "documents/example.html"
        assert "glad to be here" in fetch(page)
        source = folder / "sources" / "example.txt"
        time.sleep(1.1)  # a new modification time, whatever the file system's resolution
        source.write_text(source.read_text().replace("glad to be here", "delighted to be here"))
        deadline = time.monotonic() + 20
        while "delighted to be here" not in fetch(page):
            assert time.monotonic() < deadline, "the preview was not rebuilt"
            time.sleep(0.3)
        # a broken transcript keeps the last good site up
        source.write_text("Chairman: (unclosed\n")
        time.sleep(3)
        assert "delighted to be here" in fetch(page)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=10)


def test_serve_keeps_downloads_renders_the_builds_guidelines_and_reloads_live(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    edition = str(Path(sys.executable).with_name("edition"))
    built = subprocess.run([edition, "build", "--no-pdf"], cwd=folder, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    html = folder / "output" / "html"
    guidelines = (html / "guidelines.html").read_bytes()
    assert (html / "downloads" / "example.zip").is_file()
    process = subprocess.Popen([edition, "serve", "--port", "0"], cwd=folder, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True,
                               preexec_fn=interruptible)
    try:
        line = process.stdout.readline()
        assert " at http://127.0.0.1:" in line, process.stderr.read() if process.poll() is not None else line
        url = line.strip().rsplit(" at ", 1)[1].split(" ", 1)[0]
        # the package the build made is still offered; the guidelines are the build's
        assert (html / "downloads" / "example.zip").is_file()
        assert 'href="../downloads/example.zip"' in fetch(url + "documents/example.html")
        assert (html / "guidelines.html").read_bytes() == guidelines
        # live reload: served pages ask for the site's version, which changes with every rebuild
        assert "/__edition/version" in fetch(url + "documents/example.html")
        assert "/__edition/version" not in (html / "documents" / "example.html").read_text()
        version = fetch(url + "__edition/version")
        source = folder / "sources" / "example.txt"
        time.sleep(1.1)
        source.write_text(source.read_text().replace("glad to be here", "delighted to be here"))
        deadline = time.monotonic() + 20
        while fetch(url + "__edition/version") == version:
            assert time.monotonic() < deadline, "the version did not change"
            time.sleep(0.3)
        assert "delighted to be here" in fetch(url + "documents/example.html")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=10)


def test_serve_binds_its_port_before_it_builds(tmp_path):
    import socket

    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([str(Path(sys.executable).with_name("edition")), "serve", "--port", str(port)],
                                cwd=folder, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "output").exists()  # nothing was built
