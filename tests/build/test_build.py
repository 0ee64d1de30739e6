"""``edition build`` as one transaction: the old output stays whole when anything fails, leftovers of an
interrupted build go, two builds never mix, and only folders edition made are ever replaced."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import cli
from tests.interrupt import interruptible

EDITION = str(Path(sys.executable).with_name("edition"))
#: Run as root, a process ignores file permissions: this runs a command without that privilege.
UNPRIVILEGED = (["setpriv", "--securebits", "+noroot,+noroot_locked", "--bounding-set", "-all",
                 "--inh-caps", "-all"] if os.geteuid() == 0 and shutil.which("setpriv") else [])


def edition(*args, cwd, prefix=(), **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, EDITION, *args], cwd=cwd, capture_output=True, text=True, **kwargs)


def hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by its relative path, with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("warning:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A new project, built once without the print edition (copied by each test)."""
    folder = tmp_path_factory.mktemp("built") / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    assert edition("build", "--no-pdf", cwd=folder).returncode == 0
    return folder


@pytest.fixture()
def project(built, tmp_path) -> Path:
    folder = tmp_path / "proj"
    shutil.copytree(built, folder, symlinks=True)
    return folder


def edit(project: Path, old: str, new: str) -> None:
    source = project / "sources" / "example.txt"
    source.write_text(source.read_text().replace(old, new))


# --------------------------------------------------------------------------- the old output stays whole

