"""The editorial file and the project file are checked against their declared schemas (edition/schemas.py):
every problem names the file, the line and the key; nothing is written."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.editorial import metadata
from edition.cli import cli
from edition.errors import ConfigError
from edition.editorial.metadata import load_metadata
from edition.project import load_project, read_toml
from edition.schemas import EditorialFile, ProjectFile, check_file, key_lines

REPO = Path(__file__).resolve().parent.parent
TRANSCRIPT = "Record of a conversation, 1 March 1960\n\nChairman: Welcome to our guests.\n\nGuest: Thank you.\n"


def _convert(tmp_path: Path, editorial: str, transcript: str = TRANSCRIPT):
    source = tmp_path / "t.txt"
    source.write_text(transcript, encoding="utf-8")
    meta = tmp_path / "t.toml"
    meta.write_text(editorial, encoding="utf-8")
    out = tmp_path / "t.xml"
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(out)])
    return result, meta, out


def _one_line(result) -> str:
    lines = result.output.strip().splitlines()
    assert result.exit_code == 1, result.output
    assert len(lines) == 1 and lines[0].startswith("edition: "), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return lines[0]


@pytest.mark.parametrize("table, line, guess", [
    ("notes", 4, "[[note]]"), ("corection", 4, "[[correction]]"), ("participants", 4, "[[participant]]"),
])
def test_a_near_miss_of_a_table_is_an_error_with_did_you_mean(tmp_path, table, line, guess):
    body = {"notes": 'anchor = "Welcome"\ntext = "A note."\n', "corection": 'sic = "Welcome"\ncorr = "Welcome!"\n',
            "participants": 'id = "zhou"\nname = "Zhou"\n'}[table]
    result, meta, out = _convert(tmp_path, f'id = "t"\nlanguage = "en"\n\n[[{table}]]\n{body}')
    assert _one_line(result) == f"edition: {meta}:{line}: unknown table [[{table}]]: did you mean {guess}?"
    assert not out.exists()


def test_a_near_miss_of_a_key_is_an_error_with_did_you_mean(tmp_path):
    result, meta, _ = _convert(tmp_path, 'id = "t"\n\n[edition]\neditr = "X"\n\n[[note]]\nanchor = "Welcome"\ntxt = "A note."\n')
    message = _one_line(result)
    assert message.startswith(f"edition: {meta}:4: [edition]: unknown key 'editr': did you mean 'editor'?")
    assert "line 8: [[note]] #1: unknown key 'txt': did you mean 'text'?" in message
    assert "line 6: [[note]] #1 text: is required" in message


def test_forms_as_a_string_is_an_error_not_letters(tmp_path):
    result, meta, out = _convert(tmp_path, '[[participant]]\nid = "zhou-enlai"\nname = "Zhou Enlai"\nforms = "Zhou"\n')
    assert _one_line(result) == (f"edition: {meta}:4: [[participant]] #1 forms: must be a list [ … ], "
                                 "not the string 'Zhou'")
    assert not out.exists()


@pytest.mark.parametrize("editorial, line, key, fragment", [
    ('[[participant]]\nid = "1 bad id"\nname = "X"\n', 2, "[[participant]] #1 id", "'1 bad id' is not an XML name"),
    ('id = "doc one"\n', 1, "id", "'doc one' is not an XML name"),
    ('bracket_resp = "the translator"\n', 1, "bracket_resp", "is not an XML name"),
    ('language = "English"\n', 1, "language", "'English' is not a language tag"),
    ('[[override]]\nparagraph = 1\nas = "speech"\nwho = "a:b"\n', 4, "[[override]] #1 who", "is not an XML name"),
    ('[[override]]\nparagraph = "3"\nas = "narrative"\n', 2, "[[override]] #1 paragraph",
     "must be a whole number, not the string '3'"),
    ('[[override]]\nparagraph = 0\nas = "narrative"\n', 2, "[[override]] #1 paragraph", "greater than or equal to 1"),
    ('[[note]]\nanchor = "Welcome"\ntext = "x"\noccurrence = true\n', 4, "[[note]] #1 occurrence",
     "must be a whole number, not true/false"),
    ('[dates]\nyear = "1960"\n', 2, "[dates] year", "must be a whole number"),
    ('[quotes]\nso_called = "teacher"\n', 2, "[quotes] so_called", "must be a list"),
    ('[measures.commodities]\nsteel = 5\n', 2, "[measures.commodities] steel", "must be a string"),
    ('[[date]]\nanchor = "1 March"\nwhen = "March 1960"\n', 3, "[[date]] #1 when", "is not a date YYYY"),
    ('[edition]\ndate = 2026\n', 2, "[edition] date", "must be a string (in quotes), not int 2026"),
    ('[[note]]\nanchor = "Welcome"\ntext = "a\\u0001b"\n', 3, "[[note]] #1 text",
     "control character U+0001 in the text: remove it"),
    ('[[participant]]\nid = "zhou"\nname = "Zhou\\u0007"\n', 3, "[[participant]] #1 name", "control character U+0007"),
])
def test_wrong_values_name_the_file_line_and_key(tmp_path, editorial, line, key, fragment):
    result, meta, out = _convert(tmp_path, editorial)
    message = _one_line(result)
    assert message.startswith(f"edition: {meta}:{line}: {key}: "), message
    assert fragment in message
    assert not out.exists()


def test_duplicate_participants_are_an_error(tmp_path):
    result, meta, _ = _convert(tmp_path, '[[participant]]\nid = "zhou"\nname = "Zhou Enlai"\n\n'
                                         '[[participant]]\nid = "zhou"\nname = "Zhou De"\n')
    assert _one_line(result) == (f"edition: {meta}:6: [[participant]] #2 id: 'zhou' is declared twice "
                                 "(also [[participant]] #1)")


@pytest.mark.parametrize("anchor, message", [
    ("paragraph = 9", "[[override]] #1 paragraph = 9: {source} has no paragraph 9 (it has 3)"),
    ("line = 4", "[[override]] #1 line = 4: no paragraph of {source} starts at that line"),
    ("starts = \"Nobody\"", "[[override]] #1 starts = 'Nobody': no paragraph of {source} starts so"),
])
def test_an_override_that_points_nowhere_is_an_error(tmp_path, anchor, message):
    result, meta, out = _convert(tmp_path, f'# the editor\'s decisions\n[[override]]\n{anchor}\nas = "narrative"\n')
    assert _one_line(result) == f"edition: {meta}:2: " + message.format(source=tmp_path / "t.txt")
    assert not out.exists()


def test_an_override_line_inside_a_paragraph_says_where_it_starts(tmp_path):
    transcript = "Chairman: Welcome\nto our guests.\n\nGuest: Thanks.\n"
    result, _, _ = _convert(tmp_path, '[[override]]\nline = 2\nas = "narrative"\n', transcript)
    assert "line 2 is inside paragraph 1, which starts at line 1" in _one_line(result)


def test_an_override_needs_exactly_one_anchor(tmp_path):
    result, meta, _ = _convert(tmp_path, '[[override]]\nparagraph = 1\nline = 3\nas = "narrative"\n')
    assert _one_line(result) == (f"edition: {meta}:1: [[override]] #1: give exactly one of paragraph, line, "
                                 "starts (not paragraph and line)")


def test_control_characters_and_syntax_errors_keep_line_and_column(tmp_path):
    result, meta, _ = _convert(tmp_path, 'id = "t"\ntitle = "A\x01B"\n')
    assert _one_line(result) == (f"edition: {meta}:2:11: invalid TOML: control character U+0001 is not allowed "
                                 'here (inside a string, write it as \\u0001, or a line break in a """multi-line '
                                 'string""")')
    result, meta, _ = _convert(tmp_path, 'id = "t"\n[edition\neditor = "X"\n')
    assert re.fullmatch(rf"edition: {re.escape(str(meta))}:2:9: invalid TOML: .+", _one_line(result))
    result, meta, _ = _convert(tmp_path, 'id = "t"\nboilerplate = ["a",\n')
    assert _one_line(result).startswith(f"edition: {meta}:2: invalid TOML: ")


