"""Incremental builds: a build reuses what did not change, does nothing when nothing changed, and its
output is byte for byte the output of a full build of the same sources."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.publish.html.listing import STATE_NAME
from tests.conftest import MEMORANDUM, MEMORANDUM_META, REGISTER

EDITION = str(Path(sys.executable).with_name("edition"))


def make_project(folder: Path, count: int = 3) -> Path:
    """``count`` variants of the memorandum (no two alike), each with its editorial file, and the register."""
    (folder / "sources").mkdir(parents=True)
    shutil.copy(REGISTER, folder / "sources" / "register.toml")
    text, meta = MEMORANDUM.read_text(encoding="utf-8"), MEMORANDUM_META.read_text(encoding="utf-8")
    lines = ['[edition]\ntitle = "Corpus"\noutput = "output"\nregister = "sources/register.toml"\n']
    for number in range(count):
        name = f"memo-{number}"
        (folder / "sources" / f"{name}.txt").write_text(
            text.replace("Recorded by Vl. Rogov.", f"This is copy {number}.\n\n\nRecorded by Vl. Rogov."),
            encoding="utf-8")
        (folder / "sources" / f"{name}.toml").write_text(
            meta.replace('id = "memorandum-1958-10-02"', f'id = "{name}"'), encoding="utf-8")
        lines.append(f'\n[[document]]\nsource = "sources/{name}.txt"\n')
    (folder / "edition.toml").write_text("".join(lines), encoding="utf-8")
    return folder


def build(folder: Path, *args: str) -> dict:
    done = subprocess.run([EDITION, "build", "--no-pdf", "--json", *args], cwd=folder, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    summary["stderr"] = done.stderr
    return summary


def hashes(folder: Path) -> dict[str, str]:
    """Every file of the output by its hash, but the listing pass's state (a database whose layout on
    disk follows its history; what it holds is checked by the listing pages it gives)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != STATE_NAME}


def full_build_of(project: Path, tmp_path: Path) -> dict[str, str]:
    """The output of a build from nothing of the project's sources as they are now."""
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("output", ".output.lock", ".output.spare"))
    summary = build(fresh, "--jobs", "1")
    assert summary["unchanged"] == 0
    return hashes(fresh / "output")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("corpus") / "proj")
    summary = build(folder, "--jobs", "1")
    assert (summary["built"], summary["unchanged"]) == (3, 0)
    return folder


@pytest.fixture()
def project(built, tmp_path) -> Path:
    folder = tmp_path / "proj"
    shutil.copytree(built, folder, symlinks=True)
    return folder


def test_a_build_with_nothing_changed_does_nothing_and_says_so(project):
    before = {p: p.stat().st_mtime_ns for p in (project / "output").rglob("*")}
    summary = build(project)
    assert summary["up_to_date"] and summary["unchanged"] == 3 and summary["built"] == 0
    assert {p: p.stat().st_mtime_ns for p in (project / "output").rglob("*")} == before


def test_a_changed_transcript_rebuilds_that_document_only_and_matches_a_full_build(project, tmp_path):
    source = project / "sources" / "memo-1.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("copy 1.", "copy one."), encoding="utf-8")
    old = hashes(project / "output")
    summary = build(project)
    assert (summary["built"], summary["unchanged"]) == (1, 2)
    new = hashes(project / "output")
    changed = {name for name in new if old.get(name) != new[name]}
    # the document's own outputs and the pages that list it; the other documents' files untouched
    assert "tei/memo-1.xml" in changed and "deposit/memo-1.zip" in changed
    assert "html/assets/search-index.js" in changed  # the search index holds its text
    assert not [name for name in changed if "memo-0" in name or "memo-2" in name]
    assert "one." in (project / "output" / "tei" / "memo-1.xml").read_text(encoding="utf-8")
    assert new == full_build_of(project, tmp_path)


