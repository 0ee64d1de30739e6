"""Entity linking on small hand-written TEI (tests/fixtures/editorial/skeleton.xml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.editorial.linking import link_names
from edition.editorial.register import load_register

FIXTURES = Path(__file__).parents[1] / "fixtures" / "editorial"
NS = {"t": "http://www.tei-c.org/ns/1.0"}


def tei(body: str):
    text = (FIXTURES / "skeleton.xml").read_text(encoding="utf-8").replace("<!--BODY-->", body)
    return etree.fromstring(text.encode("utf-8"))


@pytest.fixture(scope="module")
def register():
    return load_register(FIXTURES / "unit_register.toml")


def names(root):
    return [(el.tag.split("}")[1], el.get("ref"), "".join(el.itertext()))
            for el in root.iterfind(".//t:text//*[@ref]", NS)]


def test_longest_form_wins_and_no_match_inside_a_longer_word(register):
    root = tei('<p>The Korean War in Korea; Koreans and Gomułkaism; W. Gomułka and Gomułka’s plan.</p>')
    link_names(root, register)
    assert names(root) == [("name", "#korean-war", "Korean War"), ("placeName", "#korea", "Korea"),
                           ("persName", "#gomulka", "W. Gomułka"), ("persName", "#gomulka", "Gomułka")]
    assert root.find(".//t:name", NS).get("type") == "event"


def test_names_in_speaker_labels_supplied_words_and_glosses_are_tagged(register):
    root = tei('<sp who="#gomulka"><speaker>Cde. Gomułka</speaker><p>Then <supplied reason="clarification" '
               'resp="#translator">Prince Norodom</supplied> Sihanouk came from <note type="gloss" place="inline" '
               'resp="#translator">Korea</note>.</p></sp>')
    link_names(root, register)
    speaker = root.find(".//t:speaker", NS)
    assert etree.tostring(speaker, encoding="unicode").endswith(
        'Cde. <persName ref="#gomulka">Gomułka</persName></speaker>')
    assert root.find(".//t:supplied/t:persName", NS).get("ref") == "#sihanouk"
    assert root.find(".//t:note/t:placeName", NS).text == "Korea"


def test_a_corrected_label_is_wrapped_whole_and_not_split(register):
    root = tei('<sp who="#efremov"><speaker>Cde. <choice><sic>Efremeov</sic><corr resp="#editor">Efremov</corr>'
               '</choice></speaker><p>Yes.</p></sp>')
    link_names(root, register)
    name = root.find(".//t:speaker/t:persName", NS)
    assert name.get("ref") == "#efremov"
    assert [c.tag.split("}")[1] for c in name] == ["choice"]
    assert root.find(".//t:sic", NS).text == "Efremeov"   # nothing tagged inside the readings


def test_a_bare_name_from_the_converter_gets_its_ref(register):
    root = tei('<closer><signed>Recorded by <persName>Vl. Rogov</persName>.</signed></closer>')
    link_names(root, register)
    persons = root.findall(".//t:signed/t:persName", NS)
    assert len(persons) == 1 and persons[0].get("ref") == "#rogov"


def test_an_unresolved_ambiguous_form_is_reported_and_left_alone(register):
    root = tei('<p>We went to Georgia.</p>')
    used, report = link_names(root, register)
    assert names(root) == []
    assert report[0]["kind"] == "ambiguous-name"
    assert "georgia-country" in report[0]["message"] and "georgia-state" in report[0]["message"]


def test_the_header_is_never_touched(register):
    root = tei('<p>Gomułka.</p>')
    link_names(root, register)
    assert root.find(".//t:particDesc//t:persName", NS).get("ref") is None
    assert not root.findall(".//t:teiHeader//t:placeName", NS)
