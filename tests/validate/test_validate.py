"""`edition validate` and the validation library, on fixtures, the memorandum and the FRUS corpus."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree, isoschematron

from edition.cli import cli
from edition.safexml import parse_xml_file
from edition.validate.schema import ODD_PATH, derive_schematron
from edition.validate.tei import _compile_rng, _compile_schematron, _schematron_problems, validate_files, validate_tree

FIXTURES = Path(__file__).parents[1] / "fixtures" / "validate"
MINIMAL = FIXTURES / "minimal.xml"
needs_jing = pytest.mark.skipif(shutil.which("jing") is None, reason="jing not installed")

# Documents tei_all rejects: (name, replace this, by that) applied to the minimal fixture.
TEI_ALL_BREAKS = [
    ("unknown-element", "<closer>", "<closing>"),
    ("wrong-nesting", "<speaker>", "<p><speaker>"),
    ("missing-required-child", "<titleStmt>", "<titleStmt><funder>x</funder></titleStmt><titleStmtX>"),
    ("bad-attribute-value", '<date when="2026">', '<date when="20 26">'),
    ("duplicate-xml-id", 'xml:id="sp-2"', 'xml:id="sp-9"'),
]
# Documents only the project's rules reject (tei_all accepts them).
PROJECT_BREAKS = [
    ("unlisted-stage-type", 'type="laughter"', 'type="giggle"', "jing"),  # lxml's verdict, explained by jing
    ("dangling-pointer", 'who="#mao-zedong"', 'who="#mao-tse-tung"', "schematron:pointers-resolve"),
    ("bad-iso-date", 'when="1958-10-02"', 'when="1958-10-02Z"', "schematron:iso-dates"),
    ("empty-paragraph", "<p xml:id=\"p-1\">", "<p xml:id=\"p-1\"/><p xml:id=\"p-1b\">", "schematron:no-empty-text"),
    ("choice-mixed-readings", "<corr resp=\"#editor\">Efremov</corr>", "<reg resp=\"#editor\">Efremov</reg>",
     "schematron:choice-pairs"),
    ("supplied-without-resp", 'reason="implied" resp="#translator"', 'reason="implied"',
     "schematron:interventions-have-resp"),
]


def _variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path = tmp_path / f"{name}.xml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _jing_valid(schema: Path, path: Path) -> bool:
    return subprocess.run(["jing", str(schema), str(path)], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def tei_all_lxml(tei_all_path):
    """tei_all compiled by lxml once per session (about 13 s)."""
    return _compile_rng(tei_all_path)


# ----------------------------------------------------------------- customisation

def test_memorandum_is_valid_against_the_customisation(memorandum_tei):
    problems = validate_tree(memorandum_tei, "memorandum")
    assert [p for p in problems if p.severity != "warning"] == []


@needs_jing
def test_memorandum_is_valid_against_tei_all(memorandum_tei_file, tei_all_path):
    assert _jing_valid(tei_all_path, memorandum_tei_file)


def test_minimal_fixture_is_valid():
    report = validate_files([MINIMAL])
    assert report.exit_status == 0


@needs_jing
@pytest.mark.parametrize("name,old,new", TEI_ALL_BREAKS, ids=[b[0] for b in TEI_ALL_BREAKS])
def test_what_tei_all_rejects_the_customisation_rejects(tmp_path, tei_all_path, name, old, new):
    path = _variant(tmp_path, name, old, new)
    assert not _jing_valid(tei_all_path, path)
    report = validate_files([path])
    assert report.exit_status == 1
    assert report.files[0].problems[0].line is not None


@pytest.mark.parametrize("name,old,new,source", PROJECT_BREAKS, ids=[b[0] for b in PROJECT_BREAKS])
def test_project_rules_catch_what_tei_all_allows(tmp_path, name, old, new, source):
    path = _variant(tmp_path, name, old, new)
    report = validate_files([path])
    assert report.exit_status == 1
    assert source in {p.source for p in report.files[0].problems}
    problem = next(p for p in report.files[0].problems if p.source == source)
    assert problem.line and problem.line > 1


def test_duplicate_id_in_a_tree_built_in_memory_is_caught():
    root = etree.parse(str(MINIMAL)).getroot()
    paragraph = root.find(".//{http://www.tei-c.org/ns/1.0}p[@{http://www.w3.org/XML/1998/namespace}id='p-1']")
    twin = etree.fromstring(etree.tostring(paragraph))
    paragraph.addnext(twin)
    problems = validate_tree(root, "built")
    assert any('duplicate xml:id "p-1"' in p.message for p in problems)


# ----------------------------------------------------------------- command

def test_command_reports_per_file_with_summary_and_exit_status(tmp_path):
    bad = _variant(tmp_path, "bad", 'type="laughter"', 'type="giggle"')
    result = CliRunner().invoke(cli, ["validate", str(MINIMAL), str(bad)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1].startswith("2 file(s) checked against the edition customisation")
    assert "1 valid, 1 invalid" in lines[-1]
    assert any(line.startswith(f"  {bad}:") and ": error: " in line for line in lines)


def test_command_json_and_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(MINIMAL, tmp_path / "sub" / "a.xml")
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"] == {"files": 1, "invalid": 0, "errors": 0, "warnings": 1, "exit_status": 0}
    assert data["files"][0]["file"].endswith("a.xml")


def test_command_exit_2_when_tei_all_is_missing(tmp_path, monkeypatch):
    monkeypatch.delenv("EDITION_TEI_ALL", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--tei-all", str(MINIMAL)])
    assert result.exit_code == 2
    assert "EDITION_TEI_ALL" in result.output and "--tei-all-schema" in result.output


def test_command_exit_2_for_unreadable_file(tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "absent.xml")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_command_refuses_hostile_file_without_fetching():
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / "hostile" / "xxe_file.xml")])
    assert result.exit_code == 1
    assert "entity declarations are refused" in result.output


# ----------------------------------------------------------------- tei_all: lxml agrees with jing

def _frus_and_broken(frus_dir: Path, tmp_path: Path) -> list[Path]:
    documents = sorted(frus_dir.glob("*.xml")) + sorted((frus_dir / "extra").glob("*.xml"))
    base = documents[0].read_text(encoding="utf-8")
    root = etree.fromstring(base.encode())
    body_div = root.find(".//{http://www.tei-c.org/ns/1.0}body/{http://www.tei-c.org/ns/1.0}div")
    first_id = body_div.get("{http://www.w3.org/XML/1998/namespace}id")
    breaks = {
        "unknown-element": ("<body>", "<body><bogus/>"),
        "wrong-nesting": ("</body>", "<teiHeader/></body>"),
        "missing-required-child": ("<body>", "<body><list></list>"),
        "bad-attribute-value": (f'xml:id="{first_id}"', f'xml:id="{first_id}" when="someday"'),
        "duplicate-xml-id": ("<body>", f'<body><div xml:id="{first_id}"><p>x</p></div>'),
    }
    broken = []
    for name, (old, new) in breaks.items():
        assert old in base, name
        path = tmp_path / f"frus-{name}.xml"
        path.write_text(base.replace(old, new, 1), encoding="utf-8")
        broken.append(path)
    return documents + broken


@needs_jing
def test_tei_all_verdicts_of_lxml_and_jing_agree_on_frus(frus_dir, tmp_path, tei_all_path, tei_all_lxml):
    files = _frus_and_broken(frus_dir, tmp_path)
    by_jing = validate_files(files, mode="tei-all", schema=tei_all_path, engine="jing")
    by_lxml = validate_files(files, mode="tei-all", schema=tei_all_path, engine="lxml")
    jing_verdicts = {r.file: r.valid for r in by_jing.files}
    lxml_verdicts = {r.file: r.valid for r in by_lxml.files}
    assert jing_verdicts == lxml_verdicts
    assert sum(jing_verdicts.values()) == len(files) - 5  # every FRUS document valid, every variant not
    for name in ("unknown-element", "duplicate-xml-id"):
        jing_lines = {p.line for r in by_jing.files if r.file.endswith(f"{name}.xml") for p in r.problems}
        lxml_lines = {p.line for r in by_lxml.files if r.file.endswith(f"{name}.xml") for p in r.problems}
        assert jing_lines & lxml_lines, name  # both point at the same line


@needs_jing
def test_command_tei_all_agrees_with_jing(frus_dir, tei_all_path):
    result = CliRunner().invoke(cli, ["validate", "--tei-all", "--tei-all-schema", str(tei_all_path),
                                      str(frus_dir)])
    assert result.exit_code == 0, result.output
    assert "0 invalid" in result.output.splitlines()[-1]


def test_invalid_file_gets_jings_line_column_and_expectation(tmp_path, memorandum_tei_file):
    bad = tmp_path / "bad.xml"
    bad.write_text(memorandum_tei_file.read_text(encoding="utf-8").replace(
        '<stage type="laughter">', '<stage type="giggle">', 1), encoding="utf-8")
    report = validate_files([bad])
    (problem,) = report.files[0].problems
    assert problem.line and problem.column and problem.column > 1
    assert '"laughter"' in problem.message and problem.source == "jing"


def test_batch_on_several_threads_keeps_each_files_problems_apart(tmp_path, memorandum_tei_file):
    text = memorandum_tei_file.read_text(encoding="utf-8")
    files = []
    for number in range(8):
        path = tmp_path / f"doc{number}.xml"
        body = text
        if number == 2:
            body = text.replace('who="#mao-zedong"', 'who="#nobody"', 1)
        if number == 5:
            body = text.replace('<stage type="laughter">', '<stage type="giggle">', 1)
        path.write_text(body, encoding="utf-8")
        files.append(path)
    report = validate_files(files, engine="lxml")
    verdicts = {Path(r.file).name: r.valid for r in report.files}
    assert [name for name, ok in verdicts.items() if not ok] == ["doc2.xml", "doc5.xml"]
    by_name = {Path(r.file).name: r.problems for r in report.files}
    assert all(p.file.endswith("doc2.xml") and "nobody" in p.message for p in by_name["doc2.xml"])
    assert all(p.file.endswith("doc5.xml") for p in by_name["doc5.xml"]) and by_name["doc5.xml"]


# ----------------------------------------------------------------- Schematron: merged patterns, same findings

EVERY_RULE_BROKEN = Path(__file__).parents[1] / "fixtures" / "schematron" / "every-rule-broken.xml"


@pytest.fixture(scope="module")
def one_pattern_per_constraint():
    """The Schematron as the ODD states it and as it was first derived: one pattern per constraintSpec
    (named by its ident, rules without ids), run the standard way (the document walked per pattern)."""
    schema = derive_schematron(etree.parse(str(ODD_PATH)), merge=False)
    for rule in schema.iter("{http://purl.oclc.org/dsdl/schematron}rule"):
        del rule.attrib["id"]
    for pattern in schema.iter("{http://purl.oclc.org/dsdl/schematron}pattern"):
        pattern.set("id", pattern.get("id").removesuffix(".pattern"))
    return isoschematron.Schematron(schema, store_report=True)


def _findings(problems):
    return sorted((p.line or 0, p.severity, p.message, p.source) for p in problems)


def test_every_rule_broken_fixture_breaks_every_constraint_spec():
    idents = etree.parse(str(ODD_PATH)).xpath("//tei:constraintSpec[@scheme='schematron']/@ident",
                                              namespaces={"tei": "http://www.tei-c.org/ns/1.0"})
    problems = _schematron_problems(parse_xml_file(EVERY_RULE_BROKEN), "broken")
    assert {p.source for p in problems} == {f"schematron:{ident}" for ident in idents}
    # a constraintSpec's fourth rule (place without placeName) is still named after its constraintSpec
    place = next(p for p in problems if "nowhere-place" in p.message)
    assert (place.line, place.source) == (31, "schematron:names-point-to-their-kind")
    assert [p.line or 0 for p in problems] == sorted(p.line or 0 for p in problems)


def test_merged_schematron_finds_exactly_what_one_pattern_per_constraint_spec_finds(
        frus_dir, memorandum_tei, one_pattern_per_constraint):
    """Same findings (line, severity, message, constraintSpec) on the fixtures, the memorandum and the
    FRUS TEI documents (not the customisation: thousands of findings of several rules; whole volumes are
    left out for time)."""
    frus = [path for path in sorted(frus_dir.rglob("*.xml")) if path.stat().st_size < 500_000]
    documents = [EVERY_RULE_BROKEN, MINIMAL, *frus]
    trees = [memorandum_tei.getroottree()] + [parse_xml_file(path) for path in documents]
    seen = Counter()
    for tree, name in zip(trees, ["memorandum", *map(str, documents)]):
        ours = _findings(_schematron_problems(tree, name))
        assert ours == _findings(_schematron_problems(tree, name, one_pattern_per_constraint)), name
        seen.update(source for *_, source in ours)
    assert len(seen) >= 14 and sum(seen.values()) > 1000