def test_a_name_taken_out_of_a_transcript_makes_again_only_the_listing_pages_it_reaches(project, tmp_path):
    html = project / "output" / "html"
    listing_pages = [*html.glob("*.html"), *(html / "assets").glob("search-index*.js")]
    inodes = {p.relative_to(html).as_posix(): p.stat().st_ino for p in listing_pages}
    source = project / "sources" / "memo-1.txt"
    text = source.read_text(encoding="utf-8")
    assert "At first K. Marx did not" in text
    source.write_text(text.replace("At first K. Marx did not", "At first he did not"), encoding="utf-8")
    summary = build(project, "-v")
    assert (summary["built"], summary["unchanged"]) == (1, 2)
    made = {name for name, inode in inodes.items() if (html / name).stat().st_ino != inode}
    # the index that named Marx, the guidelines (they count persName), the search index (the words
    # changed); the other indexes, home, about and search page are hard links of the previous build's
    assert made == {"persons.html", "guidelines.html", "assets/search-index.js"}
    assert "listing pages: 3 made, 5 unchanged; 1 digest(s) read" in summary["stderr"]
    assert "memo-1.html#p-73" not in (html / "persons.html").read_text(encoding="utf-8")
    assert hashes(project / "output") == full_build_of(project, tmp_path)


def test_a_changed_editorial_file_rebuilds_that_document(project, tmp_path):
    meta = project / "sources" / "memo-2.toml"
    meta.write_text(meta.read_text(encoding="utf-8").replace('date = "2026"', 'date = "2027"'), encoding="utf-8")
    summary = build(project)
    assert (summary["built"], summary["unchanged"]) == (1, 2)
    assert hashes(project / "output") == full_build_of(project, tmp_path)


def test_a_changed_register_converts_every_document_again(project, tmp_path):
    register = project / "sources" / "register.toml"
    register.write_text(register.read_text(encoding="utf-8").replace(
        "Chairman of the Chinese Communist Party", "Chairman of the Communist Party of China"), encoding="utf-8")
    summary = build(project)
    assert (summary["built"], summary["unchanged"]) == (3, 0)
    assert "Communist Party of China" in (project / "output" / "tei" / "memo-0.xml").read_text(encoding="utf-8")
    assert not (project / ".output.spare").exists()  # the old output shares no file with it: removed
    assert hashes(project / "output") == full_build_of(project, tmp_path)


def _change(project: Path, name: str, old: str, new: str) -> None:
    source = project / "sources" / name
    source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_build_takes_the_unchanged_folders_from_the_output_it_replaced_and_matches_a_full_build(project, tmp_path):
    _change(project, "memo-1.txt", "copy 1.", "copy one.")
    build(project)
    spare = project / ".output.spare"  # the output that build replaced: the first one
    assert "copy 1." in (spare / "tei" / "memo-1.xml").read_text(encoding="utf-8")
    folders = {name: (spare / name).stat().st_ino for name in ("deposit/memo-0", ".site/memo-0", "deposit/memo-2")}
    _change(project, "memo-1.txt", "copy one.", "copy uno.")
    summary = build(project)
    assert (summary["built"], summary["unchanged"]) == (1, 2)
    # the unchanged documents' folders are the spare's, moved: not made again file by file
    assert {name: (project / "output" / name).stat().st_ino for name in folders} == folders
    assert "copy one." in (spare / "tei" / "memo-1.xml").read_text(encoding="utf-8")  # now the second output
    assert hashes(project / "output") == full_build_of(project, tmp_path)