def _project(tmp_path: Path, edition_toml: str) -> Path:
    folder = tmp_path / "proj"
    CliRunner().invoke(cli, ["new", str(folder)])
    (folder / "edition.toml").write_text(edition_toml, encoding="utf-8")
    return folder


@pytest.mark.parametrize("edition_toml, expected", [
    ('[edition]\ntitle = "T"\noutput = 5\n\n[[document]]\nsource = "sources/example.txt"\n',
     "{file}:3: [edition] output: must be a string (in quotes), not int 5"),
    ('[edition]\ntitle = "T"\nouptut = "out"\n\n[[document]]\nsource = "sources/example.txt"\n',
     "{file}:3: [edition]: unknown key 'ouptut': did you mean 'output'?"),
    ('[edition]\ntitle = "T"\n\n[[documents]]\nsource = "sources/example.txt"\n',
     "{file}:4: unknown table [[documents]]: did you mean [[document]]?"),
    ('[edition]\ntitle = ["T"]\n\n[[document]]\nsource = "sources/example.txt"\n',
     "{file}:2: [edition] title: must be a string (in quotes), not a list"),
    ('[edition]\ntitle = "T"\n\n[[document]]\nsource = 7\n',
     "{file}:5: [[document]] #1 source: must be a string (in quotes), not int 7"),
    ('[edition]\ntitle = "T\x1b"\n', "{file}:2:11: invalid TOML: control character U+001B"),
    ('[edition]\ntitle = "T\\u001b"\n\n[[document]]\nsource = "sources/example.txt"\n',
     "{file}:2: [edition] title: control character U+001B in the text"),
])
def test_the_project_file_is_checked_too(tmp_path, monkeypatch, edition_toml, expected):
    folder = _project(tmp_path, edition_toml)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["build", "--no-pdf"])
    message = _one_line(result)
    assert message.startswith("edition: " + expected.format(file=folder / "edition.toml")), message
    assert not (folder / "output").exists()


