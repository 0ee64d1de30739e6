"""``edition new`` and the first build of a new project: nothing published that the user did not write
or the text does not state."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import cli


TEI = {"t": "http://www.tei-c.org/ns/1.0"}


def _build(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("edition")), "build", "--no-pdf"], cwd=folder,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def first_project(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, str]:
    folder = tmp_path_factory.mktemp("first") / "x"
    created = CliRunner().invoke(cli, ["new", str(folder)])
    assert created.exit_code == 0, created.output
    (folder / "sources" / "dropped.txt").write_text("A: Hello.\n", encoding="utf-8")
    return folder, _build(folder), created.output


def test_new_project_publishes_only_what_the_user_wrote_or_the_text_states(first_project):
    folder, result, _ = first_project
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring((folder / "output" / "html" / "documents" / "example.html").read_bytes())
    everything = " ".join(page.text_content().split())
    facts = {dt.text_content().strip(): " ".join(dd.text_content().split())
             for dt, dd in zip(page.cssselect(".doc-meta dt"), page.cssselect(".doc-meta dd"))}
    # the date from the title, the time from the text; no translator, no tool as publisher, no placeholder
    assert facts["Date"] == "1 March 1960, 10:00"
    for invented in ("translator not named", "Translated by", "Your name", "In My edition", ", edition."):
        assert invented not in everything, invented
    root = etree.parse(str(folder / "output" / "tei" / "example.xml")).getroot()
    assert root.xpath("string(//t:publicationStmt/t:publisher)", namespaces=TEI) != "edition"
    assert not root.xpath("//t:respStmt[@xml:id='translator']", namespaces=TEI)
    assert root.xpath("//t:settingDesc//t:date/@from", namespaces=TEI) == ["1960-03-01T10:00:00"]


def test_dates_are_tagged_without_a_register(first_project):
    folder, _, _ = first_project
    root = etree.parse(str(folder / "output" / "tei" / "example.xml")).getroot()
    assert root.xpath("//t:text//t:time/@when", namespaces=TEI) == ["10:00:00"]


def test_datacite_record_is_valid_datacite_45(first_project, datacite_schema):
    folder, _, _ = first_project
    record = next((folder / "output" / "deposit" / "example").rglob("datacite.xml"))
    schema = datacite_schema
    tree = etree.parse(str(record))
    assert schema.validate(tree), "\n".join(str(e) for e in schema.error_log)
    year = tree.xpath("string(//*[local-name()='publicationYear'])")
    assert re.fullmatch(r"\d{4}", year)


def test_new_says_how_transcripts_are_picked_up_and_build_warns_of_unlisted_ones(first_project):
    folder, result, said = first_project
    assert "[[document]]" in said and "sources" in said
    project = (folder / "edition.toml").read_text(encoding="utf-8")
    assert project.count("[[document]]") == 2 and 'source = "sources/example.txt"' in project  # a comment and the entry
    assert 'sources/dropped.txt is not a [[document]] of edition.toml' in result.stderr
    assert not (folder / "output" / "tei" / "dropped.xml").exists()


def test_new_takes_title_editor_and_publisher(tmp_path):
    folder = tmp_path / "records"
    result = CliRunner().invoke(cli, ["new", str(folder), "--title", 'Records "1958"', "--editor", "Ada Smith"])
    assert result.exit_code == 0
    assert 'title = "Records \\"1958\\""' in (folder / "edition.toml").read_text(encoding="utf-8")
    assert 'publisher = "Ada Smith"' in (folder / "edition.toml").read_text(encoding="utf-8")
    assert 'editor = "Ada Smith"' in (folder / "sources" / "example.toml").read_text(encoding="utf-8")
    assert _build(folder).returncode == 0
    root = etree.parse(str(folder / "output" / "tei" / "example.xml")).getroot()
    assert root.xpath("string(//t:respStmt[@xml:id='editor']/t:name)", namespaces=TEI) == "Ada Smith"
    assert root.xpath("string(//t:publicationStmt/t:publisher)", namespaces=TEI) == "Ada Smith"
    home = lxml.html.fromstring((folder / "output" / "html" / "index.html").read_bytes())
    assert home.cssselect("h1")[0].text_content() == 'Records "1958"'