def test_a_folder_of_the_spare_that_is_not_the_outputs_own_is_not_taken(project, tmp_path):
    _change(project, "memo-1.txt", "copy 1.", "copy one.")
    build(project)
    spare = project / ".output.spare"
    bagit = spare / "deposit" / "memo-0" / "bagit.txt"
    kept = (project / "output" / "deposit" / "memo-0" / "bagit.txt").read_bytes()
    bagit.unlink()
    bagit.write_bytes(kept.replace(b"1.0", b"9.9"))  # a file of its own, no longer the output's
    (spare / ".site" / "memo-2" / "extra.txt").write_text("not the output's", encoding="utf-8")
    # in the folders the build mends from the spare: a TEI file and a page of their own, a file more
    for name in ("tei/memo-0.xml", "html/documents/memo-2.html"):
        text = (spare / name).read_text(encoding="utf-8")
        (spare / name).unlink()
        (spare / name).write_text(text.replace("Mao", "Someone"), encoding="utf-8")
    (spare / "html" / "documents" / "stray.html").write_text("<p>stray</p>", encoding="utf-8")
    _change(project, "memo-1.txt", "copy one.", "copy uno.")
    build(project)
    out = project / "output"
    assert (out / "deposit" / "memo-0" / "bagit.txt").read_bytes() == kept
    assert not (out / ".site" / "memo-2" / "extra.txt").exists()
    assert not (out / "html" / "documents" / "stray.html").exists()
    assert "Mao" in (out / "tei" / "memo-0.xml").read_text(encoding="utf-8")
    assert hashes(out) == full_build_of(project, tmp_path)


def test_a_folder_at_the_spares_name_that_edition_did_not_make_is_neither_removed_nor_taken(project, tmp_path):
    """Something of the user's at ``.output.spare`` (a folder without the output marker, a file) stays
    as it is through builds, and nothing of it reaches the output."""
    spare = project / ".output.spare"
    if spare.exists():
        shutil.rmtree(spare)
    theirs = spare / "deposit" / "memo-0"
    shutil.copytree(project / "output" / "deposit" / "memo-0", theirs)   # looks like a bag, is the user's
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    before = hashes(spare)
    for old, new in (("copy 1.", "copy one."), ("copy one.", "copy uno.")):
        _change(project, "memo-1.txt", old, new)
        build(project)
        assert hashes(spare) == before
    assert not (project / "output" / "deposit" / "memo-0" / "notes.txt").exists()
    assert hashes(project / "output") == full_build_of(project, tmp_path)
    shutil.rmtree(spare)
    spare.write_text("a file of the user's", encoding="utf-8")
    _change(project, "memo-1.txt", "copy uno.", "copy one.")
    build(project)
    assert spare.read_text(encoding="utf-8") == "a file of the user's"


def test_a_removed_output_file_is_made_again(project):
    (project / "output" / "deposit" / "memo-0.zip").unlink()
    summary = build(project)
    assert not summary["up_to_date"]
    assert (project / "output" / "deposit" / "memo-0.zip").is_file()


