"""Reading a project file (edition/project.py): the paths of its documents as the system resolves them."""

from __future__ import annotations

from pathlib import Path

from edition.project import load_project


def test_document_paths_are_resolved_as_the_system_resolves_them(tmp_path):
    """Each folder is resolved once and a file's own name only when it is a link: the paths are those of
    ``Path.resolve`` all the same (a linked transcript, a linked folder, '..' in a path)."""
    (tmp_path / "real").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "real" / name).write_text("Mao: Hello.\n", encoding="utf-8")
    project = tmp_path / "proj"
    (project / "sources").mkdir(parents=True)
    (project / "sources" / "plain.txt").write_text("Mao: Hello.\n", encoding="utf-8")
    (project / "sources" / "linked.txt").symlink_to(tmp_path / "real" / "a.txt")
    (project / "elsewhere").symlink_to(tmp_path / "real", target_is_directory=True)
    sources = ["sources/plain.txt", "sources/linked.txt", "elsewhere/b.txt", "sources/../elsewhere/c.txt"]
    (project / "edition.toml").write_text('[edition]\ntitle = "T"\n' + "".join(
        f'[[document]]\nsource = "{source}"\n' for source in sources), encoding="utf-8")
    loaded = load_project(project / "edition.toml")
    assert [spec.source for spec in loaded.documents] == [(project / s).resolve() for s in sources]
    assert loaded.documents[1].source == (tmp_path / "real" / "a.txt").resolve()
    assert loaded.output_dir == (project / "output").resolve()
