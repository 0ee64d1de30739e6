"""Where commands write: never over a user's files or their own input; a write that fails is one line
naming the file."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import cli
from tests.build.test_build import EDITION, UNPRIVILEGED, edition, hashes, one_line_error

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "fixtures" / "render" / "memorandum-sample.xml"
PACKAGE_SAMPLE = REPO / "tests" / "fixtures" / "package" / "with-doi.xml"
TRANSCRIPT = "Chairman: Welcome to our guests.\n\nGuest: Thank you.\n"


# --------------------------------------------------------------------------- render -o, serve -o

@pytest.fixture()
def user_folder(tmp_path) -> Path:
    """A folder of the user's with a file in it."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.txt").write_text("years of work")
    shutil.copy(SAMPLE, folder / "sample.xml")
    return folder


@pytest.mark.parametrize("where", ["inside", "itself", "parent"])
def test_render_never_empties_a_folder_it_did_not_make(user_folder, where):
    target = {"inside": user_folder, "itself": Path("."), "parent": Path("..")}[where]
    cwd = user_folder if where != "inside" else user_folder.parent
    before = hashes(user_folder.parent)
    message = one_line_error(edition("render", str(user_folder / "sample.xml"), "-o", str(target), cwd=cwd))
    assert "not made by edition" in message or "working folder" in message
    assert hashes(user_folder.parent) == before


def test_render_replaces_its_own_site_but_not_a_file_added_to_it(tmp_path):
    site = tmp_path / "site"
    assert edition("render", str(SAMPLE), "-o", str(site), cwd=tmp_path).returncode == 0
    assert (site / ".edition-site").is_file()
    assert edition("render", str(SAMPLE), "-o", str(site), cwd=tmp_path).returncode == 0  # its own: replaced
    (site / "CNAME").write_text("edition.example.org\n")
    message = one_line_error(edition("render", str(SAMPLE), "-o", str(site), cwd=tmp_path))
    assert f"{site / 'CNAME'}" in message
    assert (site / "CNAME").is_file() and (site / "index.html").is_file()


def test_serve_never_empties_a_folder_it_did_not_make(user_folder):
    before = hashes(user_folder)
    result = edition("serve", str(user_folder / "sample.xml"), "-o", str(user_folder), "--port", "0",
                     cwd=user_folder.parent, timeout=60)
    assert "not made by edition" in one_line_error(result)
    assert hashes(user_folder) == before


def test_package_never_replaces_a_folder_named_like_the_document(tmp_path):
    out = tmp_path / "deposit"
    mine = out / "letter-1959-01-05"  # the document's id: where its bag would go
    (mine / "data").mkdir(parents=True)
    (mine / "data" / "notes.txt").write_text("mine")
    message = one_line_error(edition("package", str(PACKAGE_SAMPLE), "--out-dir", str(out), cwd=tmp_path))
    assert str(mine) in message and "not made by edition" in message
    assert (mine / "data" / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["letter-1959-01-05"]
    shutil.rmtree(mine)
    assert edition("package", str(PACKAGE_SAMPLE), "--out-dir", str(out), cwd=tmp_path).returncode == 0
    assert edition("package", str(PACKAGE_SAMPLE), "--out-dir", str(out), cwd=tmp_path).returncode == 0  # its own


def test_new_never_replaces_a_file_of_the_same_name(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "example.txt").write_text("my own transcript")
    message = one_line_error(edition("new", str(tmp_path), cwd=tmp_path))
    assert "sources/example.txt" in message
    assert (tmp_path / "sources" / "example.txt").read_text() == "my own transcript"
    assert not (tmp_path / "edition.toml").exists()


# --------------------------------------------------------------------------- an output that is the input

@pytest.mark.parametrize("link", ["same", "symlink", "hardlink"])
def test_convert_refuses_to_write_over_its_input(tmp_path, link):
    source = tmp_path / "t.txt"
    source.write_text(TRANSCRIPT)
    output = {"same": source, "symlink": tmp_path / "link.xml", "hardlink": tmp_path / "hard.xml"}[link]
    if link == "symlink":
        output.symlink_to(source)
    elif link == "hardlink":
        os.link(source, output)
    message = one_line_error(edition("convert", "t.txt", "-o", str(output), cwd=tmp_path))
    assert "the output is the input" in message
    assert source.read_text() == TRANSCRIPT


def test_convert_refuses_to_write_its_report_over_the_editorial_file(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text(TRANSCRIPT)
    (tmp_path / "t.toml").write_text('id = "t"\n')
    message = one_line_error(edition("convert", "t.txt", "--report", "t.toml", "-o", "t.xml", cwd=tmp_path))
    assert "the output is the input" in message and "t.toml" in message
    assert (tmp_path / "t.toml").read_text() == 'id = "t"\n' and not (tmp_path / "t.xml").exists()


@pytest.mark.parametrize("link", ["same", "hardlink"])
def test_print_refuses_to_write_over_its_input(tmp_path, link):
    tei = tmp_path / "d.xml"
    shutil.copy(SAMPLE, tei)
    output = tei if link == "same" else tmp_path / "d.pdf"
    if link == "hardlink":
        os.link(tei, output)
    message = one_line_error(edition("print", "d.xml", "-o", str(output), cwd=tmp_path))
    assert "the output is the input" in message
    assert tei.read_bytes() == SAMPLE.read_bytes()


# --------------------------------------------------------------------------- errors a user can fix

def test_a_symlink_loop_as_source_is_one_line(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    loop = folder / "sources" / "loop.txt"
    loop.symlink_to(loop)
    project_file = folder / "edition.toml"
    project_file.write_text(project_file.read_text().replace("sources/example.txt", "sources/loop.txt"))
    message = one_line_error(edition("build", "--no-pdf", cwd=folder))
    assert "loop.txt" in message and "link loop" in message
    assert "symbolic links" in one_line_error(edition("convert", str(loop), cwd=folder))


def test_a_symlink_loop_as_output_is_one_line(tmp_path):
    loop = tmp_path / "site"
    loop.symlink_to(loop)
    message = one_line_error(edition("render", str(SAMPLE), "-o", str(loop), cwd=tmp_path))
    assert "site" in message and "link loop" in message


@pytest.mark.skipif(os.geteuid() == 0 and not UNPRIVILEGED, reason="running as root without setpriv")
def test_a_read_only_folder_is_one_line_naming_the_file(tmp_path):
    (tmp_path / "t.txt").write_text(TRANSCRIPT)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        message = one_line_error(edition("convert", "t.txt", "-o", "locked/t.xml", cwd=tmp_path,
                                         prefix=UNPRIVILEGED))
        site_message = one_line_error(edition("render", str(SAMPLE), "-o", "locked/site", cwd=tmp_path,
                                              prefix=UNPRIVILEGED))
    finally:
        locked.chmod(0o755)
    assert "locked/t.xml" in message and "permission denied" in message.lower()
    assert "locked" in site_message and "permission denied" in site_message.lower()
    assert list(locked.iterdir()) == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EPERM, errno.EROFS])
def test_a_failed_write_is_one_line_naming_the_file(tmp_path, monkeypatch, code):
    from edition import fsio

    def failing(handle, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fsio, "_write", failing)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text(TRANSCRIPT)
    (tmp_path / "t.xml").write_text("the previous output")
    result = CliRunner().invoke(cli, ["convert", "t.txt", "-o", "t.xml"])
    assert result.exit_code == 1, result.output
    assert f"t.xml: {os.strerror(code)}" in result.stderr and "internal error" not in result.stderr
    assert (tmp_path / "t.xml").read_text() == "the previous output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.txt", "t.xml"]  # no temporary file left


