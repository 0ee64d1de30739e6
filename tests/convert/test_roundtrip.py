"""Lossless: every paragraph of the source is in the TEI text, in the header, or set aside with a reason."""

from __future__ import annotations

from edition import TEI_NS
from edition.convert.reading import reading_paragraphs
from edition.convert.source import read_source
from edition.convert.paragraphs import split_paragraphs
from tests.conftest import MEMORANDUM

T = f"{{{TEI_NS}}}"


def words(text: str) -> list[str]:
    return text.split()


def test_reading_text_regenerates_the_body_word_for_word(memorandum_result):
    source = {p.number: p.text for p in split_paragraphs(read_source(MEMORANDUM))}
    report = memorandum_result.report
    body_numbers = [p["number"] for p in report.paragraphs if p["result"].startswith(("body", "sp"))]
    set_aside_numbers = [s["paragraph"] for s in report.set_aside]
    # every source paragraph is accounted for exactly once
    assert sorted(body_numbers + set_aside_numbers) == sorted(source)
    regenerated = reading_paragraphs(memorandum_result.root)
    expected = [source[n] for n in body_numbers]
    assert [words(p) for p in regenerated] == [words(p) for p in expected]
    # and the whole source, word for word: body + set-aside texts in source order
    merged = {**{n: t for n, t in zip(body_numbers, regenerated)},
              **{s["paragraph"]: s["text"] for s in report.set_aside}}
    assert words(" ".join(merged[n] for n in sorted(merged))) == words(" ".join(source.values()))


def received(element) -> str:
    """The text of ``element`` as received: an editor's corrected or regular reading left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in (T + "corr", T + "reg"):
            parts.append(received(child))
        parts.append(child.tail or "")
    return "".join(parts)


def test_what_went_to_the_header_is_there(memorandum_result):
    header = received(memorandum_result.root.find(T + "teiHeader"))
    for entry in memorandum_result.report.set_aside:
        if entry["destination"] is None:
            continue
        text = entry["text"]
        if entry["destination"].startswith(("profileDesc/abstract", "publicationStmt/availability")):
            assert text in header
    assert "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322" in header
    assert "Austin Jersild" in header and "Leon Levy Foundation" in header


def test_every_paragraph_has_a_rule(memorandum_result):
    for paragraph in memorandum_result.report.paragraphs:
        assert paragraph["rule"] and paragraph["result"]
    assert len(memorandum_result.report.paragraphs) == 109


def test_the_source_is_kept_exactly_as_received(shared_dir):
    """Editorial decisions live in the editorial files; the transcript is the one received, byte for byte."""
    assert MEMORANDUM.read_bytes() == (shared_dir / "sources" / MEMORANDUM.name).read_bytes()