def test_warnings_that_repeat_across_documents_are_counted(project):
    (project / "output" / ".edition-manifest.json").unlink()  # build everything again
    summary = build(project)
    lines = [line for line in summary["stderr"].splitlines() if "Efremeov" in line]
    assert len(lines) == 1, summary["stderr"]
    assert "… and the same in 2 more place(s)" in summary["stderr"]
    assert summary["warnings"]["speaker label 'Cde. Efremeov' read as 'Cde. Efremov' (a slip)"] == 3
    (project / "output" / ".edition-manifest.json").unlink()
    verbose = subprocess.run([EDITION, "build", "--no-pdf", "-v"], cwd=project, capture_output=True, text=True)
    assert verbose.returncode == 0 and verbose.stdout == "built 3 document(s) into output/\n"
    assert len([line for line in verbose.stderr.splitlines() if "Efremeov" in line]) == 3
    assert "converted sources/memo-2.txt → output/tei/memo-2.xml" in verbose.stderr
    quiet = subprocess.run([EDITION, "build", "--no-pdf", "-q"], cwd=project, capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stderr == "" and "nothing to do" in quiet.stdout


def test_the_manifest_records_what_each_output_was_made_from(built):
    data = json.loads((built / "output" / ".edition-manifest.json").read_text(encoding="utf-8"))
    record = data["documents"][0]
    assert record["source"] == "sources/memo-0.txt" and record["id"] == "memo-0"
    assert record["tei"] == hashlib.sha256((built / "output" / "tei" / "memo-0.xml").read_bytes()).hexdigest()
    assert len(record["key"]) == len(record["package"]) == 64


def assert_new_failed_document_has_no_output(project: Path, source: Path) -> None:
    """sources/memo-3.txt, which fails, listed as a new document and memo-0 changed again: memo-1 (failed before)
    and memo-3 fail, the first with its previous output, the new one with none at all."""
    (project / "edition.toml").write_text((project / "edition.toml").read_text()
                                          + '\n[[document]]\nsource = "sources/memo-3.txt"\n')
    source.write_text(source.read_text(encoding="utf-8").replace("copy nought.", "copy zero."), encoding="utf-8")
    done = subprocess.run([EDITION, "build", "--no-pdf", "--json"], cwd=project, capture_output=True, text=True)
    summary = json.loads(done.stdout)
    assert done.returncode == 1
    assert [(f["source"], f["kept"]) for f in summary["failed"]] == [("sources/memo-1.txt", "previous output"),
                                                                      ("sources/memo-3.txt", "none")]
    assert not list((project / "output").rglob("memo-3*"))


def test_a_bad_document_does_not_stop_the_others_and_keeps_its_previous_output(project):
    before = hashes(project / "output")
    source = project / "sources" / "memo-0.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("copy 0.", "copy nought."), encoding="utf-8")
    (project / "sources" / "memo-1.txt").write_text("Chairman: an (unclosed bracket\n", encoding="utf-8")
    done = subprocess.run([EDITION, "build", "--no-pdf", "--json"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "1 document(s) failed" in done.stderr.splitlines()[-1] and "memo-1.txt:1:" in done.stderr
    summary = json.loads(done.stdout)
    assert summary["built"] == 1 and summary["unchanged"] == 1
    assert [(f["source"], f["kept"]) for f in summary["failed"]] == [("sources/memo-1.txt", "previous output")]
    after = hashes(project / "output")
    assert "copy nought." in (project / "output" / "tei" / "memo-0.xml").read_text(encoding="utf-8")
    # the bad document's every output is the previous build's, and the site still offers it
    for name in ("tei/memo-1.xml", "reports/memo-1.json", "deposit/memo-1.zip", "html/documents/memo-1.html",
                 "html/downloads/memo-1.zip"):
        assert after[name] == before[name], name
    # a new document that fails has no output at all; the next build tries the failed ones again
    (project / "sources" / "memo-3.txt").write_text("Chairman: an (unclosed bracket\n", encoding="utf-8")
    assert_new_failed_document_has_no_output(project, source)


def test_a_document_whose_package_cannot_be_made_does_not_stop_the_others(project):
    """A document that converts and validates but whose package cannot be made (here: no year of publication,
    which DataCite requires) fails alone, as one that does not convert: its previous output, package and page
    with it, stays; a new one has none; the others are published."""
    before = hashes(project / "output")
    source = project / "sources" / "memo-0.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("copy 0.", "copy nought."), encoding="utf-8")
    undated = project / "sources" / "memo-1.toml"
    undated.write_text(undated.read_text(encoding="utf-8").replace('date = "2026"\n', ""), encoding="utf-8")
    done = subprocess.run([EDITION, "build", "--no-pdf", "--json"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    last = done.stderr.splitlines()[-1]
    assert last.startswith("edition: 1 document(s) failed") and "publication year" in last, done.stderr
    assert "error: sources/memo-1.txt: no publication year: " in done.stderr
    summary = json.loads(done.stdout)
    assert (summary["built"], summary["unchanged"]) == (1, 1)
    assert [(f["source"], f["kept"]) for f in summary["failed"]] == [("sources/memo-1.txt", "previous output")]
    after = hashes(project / "output")
    assert "copy nought." in (project / "output" / "tei" / "memo-0.xml").read_text(encoding="utf-8")
    kept = [name for name in before if "memo-1" in name]
    assert kept and all(after[name] == before[name] for name in kept)
    assert sorted(name for name in after if "memo-1" in name) == sorted(kept)
    # a new document whose package cannot be made has no output at all, and is not listed
    (project / "sources" / "memo-3.txt").write_text(source.read_text(encoding="utf-8")
                                                    .replace("copy nought.", "copy three."), encoding="utf-8")
    (project / "sources" / "memo-3.toml").write_text(undated.read_text(encoding="utf-8")
                                                     .replace('id = "memo-1"', 'id = "memo-3"'), encoding="utf-8")
    assert_new_failed_document_has_no_output(project, source)
    assert "memo-3" not in (project / "output" / "html" / "index.html").read_text(encoding="utf-8")
    assert "memo-1" in (project / "output" / "html" / "index.html").read_text(encoding="utf-8")
    # when the only document that changed cannot be packaged, nothing is published
    before = hashes(project / "output")
    undated = project / "sources" / "memo-2.toml"
    undated.write_text(undated.read_text(encoding="utf-8").replace('date = "2026"\n', ""), encoding="utf-8")
    done = subprocess.run([EDITION, "build", "--no-pdf"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith("edition: 3 documents failed, the first: sources/memo-1.txt: no "
                                                   "publication year: ")
    assert "error: sources/memo-2.txt: no publication year: " in done.stderr
    assert hashes(project / "output") == before


def test_when_every_changed_document_fails_nothing_is_published(project):
    before = hashes(project / "output")
    (project / "sources" / "memo-2.txt").write_text("Chairman: an (unclosed bracket\n", encoding="utf-8")
    done = subprocess.run([EDITION, "build", "--no-pdf"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.strip().splitlines()[-1].startswith("edition: ")
    assert "memo-2.txt:1:" in done.stderr
    assert hashes(project / "output") == before


def test_unlisted_transcripts_are_warned_of_and_a_link_to_a_listed_one_or_a_link_loop_is_no_error(tmp_path):
    """``warn_unlisted_sources``: a transcript (a caption file too) no document names is warned of; one reached
    through a symbolic link to a listed transcript is that transcript; a link that loops is warned of, no error."""
    from types import SimpleNamespace

    from edition.build.run import warn_unlisted_sources

    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("listed.txt", "dropped.txt"):
        (sources / name).write_text("A: Yes.\n", encoding="utf-8")
    (sources / "captions.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Yes.</v>\n", encoding="utf-8")
    (sources / "notes.md").write_text("not a transcript\n", encoding="utf-8")
    (sources / "alias.txt").symlink_to(sources / "listed.txt")
    (sources / "loop.txt").symlink_to(sources / "loop.txt")
    project = SimpleNamespace(root=tmp_path, documents=[SimpleNamespace(source=(sources / "listed.txt").resolve(),
                                                                         witnesses=[])])
    said: list[str] = []
    warn_unlisted_sources(project, said.append)
    assert [line.split()[1] for line in said] == ["sources/captions.vtt", "sources/dropped.txt", "sources/loop.txt"]


def test_a_pdf_is_printed_again_when_its_stylesheets_or_the_title_pages_facts_change(tmp_path):
    """``print_key``: what a PDF was printed from, which decides whether the previous one is kept. Not only the
    TEI and the title: the edition's address (in the title page's citation), xslt/ (print.xsl, the print CSS)
    and the code."""
    from dataclasses import replace

    from edition.build.run import print_key
    from edition.project import load_project

    project = load_project(make_project(tmp_path / "proj", count=1) / "edition.toml")
    tei = b"<TEI xmlns='http://www.tei-c.org/ns/1.0'/>"
    key = print_key(tei, project)
    assert print_key(tei, project) == key == print_key(tei, project, None)
    assert print_key(tei + b" ", project) != key
    assert print_key(tei, replace(project, title="Another title")) != key
    assert print_key(tei, replace(project, base_url="https://example.org/edition/")) != key
    assert print_key(tei, project, stylesheets="0" * 64) != key   # a stylesheet or the print CSS changed
