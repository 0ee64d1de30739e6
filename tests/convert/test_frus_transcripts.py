"""Records nobody here wrote: the FRUS memoranda of conversation, reduced to plain text, converted.

The text of each FRUS document (headings, paragraphs, list items; the footnotes left out) is written as
a plain transcript, the way a user would paste it, and converted with no editorial file. Every one must
give TEI valid against the project's customisation and against tei_all, and the reading text must give
back the transcript word for word.
"""

from __future__ import annotations

import subprocess

import pytest
from lxml import etree

from edition.convert import convert_file
from edition.convert.reading import reading_paragraphs
from edition.validate.tei import validate_tree

T = "{http://www.tei-c.org/ns/1.0}"
BLOCKS = (f"{T}head", f"{T}p", f"{T}item", f"{T}dateline", f"{T}closer", f"{T}signed")


def plain_text(tei_path) -> str:
    """The body's blocks as paragraphs, footnotes removed (their tails kept)."""
    tree = etree.parse(str(tei_path), etree.XMLParser(resolve_entities=False, no_network=True))
    body = tree.find(f".//{T}body")
    for note in list(body.iter(f"{T}note")):
        parent = note.getparent()
        if note.tail:
            previous = note.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + note.tail
            else:
                parent.text = (parent.text or "") + note.tail
        parent.remove(note)
    paragraphs = []
    for block in body.iter(*BLOCKS):
        if any(a.tag in BLOCKS for a in block.iterancestors()):
            continue
        text = " ".join("".join(block.itertext()).split())
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def frus_transcripts(frus_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("frus-text")
    paths = []
    for tei in sorted(frus_dir.glob("*.xml")):
        path = folder / f"{tei.stem}.txt"
        path.write_text(plain_text(tei), encoding="utf-8")
        paths.append(path)
    assert len(paths) >= 20
    return paths


def test_every_frus_transcript_converts_to_valid_tei_and_back(frus_transcripts, tei_all_path, tmp_path):
    written = []
    for source in frus_transcripts:
        result = convert_file(source)
        data = result.to_bytes()
        root = etree.fromstring(data)
        problems = [p for p in validate_tree(root, source.name) if p.severity != "warning"]
        assert problems == [], problems
        expected = [" ".join(p.split()) for p in source.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        body = [p["number"] for p in result.report.paragraphs if p["result"].startswith(("body", "sp"))]
        regenerated = [" ".join(p.split()) for p in reading_paragraphs(root)]
        assert regenerated == [expected[n - 1] for n in body], source.name
        out = tmp_path / f"{source.stem}.xml"
        out.write_bytes(data)
        written.append(str(out))
    run = subprocess.run(["jing", str(tei_all_path), *written], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[:2000]


def test_reported_speech_stays_with_the_recorder(frus_transcripts):
    source = next(p for p in frus_transcripts if p.stem.endswith("_d169"))
    root = convert_file(source).root
    for sp in root.iter(f"{T}sp"):
        for p in sp.iter(f"{T}p"):
            text = "".join(p.itertext())
            assert not text.startswith(("The Secretary suggested", "Mr. Smith replied")), text


def test_a_state_department_header_goes_to_the_tei_header(frus_transcripts):
    source = next(p for p in frus_transcripts if p.stem.endswith("_d6"))
    root = convert_file(source).root
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    x = lambda path: root.xpath(path, namespaces=ns)
    assert x("string(//t:div/t:head)") == "6. Memorandum of Conversation"
    assert x("string(//t:setting/t:placeName)") == "Taipei"
    assert x("string(//t:setting/t:date/@from)") == "1958-03-14T20:30:00"
    assert x("string(//t:title[@type='sub'])") == "Exchange of Views"
    assert x("string(//t:notesStmt/t:note)") == "Reference: USDel/MC–7"
    people = x("//t:particDesc//t:person/@xml:id")
    assert len(people) == 13 and {"dulles", "chiang-kai-shek", "george-yeh"} <= set(people)
    # the section headings after the header are part of the text, not the header
    assert x("string(//t:div/t:p[1])") == "General Situation"
