"""The apparatus criticus of the print edition, read back from the PDF with pdftotext: entries at
the foot of the page keyed to line numbers, with sigla; every fifth line numbered in the margin."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from edition.collate import collate_witnesses
from edition.convert import serialize_tei
from edition.publish.print.pdf import PrintOptions, render_pdf, print_html
from edition.project import WitnessSpec
from tests.pdflines import layout_pages, line_of_text

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
    """No variants and no corrections (the memorandum with its corrections taken in): no apparatus, no
    line numbers, no key to them on the title page, and no second layout for them (print_lines.py)."""
    import copy

    from lxml import etree

    root = copy.deepcopy(memorandum_result.root)
    tei = "{http://www.tei-c.org/ns/1.0}"
    for choice in list(root.iter(tei + "choice")):
        edited = choice.find(tei + "corr")
        if edited is None:
            edited = choice.find(tei + "reg")
        holder = etree.Element(tei + "seg")
        holder.text, holder.tail = edited.text, choice.tail
        choice.getparent().replace(choice, holder)
    html = print_html(root)
    assert "crit-note" not in html and 'class="w"' not in html and "has-apparatus" not in html
    assert "apparatus-key" not in html and "Czechoslovakia" in html


@pytest.fixture(scope="module")
def corrected_pages(tmp_path_factory) -> list[str]:
    """The two records, the base text A with a slip ("patinet") its editorial file corrects."""
    folder = tmp_path_factory.mktemp("corrected")
    text = (FIXTURES / "talk-a.txt").read_text(encoding="utf-8")
    assert "Warsaw are patient." in text
    (folder / "talk-a.txt").write_text(text.replace("are patient", "are patinet"), encoding="utf-8")
    (folder / "talk-a.toml").write_text((FIXTURES / "talk-a.toml").read_text(encoding="utf-8") +
                                        '\n[[correction]]\nsic = "patinet"\ncorr = "patient"\nreason = "slip"\n',
                                        encoding="utf-8")
    collation = collate_witnesses([
        WitnessSpec(folder / "talk-a.txt", "A", "Record A", True, folder / "talk-a.toml"),
        WitnessSpec(FIXTURES / "talk-b.txt", "B", "Record B", False, None)])
    pdf = folder / "talk.pdf"
    pdf.write_bytes(render_pdf(collation.result.root, tei_bytes=serialize_tei(collation.result.root),
                               options=PrintOptions(project_title="Test")))
    return layout_pages(pdf)


def test_corrections_and_variants_share_the_foot_of_the_page(corrected_pages):
    """Both apparatuses keyed to one line numbering: the variants ("3 socialism] A; communism B") and the
    correction of the base text ("11 patient] patinet A", A the base text as received)."""
    page = next(p for p in corrected_pages if "socialism]" in p)
    foot = flat(page)
    assert "3 socialism] A; communism B" in foot
    match = re.search(r"(\d+) patient\] patinet A", foot)
    assert match, foot
    assert "Our friends in Warsaw are patient." in line_of_text(page, int(match.group(1)))
    # the lemma of the variant that holds the correction is the edited reading
    assert "Khrushchev: Our friends in Warsaw are patient.] A; om. B" in foot
    assert flat("".join(corrected_pages)).count("patinet") == 1
    assert "the source as received (the base text)" in flat(corrected_pages[0])
