"""The apparatus criticus of the print edition, read back from the PDF with pdftotext: entries at
the foot of the page keyed to line numbers, with sigla; every fifth line numbered in the margin."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from edition.collate import collate_witnesses
from edition.convert import serialize_tei
from edition.pdf import PrintOptions, render_pdf, print_html
from edition.project import WitnessSpec

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "collate"


@pytest.fixture(scope="module")
def collation():
    return collate_witnesses([
        WitnessSpec(FIXTURES / "talk-a.txt", "A", "Record A", True, FIXTURES / "talk-a.toml"),
        WitnessSpec(FIXTURES / "talk-b.txt", "B", "Record B", False, None)])


@pytest.fixture(scope="module")
def pages(collation, tmp_path_factory) -> list[str]:
    pdf = tmp_path_factory.mktemp("print") / "talk.pdf"
    data = serialize_tei(collation.result.root)
    pdf.write_bytes(render_pdf(collation.result.root, tei_bytes=data, options=PrintOptions(project_title="Test")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\u2010\s+", "", text))   # words hyphenated at a line end joined


def test_apparatus_at_the_foot_of_the_page_keyed_to_lines_with_sigla(pages):
    page = next(p for p in pages if "socialism]" in p)
    text, foot = page.split("socialism]")[0], flat(page)
    # the entries come after the text of the page, in order, each with its line number
    assert "Thank you for everything." in text
    assert "3 socialism] A; communism B" in foot
    assert "5 morning] A; om. B" in foot
    assert "8 ‸] A; add. many B" in foot
    assert "8 Sooner] A; Later B" in foot
    assert "10 Khrushchev: Our friends in Warsaw are patient.] A; om. B" in foot
    assert "10 ‸] A; add. Zhou Enlai: A toast to friendship. B" in foot


def test_the_numbers_are_the_lines_of_the_text(pages):
    page = next(p for p in pages if "socialism]" in p)
    lines = [line for line in page.splitlines() if line.strip()]
    numbered = {int(m.group(1)): m.group(2) for line in lines if (m := re.match(r"\s*(\d+)\s{2,}(\S.*)$", line))
                and "]" not in line}
    assert numbered[5].startswith("We need to defeat imperialism")      # every fifth line in the margin
    text_lines = [line.strip() for line in lines[lines.index(next(l for l in lines if "Memorandum of a" in l and
                                                                    "Text" not in l)):]]
    assert text_lines[2].startswith("To the health")                    # line 3: the lemma 'socialism'
    assert "socialism" in text_lines[2]


def test_no_readings_in_the_printed_text(pages):
    body = flat("".join(pages))
    assert "communism" not in body.split("socialism]")[0].split("To the health")[-1]


def test_a_document_without_apparatus_is_printed_as_before(memorandum_result):
    html = print_html(memorandum_result.root)
    assert "crit-note" not in html and 'class="w"' not in html