def test_an_editorial_problem_in_a_build_names_the_editorial_file_not_a_rejected_file(tmp_path, monkeypatch):
    folder = _project(tmp_path, '[edition]\ntitle = "T"\n\n[[document]]\nsource = "sources/example.txt"\n')
    editorial = folder / "sources" / "example.toml"
    editorial.write_text(editorial.read_text() + '\n[[participant]]\nid = "1 bad id"\nname = "Zhou"\n')
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, ["build", "--no-pdf"])
    message = _one_line(result)
    assert message.startswith(f"edition: {editorial}:") and "[[participant]] #3 id" in message  # after the example's two participants
    assert "rejected" not in result.output
    assert not (folder / "output").exists()


def test_check_reads_the_editorial_file_as_the_converter_does(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    (tmp_path / "t.toml").write_text('[[notes]]\nanchor = "Welcome"\ntext = "x"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(source)])
    assert "unknown table [[notes]]: did you mean [[note]]?" in _one_line(result)


# ----------------------------------------------------------------- every key the code reads is declared

def _toml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```toml\n(.*?)```", markdown, re.S)


def test_the_documented_and_shipped_files_are_valid():
    check_file(EditorialFile, read_toml(REPO / "sources" / "memorandum-1958-10-02.toml"), "memorandum")
    check_file(ProjectFile, read_toml(REPO / "edition.toml"), "edition.toml")
    example = metadata.__doc__.split("::", 1)[1].split("\n\nCorrections", 1)[0]
    check_file(EditorialFile, tomllib.loads(re.sub(r"(?m)^    ", "", example)), "metadata.py docstring")
    interventions = _toml_blocks((REPO / "docs" / "editorial.md").read_text(encoding="utf-8"))[1]
    check_file(EditorialFile, tomllib.loads(interventions), "docs/editorial.md")
    for path in (REPO / "tests" / "fixtures").rglob("*.toml"):
        data = read_toml(path)
        if "person" not in data and "place" not in data and "register" not in data:
            load_metadata(path)


def test_lines_of_keys_follow_tables_arrays_and_multi_line_values():
    text = ('id = "x"\nintro = """\n[not] a table\nkey = 1\n"""\n[edition]\neditor = "E"\n'
            'forms = [\n  "a",\n  ["b"]\n]\n[[note]]\nanchor = "a"\n[[note]]\n"text" = "b"\n[archives.GARF]\nname = "G"\n')
    lines = key_lines(text)
    assert lines[("id",)] == 1 and lines[("intro",)] == 2 and ("not",) not in lines and ("key",) not in lines
    assert lines[("edition", "editor")] == 7 and lines[("edition", "forms")] == 8
    assert lines[("note", 0, "anchor")] == 13 and lines[("note", 1, "text")] == 15
    assert lines[("archives", "GARF", "name")] == 17


def test_load_project_accepts_what_it_always_read(tmp_path):
    folder = _project(tmp_path, '[edition]\ntitle = "T"\npublisher = "P"\noutput = "out"\n\n[[document]]\n'
                                'source = "sources/example.txt"\nmetadata = "sources/example.toml"\n\n'
                                '[schema]\ntei_all = ""\n\n[package]\nbagging-date = 2026-01-02\n')
    project = load_project(folder / "edition.toml")
    assert project.title == "T" and project.output_dir == folder / "out"
    with pytest.raises(ConfigError):
        load_project(_project(tmp_path / "b", '[edition]\ntitle = "T"\n[[document]]\nsource = "sources/example.txt"\n'
                                              '[package]\nbagging_date = "2026-01-02"\n') / "edition.toml")
