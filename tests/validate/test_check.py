"""``edition check``: the lint for editors, through the command line."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.validate.check import check_source
from edition.convert.labels import edit_distance
from edition.cli import cli
from edition.editorial.register import load_register

FIXTURES = Path(__file__).parents[1] / "fixtures" / "editorial"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_finding_on_the_memorandum_is_decided_in_its_editorial_file(repo_root):
    result = run("check", repo_root / "sources" / "memorandum-1958-10-02.txt",
                 "--register", repo_root / "sources" / "register.toml",
                 "--editorial", repo_root / "sources" / "memorandum-1958-10-02.toml")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "0 error(s), 0 warning(s)"


#: What the check finds in the memorandum as received, its summary included (line 303): each one is a
#: decision of the editorial file (test above).
BARE_MEMORANDUM = [
    (67, 1559, "doubled-word", "the an", "an"),
    (106, 20, "missing-word", "to a member", "to be a member"),
    (109, 124, "slip", "Czecholsovakia", "Czechoslovakia"),
    (136, 108, "doubled-word", "the all the", "all the"),
    (136, 268, "sentence-punctuation", "99%", "99%."),
    (136, 569, "number-unit", "ton", "tons"),
    (232, 22, "variant-spelling", "Sophia", "Sofia"),
    (271, 6, "slip", "Efremeov", "Efremov"),
    (303, 517, "wrong-word", "unite", "unit"),
]


def test_the_bare_memorandum_shows_the_slips_an_editor_must_decide(repo_root, tmp_path):
    source = tmp_path / "memorandum.txt"
    source.write_bytes((repo_root / "sources" / "memorandum-1958-10-02.txt").read_bytes())
    result = run("check", source, "--register", repo_root / "sources" / "register.toml", "--json")
    assert result.exit_code == 0
    findings = json.loads(result.output)["findings"]
    found = [(f["line"], f["column"], f["code"], f["suggestion"].get("sic") or f["suggestion"].get("orig"),
              f["suggestion"].get("corr") or f["suggestion"].get("reg")) for f in findings if f["suggestion"]]
    assert found == BARE_MEMORANDUM
    questions = [f["code"] for f in findings if f["suggestion"] and f["suggestion"]["question"]]
    assert questions == ["wrong-word"]
    assert [f for f in findings if f["code"] == "unregistered"] == []
    sophia = next(f for f in findings if f["code"] == "variant-spelling")
    assert sophia["suggestion"]["table"] == "regularisation"      # orig/reg, not sic/corr


def test_fix_suggestions_are_entries_the_converter_applies(repo_root, tmp_path):
    """Paste what --fix-suggestions writes into the editorial file: the check goes quiet (but for the
    question, left commented out for the editor) and the converter encodes every entry."""
    from edition.convert import convert_file

    source = tmp_path / "memorandum-1958-10-02.txt"
    source.write_bytes((repo_root / "sources" / "memorandum-1958-10-02.txt").read_bytes())
    register = repo_root / "sources" / "register.toml"
    entries = run("check", source, "--register", register, "--fix-suggestions")
    assert entries.exit_code == 0
    assert "# [[correction]]\n# sic = \"unite\"" in entries.output           # a question: commented out
    editorial = tmp_path / "memorandum-1958-10-02.toml"
    editorial.write_text('id = "memorandum-1958-10-02"\n\n' + entries.output, encoding="utf-8")
    again = run("check", source, "--register", register, "--json")
    left = [(f["code"], f["line"]) for f in json.loads(again.output)["findings"] if f["suggestion"]]
    assert left == [("wrong-word", 303)]
    root = convert_file(source, metadata_path=editorial, register_path=register).root
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    pairs = {(c.xpath("string(t:sic|t:orig)", namespaces=ns), c.xpath("string(t:corr|t:reg)", namespaces=ns))
             for c in root.iterfind(".//t:choice", ns)}
    assert {(sic, corr) for _, _, _, sic, corr in BARE_MEMORANDUM[:-1]} <= pairs
    assert ("unite", "unit") not in pairs


def test_brackets_and_stale_anchors_are_errors(tmp_path):
    source = write(tmp_path, "doc.txt", """\
        Cde. Gomułka:  We spoke [about the plan (Laughter.

        Cde. Gomulka:  Then we agreed].
    """)
    editorial = write(tmp_path, "doc.toml", """\
        [[note]]
        anchor = "the harvest"
        text = "stale"

        [[correction]]
        sic = "Cde"
        corr = "Comrade"
    """)
    register = write(tmp_path, "register.toml", """\
        [[person]]
        id = "gomulka"
        name = "Władysław Gomułka"
        forms = ["Gomułka"]
    """)
    result = run("check", source, "--register", register, "--editorial", editorial)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{source}:1:25: error: bracket: [ is not closed in its paragraph (expected ])" in lines
    assert f"{source}:1:41: error: bracket: ( is not closed in its paragraph (expected ))" in lines
    assert any(line.startswith(f"{source}:3:30: error: bracket: ] closes nothing") for line in lines)
    assert f"{editorial}:1:1: error: anchor: [[note]] #1: 'the harvest' matches nothing in {source}" in lines
    assert any(line.startswith(f"{editorial}:5:1: error: anchor: [[correction]] #1: 'Cde' matches 2 places")
               for line in lines)
    assert any("'Gomulka' looks like a slip for 'Gomułka'" in line for line in lines)


def test_unregistered_names_and_unused_entries_are_warnings(tmp_path):
    source = write(tmp_path, "doc.txt", "The delegation met Comrade Gierek in Warsaw and again in Warsaw.\n")
    register = write(tmp_path, "register.toml", """\
        [[place]]
        id = "warsaw"
        name = "Warsaw"

        [[place]]
        id = "lodz"
        name = "Łódź"
    """)
    result = check_source(source, register=load_register(register))
    messages = [(f.severity, f.code, f.line, f.column) for f in result.findings]
    assert ("warning", "unregistered", 1, 28) in messages          # Gierek, after the honorific
    assert ("warning", "unused", 5, 1) in messages                 # Łódź at line 5 of the register
    assert result.exit_status == 0


def test_a_bare_transcript_without_register_or_editorial_file(tmp_path):
    source = write(tmp_path, "doc.txt", "Mr. Smith met Mr. Jones in Paris.\n")
    result = run("check", source)
    assert result.exit_code == 0
    assert "'Smith' is not in a register (none given)" in result.output
    assert "'Paris' is not in a register (none given)" in result.output


def test_an_initial_is_not_an_unregistered_name(tmp_path):
    source = write(tmp_path, "doc.txt", "We talked with comrade N.S. Khrushchev and with John F. Kennedy.\n")
    register = write(tmp_path, "register.toml", """\
        [[person]]
        id = "khrushchev"
        name = "Nikita Khrushchev"
        forms = ["Khrushchev"]
    """)
    result = check_source(source, register=load_register(register))
    names = [f.message.split("'")[1] for f in result.findings if f.code == "unregistered"]
    assert names == ["John", "Kennedy"]          # no "N", "S" nor "F"


def project(folder: Path, documents: dict[str, str]) -> Path:
    """A project of ``documents`` (name: text) sharing one register of three places."""
    write(folder, "register.toml", """\
        [register]
        ignore = ["We"]

        [[place]]
        id = "warsaw"
        name = "Warsaw"

        [[place]]
        id = "paris"
        name = "Paris"

        [[place]]
        id = "lodz"
        name = "Łódź"
    """)
    lines = ['[edition]', 'title = "Test"', 'register = "register.toml"']
    for name, text in documents.items():
        write(folder, name, text)
        lines += ["", "[[document]]", f'source = "{name}"']
    return write(folder, "edition.toml", "\n".join(lines) + "\n")


def test_without_source_the_whole_project_is_checked(tmp_path, monkeypatch):
    project(tmp_path, {"a.txt": "We met in Warsaw, and the the talks began.\n",
                       "b.txt": "We met in Paris.\n"})
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("a.txt:1:23: warning: doubled-word: 'the the'")
    # an entry is unused only when no document of the project names it: Łódź, not Warsaw nor Paris
    unused = [line for line in lines if ": unused: " in line]
    assert unused == [f"{tmp_path / 'register.toml'}:12:1: warning: unused: place 'lodz' (Łódź) "
                      "is never named in any document of the project"]
    assert lines[-1] == "0 error(s), 2 warning(s)"


def test_one_document_of_a_project_says_nothing_of_the_shared_register(tmp_path, monkeypatch):
    project(tmp_path, {"a.txt": "We met in Warsaw.\n", "b.txt": "We met in Paris.\n"})
    monkeypatch.chdir(tmp_path)
    result = run("check", "a.txt")
    assert result.exit_code == 0
    assert result.output.strip() == "0 error(s), 0 warning(s)"


def test_without_source_outside_a_project_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2 and "no edition.toml" in result.output and "Traceback" not in result.output


def test_a_missing_source_is_one_line_without_traceback(tmp_path):
    result = run("check", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "no such file" in result.output


@pytest.mark.parametrize("a, b, distance", [("Efremeov", "Efremov", 1), ("Czecholsovakia", "Czechoslovakia", 1),
                                            ("Sophia", "Sofia", 2), ("Mao", "Mao", 0)])
def test_edit_distance_counts_a_transposition_once(a, b, distance):
    assert edit_distance(a, b) == distance
