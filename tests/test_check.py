"""``edition check``: the lint for editors, through the command line."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.check import check_source
from edition.convert.labels import edit_distance
from edition.cli import cli
from edition.register import load_register

FIXTURES = Path(__file__).parent / "fixtures" / "editorial"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_the_memorandum_with_its_editorial_file_has_no_errors(repo_root):
    result = run("check", repo_root / "sources" / "memorandum-1958-10-02.txt",
                 "--register", repo_root / "sources" / "register.toml",
                 "--editorial", repo_root / "sources" / "memorandum-1958-10-02.toml")
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("0 error(s), 1 warning(s)")
    assert "memorandum-1958-10-02.txt:271:6: warning: 'Efremeov' looks like a slip for 'Efremov'" in result.output


def test_the_bare_memorandum_shows_the_slips_an_editor_must_decide(repo_root, tmp_path):
    source = tmp_path / "memorandum.txt"
    source.write_bytes((repo_root / "sources" / "memorandum-1958-10-02.txt").read_bytes())
    result = run("check", source, "--register", repo_root / "sources" / "register.toml", "--json")
    assert result.exit_code == 0
    findings = json.loads(result.output)["findings"]
    slips = {f["message"].split("'")[1] for f in findings if f["code"] == "slip"}
    assert slips == {"Czecholsovakia", "Efremeov"}
    unregistered = [f for f in findings if f["code"] == "unregistered"]
    assert [f["message"].split("'")[1] for f in unregistered] == ["Sophia"]
    assert (unregistered[0]["line"], unregistered[0]["column"]) == (232, 22)


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
    assert f"{source}:1:25: error: [ is not closed in its paragraph (expected ])" in lines
    assert f"{source}:1:41: error: ( is not closed in its paragraph (expected ))" in lines
    assert any(line.startswith(f"{source}:3:30: error: ] closes nothing") for line in lines)
    assert f"{editorial}:1:1: error: [[note]] #1: 'the harvest' matches nothing in {source}" in lines
    assert any(line.startswith(f"{editorial}:5:1: error: [[correction]] #1: 'Cde' matches 2 places") for line in lines)
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


def test_a_missing_source_is_one_line_without_traceback(tmp_path):
    result = run("check", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "no such file" in result.output


@pytest.mark.parametrize("a, b, distance", [("Efremeov", "Efremov", 1), ("Czecholsovakia", "Czechoslovakia", 1),
                                            ("Sophia", "Sofia", 2), ("Mao", "Mao", 0)])
def test_edit_distance_counts_a_transposition_once(a, b, distance):
    assert edit_distance(a, b) == distance