def _tiny_tmpfs() -> bool:
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True) if shutil.which("unshare") else None
    return probe is not None and probe.returncode == 0


@pytest.mark.skipif(not _tiny_tmpfs(), reason="cannot mount a small file system here")
def test_a_full_disk_is_one_line_naming_the_file(tmp_path):
    (tmp_path / "t.txt").write_text(TRANSCRIPT * 2000)
    script = f"mount -t tmpfs -o size=64k tmpfs /mnt && cd {tmp_path} && {EDITION} " \
             "convert t.txt -o /mnt/t.xml; echo rc=$?; ls -a /mnt"
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    assert "rc=1" in result.stdout, result.stderr
    assert result.stderr.strip() == f"edition: /mnt/t.xml: {os.strerror(errno.ENOSPC)}; the disk is full: " \
                                    "free some space and try again"
    assert result.stdout.split()[1:] == [".", ".."]  # no half-written file, no temporary file


@pytest.mark.skipif(not _tiny_tmpfs(), reason="cannot mount a small file system here")
def test_an_output_folder_that_is_a_mount_point_is_refused_before_the_build(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    (folder / "output").mkdir()
    script = f"mount -t tmpfs -o size=1m tmpfs {folder / 'output'} && cd {folder} && {EDITION} build --no-pdf"
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=60)
    assert "is a mount point" in one_line_error(result) and "converted" not in result.stderr


def test_dev_zero_as_a_source_is_refused_at_once(tmp_path):
    result = edition("convert", "/dev/zero", cwd=tmp_path, timeout=30)
    assert "binary file" in one_line_error(result)
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    project_file = folder / "edition.toml"
    project_file.write_text(project_file.read_text().replace("sources/example.txt", "/dev/zero"))
    assert "source is not a file: /dev/zero" in one_line_error(edition("build", cwd=folder, timeout=30))


def test_a_source_that_never_ends_is_refused_while_reading(tmp_path):
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)
    code = ("import edition.convert.source as s, sys\ns.MAX_BYTES = 1 << 20\n"
            "try:\n    s.read_source(sys.argv[1])\nexcept s.SourceError as e:\n    print(e.format_message())\n")
    stop = threading.Event()

    def feed() -> None:
        try:
            with open(fifo, "w") as handle:
                while not stop.is_set():
                    handle.write("Chairman: and so on.\n\n" * 1000)
        except (BrokenPipeError, OSError):
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        result = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=30)
    finally:
        stop.set()
    assert "file too large (more than 1048576 bytes)" in result.stdout, result.stderr