def test_build_killed_midway_leaves_the_old_output_whole_and_the_next_build_cleans_up(project):
    before = hashes(project / "output")
    edit(project, "glad to be here", "delighted to be here")
    process = subprocess.Popen([EDITION, "build", "--no-pdf"], cwd=project, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:
            if line.startswith("converted "):  # the TEI is written; the site is not yet rendered
                process.send_signal(signal.SIGKILL)
                break
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert hashes(project / "output") == before
    assert edition("build", "--no-pdf", cwd=project).returncode == 0
    assert "delighted to be here" in (project / "output" / "tei" / "example.xml").read_text()
    leftovers = [p for p in project.rglob("*") if re.search(r"\.(build|old)-|\.tmp$", p.name)]
    assert leftovers == []


def test_ctrl_c_midway_leaves_the_old_output_whole_and_nothing_behind(project):
    before = hashes(project / "output")
    edit(project, "glad to be here", "delighted to be here")
    process = subprocess.Popen([EDITION, "build", "--no-pdf"], cwd=project, stderr=subprocess.PIPE, text=True,
                               preexec_fn=interruptible)
    try:
        for line in process.stderr:
            if line.startswith("converted "):
                process.send_signal(signal.SIGINT)
                break
        rest = process.stderr.read()
    finally:
        process.wait(timeout=30)
    assert process.returncode == 130 and "edition: interrupted" in rest, rest
    assert hashes(project / "output") == before
    assert [p for p in project.rglob("*") if re.search(r"\.(build|old)-|\.tmp$", p.name)] == []


def test_leftovers_of_an_interrupted_build_are_removed_by_the_next(project):
    out = project / "output"
    planted = [out / ".html.build-x7k2" / "index.html", out / ".html.old-3f9a" / "index.html",
               out / "deposit" / ".example.q1w2.tmp" / "bagit.txt", out / "tei" / ".example.xml.a1b2.tmp",
               project / ".output.build-999999999-ab12" / "tei" / "example.xml"]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("left by an interrupted build")
    assert edition("build", "--no-pdf", cwd=project).returncode == 0
    assert [p for p in planted if p.exists()] == []
    assert (out / "html" / "index.html").is_file()


def test_a_build_that_fails_in_a_later_stage_keeps_the_old_output_whole(project, monkeypatch):
    from edition.publish.html import site
    from edition.errors import RenderError
    from edition.project import load_project

    before = hashes(project / "output")
    edit(project, "glad to be here", "delighted to be here")

    def broken(*args, **kwargs):
        raise RenderError("the stylesheet failed")

    monkeypatch.setattr(site, "publish_site", broken)  # the listing pass, the last stage
    from edition.build.run import build
    with pytest.raises(RenderError):
        build(load_project(project / "edition.toml"), pdf=False)
    assert hashes(project / "output") == before
    assert [p.name for p in project.iterdir() if ".build-" in p.name] == []


def test_a_full_disk_during_a_build_names_the_file_and_keeps_the_old_output_whole(project, monkeypatch):
    import errno

    from edition import fsio

    def full(handle, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = hashes(project / "output")
    edit(project, "glad to be here", "delighted to be here")
    monkeypatch.setattr(fsio, "_write", full)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["build", "--no-pdf"])
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == (f"edition: {project / 'output' / 'tei' / 'example.xml'}: No space left "
                                              "on device; the disk is full: free some space and try again")
    assert hashes(project / "output") == before
    assert [p.name for p in project.iterdir() if ".build-" in p.name] == []


def test_a_build_that_fails_on_a_bad_document_keeps_the_old_output_whole(project):
    before = hashes(project / "output")
    (project / "sources" / "example.txt").write_text("Chairman: an (unclosed bracket\n")
    assert "example.txt:1:14" in one_line_error(edition("build", "--no-pdf", cwd=project))
    assert hashes(project / "output") == before


@pytest.mark.skipif(os.geteuid() == 0 and not UNPRIVILEGED, reason="running as root without setpriv")
def test_a_read_only_output_folder_is_refused_and_kept_whole(project):
    out = project / "output"
    before = hashes(out)
    edit(project, "glad to be here", "delighted to be here")
    folders = [out, *(p for p in out.rglob("*") if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        message = one_line_error(edition("build", "--no-pdf", cwd=project, prefix=UNPRIVILEGED))
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert "read-only" in message and str(out) in message
    assert hashes(out) == before


def test_a_second_build_waits_for_the_first(project):
    from edition.fsio import output_lock

    before = hashes(project / "output")
    edit(project, "glad to be here", "delighted to be here")
    with output_lock(project / "output"):  # as a first build holds it
        process = subprocess.Popen([EDITION, "build", "--no-pdf"], cwd=project, stderr=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, text=True)
        first = process.stderr.readline()
        assert "waiting" in first, first
        assert hashes(project / "output") == before
    rest = process.stderr.read()
    assert process.wait(timeout=60) == 0, rest
    assert "delighted to be here" in (project / "output" / "tei" / "example.xml").read_text()


def test_a_package_holds_only_the_pdf_of_the_text_it_describes(project):
    assert edition("build", cwd=project).returncode == 0  # with the print edition
    archive = project / "output" / "deposit" / "example.zip"
    assert "example/data/print/example.pdf" in zipfile.ZipFile(archive).namelist()
    assert edition("build", "--no-pdf", cwd=project).returncode == 0  # same text: the PDF is kept
    assert "example/data/print/example.pdf" in zipfile.ZipFile(archive).namelist()
    edit(project, "glad to be here", "delighted to be here")
    result = edition("build", "--no-pdf", cwd=project)
    assert result.returncode == 0 and "printed from an earlier text" in result.stderr
    names = zipfile.ZipFile(archive).namelist()
    assert not [name for name in names if name.endswith(".pdf")], names
    page = (project / "output" / "html" / "documents" / "example.html").read_text()
    assert "example.pdf" not in page and "delighted to be here" in page


# --------------------------------------------------------------------------- which folders a build writes

def test_every_id_clash_is_found_before_anything_is_written(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    sources = folder / "sources"
    for name in ("second", "third"):
        shutil.copy(sources / "example.txt", sources / f"{name}.txt")
        shutil.copy(sources / "example.toml", sources / f"{name}.toml")  # id = "example" as well
    project_file = folder / "edition.toml"
    project_file.write_text(project_file.read_text() + '\n[[document]]\nsource = "sources/second.txt"\n'
                            '\n[[document]]\nsource = "sources/third.txt"\n')
    message = one_line_error(edition("build", "--no-pdf", cwd=folder))
    assert "sources/second.txt and sources/example.txt" in message
    assert "sources/third.txt and sources/example.txt" in message
    assert not (folder / "output").exists()


def test_an_output_folder_outside_the_project_works(built, tmp_path):
    folder = tmp_path / "proj"
    shutil.copytree(built, folder)
    shutil.rmtree(folder / "output")
    project_file = folder / "edition.toml"
    project_file.write_text(project_file.read_text().replace('output = "output"', 'output = "../out"'))
    result = edition("build", "--no-pdf", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert f"into {tmp_path / 'out'}/" in result.stdout
    assert (tmp_path / "out" / "tei" / "example.xml").is_file()
    assert (tmp_path / "out" / "html" / "documents" / "example.html").is_file()
    assert zipfile.ZipFile(tmp_path / "out" / "deposit" / "example.zip").testzip() is None


@pytest.mark.parametrize("output", [".", "..", "sources", "notes"])
def test_build_never_replaces_a_folder_edition_did_not_make(built, tmp_path, output):
    folder = tmp_path / "proj"
    shutil.copytree(built, folder)
    (folder / "notes").mkdir()
    (folder / "notes" / "mine.txt").write_text("the editor's own notes")
    (tmp_path / "beside.txt").write_text("a file beside the project")
    project_file = folder / "edition.toml"
    project_file.write_text(project_file.read_text().replace('output = "output"', f'output = "{output}"'))
    before = hashes(tmp_path)
    message = one_line_error(edition("build", "--no-pdf", cwd=folder))
    assert "edition.toml" in message or "not made by edition" in message
    assert hashes(tmp_path) == before


def test_build_never_loses_a_file_put_into_the_output_folder(project):
    (project / "output" / "CNAME").write_text("edition.example.org\n")
    message = one_line_error(edition("build", "--no-pdf", cwd=project))
    assert "output/CNAME" in message and "move it out" in message
    assert (project / "output" / "CNAME").read_text() == "edition.example.org\n"


def test_the_screenshots_of_the_site_are_kept_by_the_next_build(project):
    """output/screenshots (the browser tests' pictures of the site) is not the build's: a build keeps it."""
    shots = project / "output" / "screenshots"
    shots.mkdir()
    (shots / "document-desktop.png").write_bytes(b"\x89PNG picture")
    edit(project, "Welcome", "Welcome again")
    assert edition("build", "--no-pdf", cwd=project).returncode == 0
    assert (shots / "document-desktop.png").read_bytes() == b"\x89PNG picture"


def test_output_that_is_a_file_is_refused(project):
    project_file = project / "edition.toml"
    project_file.write_text(project_file.read_text().replace('output = "output"', 'output = "sources/example.txt"'))
    before = hashes(project)
    message = one_line_error(edition("build", "--no-pdf", cwd=project))
    assert "sources/example.txt" in message and ("is a file" in message or "inside the output" in message)
    assert hashes(project) == before
