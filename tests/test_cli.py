"""The edition command as a user meets it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from edition.cli import cli
from tests.conftest import MEMORANDUM


def test_every_command_explains_itself_with_an_example():
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert top.exit_code == 0
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"'edition {name} --help' shows no example"
        assert name in top.output


def test_convert_to_stdout_and_report(tmp_path):
    report = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["convert", str(MEMORANDUM), "--report", str(report), "--explain"])
    assert result.exit_code == 0, result.output
    assert "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"" in result.stdout
    assert "third-person-narrative" in result.stderr and "Set aside" in result.stderr
    import json
    data = json.loads(report.read_text())
    assert {p["rule"] for p in data["paragraphs"]} >= {"speaker-label", "continues-turn", "boilerplate"}
    assert any(s["text"] == "Record ID" for s in data["set_aside"])


def test_new_project_builds(tmp_path):
    runner = CliRunner()
    folder = tmp_path / "proj"
    assert runner.invoke(cli, ["new", str(folder), "--title", "Test \"edition\""]).exit_code == 0
    assert runner.invoke(cli, ["new", str(folder)]).exit_code == 1  # never overwrites
    result = subprocess.run([str(Path(sys.executable).with_name("edition")), "build", "--no-pdf"], cwd=folder,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not (folder / "output" / "print").exists()
    root = etree.parse(str(folder / "output" / "tei" / "example.xml")).getroot()
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert root.xpath("//t:sp/@who", namespaces=ns) == ["#chairman", "#guest"]
    assert root.xpath("string(//t:closer//t:persName)", namespaces=ns) == "A. Clerk"


def test_build_without_project_says_how_to_start(tmp_path):
    result = subprocess.run([str(Path(sys.executable).with_name("edition")), "build"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "edition new FOLDER" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_failed_build_keeps_previous_output(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    edition = str(Path(sys.executable).with_name("edition"))
    assert subprocess.run([edition, "build", "--no-pdf"], cwd=folder, capture_output=True).returncode == 0
    tei = folder / "output" / "tei" / "example.xml"
    good = tei.read_bytes()
    (folder / "sources" / "example.txt").write_text("Chairman: an (unclosed bracket\n")
    result = subprocess.run([edition, "build", "--no-pdf"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 1
    assert "example.txt:1:14: unbalanced '('" in result.stderr
    assert tei.read_bytes() == good


def test_build_of_this_repository(tmp_path, repo_root):
    """The repository is itself an edition project: build a copy of it."""
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("edition.toml", "sources", "schema"):
        source = repo_root / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, copy / name)
    if (repo_root / "xslt").is_dir():
        shutil.copytree(repo_root / "xslt", copy / "xslt")
    result = subprocess.run([str(Path(sys.executable).with_name("edition")), "build"], cwd=copy,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = copy / "output"
    assert (out / "tei" / "memorandum-1958-10-02.xml").is_file()
    assert (out / "reports" / "memorandum-1958-10-02.json").is_file()
    pdf = out / "print" / "memorandum-1958-10-02.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    page = (out / "html" / "documents" / "memorandum-1958-10-02.html").read_text(encoding="utf-8")
    assert "Czecholsovakia" in page and "memorandum-1958-10-02.zip" in page and ".pdf" in page
    import bagit
    bagit.Bag(str(out / "deposit" / "memorandum-1958-10-02")).validate()
    assert (out / "deposit" / "memorandum-1958-10-02.zip").is_file()


def test_build_stops_before_publishing_invalid_tei(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    edition = str(Path(sys.executable).with_name("edition"))
    assert subprocess.run([edition, "build", "--no-pdf"], cwd=folder, capture_output=True).returncode == 0
    good = (folder / "output" / "tei" / "example.xml").read_bytes()
    meta = folder / "sources" / "example.toml"
    meta.write_text(meta.read_text().replace("https://creativecommons.org/licenses/by/4.0/", "ftp://example.org/l"))
    result = subprocess.run([edition, "build", "--no-pdf"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 1
    rejected = folder / "output" / "rejected" / "example.xml"
    assert f"{rejected}:" in result.stderr and "licence needs @target" in result.stderr
    assert b"ftp://example.org/l" in rejected.read_bytes()
    assert (folder / "output" / "tei" / "example.xml").read_bytes() == good
    # mended, the next build publishes and the rejected copy is gone
    meta.write_text(meta.read_text().replace("ftp://example.org/l", "https://creativecommons.org/licenses/by/4.0/"))
    assert subprocess.run([edition, "build", "--no-pdf"], cwd=folder, capture_output=True).returncode == 0
    assert not (folder / "output" / "rejected").exists()


def test_render_in_a_project_goes_through_convert_and_validate(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    edition = str(Path(sys.executable).with_name("edition"))
    result = subprocess.run([edition, "render"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (folder / "output" / "tei" / "example.xml").is_file()
    page = (folder / "output" / "html" / "documents" / "example.html").read_text(encoding="utf-8")
    assert "A. Clerk" in page
    meta = folder / "sources" / "example.toml"
    meta.write_text(meta.read_text().replace("https://creativecommons.org/licenses/by/4.0/", "ftp://x.org/l"))
    result = subprocess.run([edition, "render"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 1 and "licence needs @target" in result.stderr


def test_convert_strict_fails_where_unsure_who_speaks(tmp_path):
    source = tmp_path / "hearing.txt"
    source.write_text("Smith: One.\n\nJones: Two.\n\nSmith: Three.\n\nJones: Four.\n\nBrown: Five.\n")
    out = tmp_path / "hearing.xml"
    lenient = CliRunner().invoke(cli, ["convert", str(source), "-o", str(out)])
    assert lenient.exit_code == 0 and out.is_file()
    assert f"warning: {source}:9:1: speaker label 'Brown' is seen once" in lenient.output
    out.unlink()
    strict = CliRunner().invoke(cli, ["convert", str(source), "-o", str(out), "--strict"])
    assert strict.exit_code == 1 and not out.exists()
    assert f"edition: strict conversion: 1 doubt(s) about who speaks, the first: {source}:9:1:" in strict.output
    assert "Traceback" not in strict.output


def test_strict_project_build_stops_before_writing(tmp_path):
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    project = folder / "edition.toml"
    project.write_text(project.read_text().replace("[edition]\n", "[edition]\nstrict = true\n", 1))
    edition = str(Path(sys.executable).with_name("edition"))
    assert subprocess.run([edition, "build", "--no-pdf"], cwd=folder, capture_output=True).returncode == 0
    tei = folder / "output" / "tei" / "example.xml"
    good = tei.read_bytes()
    source = folder / "sources" / "example.txt"
    source.write_text(source.read_text() + "\nVisitor: A word, once.\n")
    result = subprocess.run([edition, "build", "--no-pdf"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "strict conversion" in result.stderr and "'Visitor'" in result.stderr
    assert tei.read_bytes() == good
