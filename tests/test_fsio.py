"""Writing outputs: folders replaced in one step, and what an interrupted replacement left put right."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from edition import fsio


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text)
    return path


@pytest.mark.parametrize("exchange", [True, False])
def test_a_folder_is_replaced_whole_and_the_old_one_removed(tmp_path, monkeypatch, exchange):
    used = []
    real = fsio._exchange
    monkeypatch.setattr(fsio, "_exchange", lambda a, b: used.append(real(a, b)) or used[-1] if exchange else False)
    target = _folder(tmp_path / "html", "old")
    new = fsio.staging_dir(target)
    (new / "index.html").write_text("new")
    fsio.replace_dir(new, target)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]
    assert used == ([True] if exchange else [])  # Linux exchanges the two folders in one step


def test_an_interrupted_two_step_replacement_is_undone(tmp_path):
    # killed between the two renames: the old folder aside, the new one beside it, none in place
    _folder(tmp_path / ".html.old-999999999-ab", "old")
    _folder(tmp_path / ".html.build-999999999-cd", "new, perhaps incomplete")
    target = tmp_path / "html"
    fsio.clean_leftovers(target)
    assert (target / "index.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]


def test_the_folders_of_a_running_writer_are_left_alone(tmp_path):
    running = _folder(tmp_path / f".html.build-{os.getppid()}-ab", "being written")
    fsio.clean_leftovers(tmp_path / "html")
    assert running.is_dir()


def test_a_folder_linked_again_holds_the_same_files_and_a_changed_copy_is_told_apart(tmp_path):
    old = tmp_path / "old"
    (old / "data" / "html").mkdir(parents=True)
    (old / "bagit.txt").write_text("BagIt-Version: 1.0\n")
    (old / "data" / "html" / "page.html").write_text("<p>page</p>")
    before = {p.relative_to(old): p.read_bytes() for p in old.rglob("*") if p.is_file()}
    new = tmp_path / "stage" / "deposit" / "old"  # its folders above are made too
    assert fsio.link_tree(old, new) == 2
    assert {p.relative_to(new): p.read_bytes() for p in new.rglob("*") if p.is_file()} == before
    assert all(fsio.same_file(old / name, new / name) for name in before)  # hard links, not copies
    assert fsio.same_tree(old, new) and fsio.same_tree(new, old)
    (new / "data" / "html" / "extra.js").write_text("")
    assert not fsio.same_tree(old, new)  # a file more
    (new / "data" / "html" / "extra.js").unlink()
    page = new / "data" / "html" / "page.html"
    page.unlink()
    page.write_text("<p>page</p>")  # the same bytes, but a file of its own
    assert not fsio.same_tree(old, new)
    assert {p.relative_to(old): p.read_bytes() for p in old.rglob("*") if p.is_file()} == before


def test_files_linked_into_a_folder_from_a_mended_spare_are_the_wanted_files_and_nothing_else(tmp_path):
    old = tmp_path / "output" / "tei"
    old.mkdir(parents=True)
    for name in ("a.xml", "b.xml", "c.xml"):
        (old / name).write_text(name)
    spare = tmp_path / ".output.spare" / "tei"   # the output before: a.xml the same file, b.xml another,
    spare.mkdir(parents=True)                      # gone.xml of a document no longer built
    os.link(old / "a.xml", spare / "a.xml")
    (spare / "b.xml").write_text("b, as it was")
    (spare / "gone.xml").write_text("gone")
    (spare / "new.xml").write_text("the spare's new.xml")
    stage = tmp_path / "stage" / "tei"
    stage.mkdir(parents=True)
    (stage / "new.xml").write_text("made by this build")
    wanted = {name: old / name for name in ("a.xml", "b.xml", "c.xml")}
    assert fsio.link_files_into(stage, wanted, spare, spare_root=spare.parent) == 2   # b.xml, c.xml linked
    assert sorted(p.name for p in stage.iterdir()) == ["a.xml", "b.xml", "c.xml", "new.xml"]
    assert all(fsio.same_file(stage / name, old / name) for name in wanted)
    assert (stage / "new.xml").read_text() == "made by this build"
    assert not spare.exists()
    without = tmp_path / "stage2" / "tei"   # without a spare: the same folder, each file linked
    assert fsio.link_files_into(without, wanted) == 3
    assert sorted(p.name for p in without.iterdir()) == ["a.xml", "b.xml", "c.xml"]
    assert all(fsio.same_file(without / name, old / name) for name in wanted)


def test_settled_modes_make_a_folder_readable_and_leave_links_and_their_targets_alone(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    outside.chmod(0o600)
    site = tmp_path / "site"
    (site / "documents").mkdir(parents=True)
    (site / "documents" / "a.html").write_text("<p/>")
    (site / "documents" / "a.html").chmod(0o600)
    (site / "documents").chmod(0o700)
    (site / "link.txt").symlink_to(outside)
    assert fsio.settle_modes(site) == ["documents/a.html", "link.txt"]
    assert (site / "documents").stat().st_mode & 0o777 == 0o755
    assert (site / "documents" / "a.html").stat().st_mode & 0o777 == 0o644
    assert outside.stat().st_mode & 0o777 == 0o600
    assert fsio.settle_modes(site) == fsio.folder_files(site)


def test_a_spare_folder_reached_through_a_symbolic_link_is_neither_listed_nor_mended(tmp_path):
    """The folder a symbolic link in the spare points to is someone else's: nothing in it is removed or
    moved, and the files are linked into the new folder as without a spare."""
    old = tmp_path / "output" / "html" / "documents"
    old.mkdir(parents=True)
    (old / "a.html").write_text("<p>a</p>")
    theirs = tmp_path / "theirs" / "documents"
    theirs.mkdir(parents=True)
    (theirs / "notes.txt").write_text("mine")
    spare = tmp_path / ".output.spare"
    spare.mkdir()
    (spare / "html").symlink_to(tmp_path / "theirs", target_is_directory=True)   # a link on the way
    (spare / "tei").symlink_to(theirs, target_is_directory=True)                  # the folder itself a link
    for folder in (spare / "html" / "documents", spare / "tei"):
        stage = tmp_path / "stage" / folder.name
        assert fsio.link_files_into(stage, {"a.html": old / "a.html"}, folder, spare_root=spare) == 1
        assert sorted(p.name for p in stage.iterdir()) == ["a.html"]
        shutil.rmtree(tmp_path / "stage")
    assert sorted(p.name for p in theirs.iterdir()) == ["notes.txt"]
    assert (spare / "html").is_symlink() and (spare / "tei").is_symlink()


def test_a_folder_in_the_spare_is_found_only_in_a_spare_a_build_made_and_through_folders_alone(tmp_path):
    """``folder_in_spare``: a folder of a spare with the output marker; not a file, not a folder with a
    symbolic link on the way or at its end, not ``..``; and not once the marker is gone, although the
    spare was found before."""
    spare = tmp_path / ".output.spare"
    (spare / ".site" / "memo-0").mkdir(parents=True)
    (spare / "deposit" / "memo-0").mkdir(parents=True)
    (spare / "deposit" / "memo-0.zip").write_bytes(b"PK")
    (tmp_path / "theirs" / "memo-1").mkdir(parents=True)
    (spare / "linked").symlink_to(tmp_path / "theirs", target_is_directory=True)
    (spare / "deposit" / "memo-1").symlink_to(tmp_path / "theirs" / "memo-1", target_is_directory=True)
    assert fsio.folder_in_spare(spare, ".site", "memo-0") is None       # no marker: not a build's spare
    (spare / fsio.OUTPUT_MARKER).write_text("")
    assert fsio.folder_in_spare(spare, ".site", "memo-0") == spare / ".site" / "memo-0"
    assert fsio.folder_in_spare(spare, "deposit/memo-0") == spare / "deposit" / "memo-0"
    for names in (("deposit/memo-0.zip",), ("linked", "memo-1"), ("deposit/memo-1",), ("deposit/../deposit",),
                  (".site", "memo-9")):
        assert fsio.folder_in_spare(spare, *names) is None, names
    (spare / fsio.OUTPUT_MARKER).unlink()
    assert fsio.folder_in_spare(spare, ".site", "memo-0") is None
    assert fsio.folder_in_spare(tmp_path / "nowhere", ".site") is None
