"""The editorial layer on the memorandum and on a second, short transcript (edition/editorial/layer.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from edition.convert import convert_file
from edition.errors import ConfigError

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "editorial"


def text_of(el) -> str:
    return "".join(el.itertext())


def by_id(root, ident):
    return root.find(f".//*[@{{http://www.w3.org/XML/1998/namespace}}id='{ident}']")


def convert_with(repo_root, tmp_path, editorial_tail: str):
    """Convert the memorandum with a copy of its editorial file plus ``editorial_tail``."""
    source = tmp_path / "memorandum-1958-10-02.txt"
    shutil.copy(repo_root / "sources" / "memorandum-1958-10-02.txt", source)
    meta = tmp_path / "memorandum-1958-10-02.toml"
    meta.write_text((repo_root / "sources" / "memorandum-1958-10-02.toml").read_text(encoding="utf-8")
                    + editorial_tail, encoding="utf-8")
    return convert_file(source, metadata_path=meta, register_path=repo_root / "sources" / "register.toml"), meta


# ---------------------------------------------------------------------- names

def test_jiang_jieshi_resolves_to_chiang_kai_sheks_wikidata_id(memorandum_tei, repo_root):
    tagged = [el for el in memorandum_tei.iterfind(".//t:body//t:persName", NS) if text_of(el) == "Jiang Jieshi"]
    source = (repo_root / "sources" / "memorandum-1958-10-02.txt").read_text(encoding="utf-8")
    assert len(tagged) == source.count("Jiang Jieshi") == 8
    assert {el.get("ref") for el in tagged} == {"#chiang-kai-shek"}
    person = by_id(memorandum_tei, "chiang-kai-shek")
    assert person.tag == "{http://www.tei-c.org/ns/1.0}person"
    assert person.findtext("t:idno[@type='wikidata']", namespaces=NS) == "Q16574"
    assert person.findtext("t:persName[@type='preferred']", namespaces=NS) == "Chiang Kai-shek"


def test_every_ref_points_to_exactly_one_register_entry_of_its_kind(memorandum_tei):
    kinds = {"persName": "person", "placeName": "place", "orgName": "org", "name": "event"}
    refs = list(memorandum_tei.iterfind(".//t:text//*[@ref]", NS))
    assert len(refs) > 120
    for el in refs:
        target = by_id(memorandum_tei, el.get("ref")[1:])
        assert target is not None, el.get("ref")
        assert target.tag.split("}")[1] == kinds[el.tag.split("}")[1]], el.get("ref")
    ids = [el.get(XML_ID) for el in memorandum_tei.iter() if el.get(XML_ID)]
    assert len(ids) == len(set(ids))


def test_participants_get_the_registers_details_in_particdesc(memorandum_tei):
    mao = memorandum_tei.find(".//t:particDesc//t:person[@xml:id='mao-zedong']",
                              {**NS, "xml": "http://www.w3.org/XML/1998/namespace"})
    assert mao.findtext("t:idno[@type='wikidata']", namespaces=NS) == "Q5816"
    assert mao.find("t:birth", NS).get("when") == "1893-12-26"
    # participants are not listed a second time in the register lists
    assert memorandum_tei.find(".//t:sourceDesc/t:listPerson//t:person[@xml:id='mao-zedong']",
                               {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}) is None


def test_speaker_labels_and_the_corrected_label_are_tagged(memorandum_tei):
    speakers = memorandum_tei.findall(".//t:speaker", NS)
    assert all(sp.find("t:persName", NS) is not None for sp in speakers)
    slip = [sp for sp in speakers if sp.find(".//t:sic", NS) is not None]
    assert len(slip) == 1
    name = slip[0].find("t:persName", NS)
    assert name.get("ref") == "#efremov" and name.findtext("t:choice/t:sic", namespaces=NS) == "Efremeov"


def test_korea_the_place_and_the_korean_war_the_event(memorandum_tei):
    korea = [text_of(el) for el in memorandum_tei.iterfind(".//t:body//t:placeName[@ref='#korea']", NS)]
    assert korea == ["Korea", "Korea"]
    war = memorandum_tei.find(".//t:body//t:name[@ref='#korean-war']", NS)
    assert war.get("type") == "event" and war.text == "Korean War"
    assert war.getparent().tag.endswith("}q")   # inside the quotation “Lessons of the Korean War.”


def test_no_name_inside_a_longer_word(memorandum_tei):
    lenin = [el.text for el in memorandum_tei.iterfind(".//t:body//t:persName[@ref='#lenin']", NS)]
    assert lenin == ["Lenin", "Lenin"]   # "Marxism-Leninism" (twice in the text) is not a name
    for el in memorandum_tei.iterfind(".//t:body//t:persName[@ref='#marx']", NS):
        assert text_of(el) == "K. Marx"


# ---------------------------------------------------------------------- dates and quantities

def test_the_1958_steel_plan_figures_in_order(memorandum_tei):
    steel = [(m.get("quantity"), m.get("unit")) for m in memorandum_tei.iterfind(".//t:body//t:measure", NS)
             if m.get("commodity") == "steel"]
    assert steel == [("5350000", "t"), ("6200000", "t"), ("7500000", "t"), ("9000000", "t"), ("10700000", "t"),
                     ("10000000", "t"), ("20000000", "t")]


def test_harvest_and_communes(memorandum_tei):
    measures = {m.text: m for m in memorandum_tei.iterfind(".//t:body//t:measure", NS)}
    assert measures["155 million tons"].get("quantity") == "155000000"
    assert measures["75-80 million ton"].get("type") == "range"
    assert measures["75-80 million ton"].get("quantity") == "77500000"
    assert (measures["700,000 agricultural collectives"].get("quantity"),
            measures["20,000 people’s communes"].get("quantity"),
            measures["7,000 households"].get("quantity")) == ("700000", "20000", "7000")
    assert measures["7,000 households"].get("unit") == "count"


def test_dates_and_times(memorandum_tei):
    dates = {(d.text, d.get("when")) for d in memorandum_tei.iterfind(".//t:body//t:date", NS)}
    for expected in [("2 October 1958", "1958-10-02"), ("November 1957", "1957-11"), ("1871", "1871"),
                     ("16 July", "1958-07-16"), ("1927", "1927"), ("Last year", "1957")]:
        assert expected in dates
    times = [(t.text, t.get("when")) for t in memorandum_tei.iterfind(".//t:body//t:time", NS)]
    assert ("21:30", "21:30:00") in times and ("23:30", "23:30:00") in times


# ---------------------------------------------------------------------- corrections, notes, quotations

@pytest.mark.parametrize("sic, corr", [("Czecholsovakia", "Czechoslovakia"), ("to a member", "to be a member"),
                                       ("the an", "an")])
def test_corrections_keep_both_readings(memorandum_tei, sic, corr):
    choices = [c for c in memorandum_tei.iterfind(".//t:body//t:choice", NS) if c.findtext("t:sic", namespaces=NS) == sic]
    assert len(choices) == 1
    corrected = choices[0].find("t:corr", NS)
    assert corrected.text == corr and corrected.get("resp") == "#editor"


def test_sophia_is_regularised_to_sofia_and_linked(memorandum_tei):
    choice = [c for c in memorandum_tei.iterfind(".//t:body//t:choice", NS) if c.find("t:orig", NS) is not None]
    assert len(choice) == 1
    assert (choice[0].findtext("t:orig", namespaces=NS), choice[0].findtext("t:reg", namespaces=NS)) == ("Sophia", "Sofia")
    assert choice[0].getparent().get("ref") == "#sofia"


def test_editorial_notes_follow_their_anchor(memorandum_tei):
    notes = memorandum_tei.findall(".//t:body//t:note[@type='editorial']", NS)
    assert [n.get(XML_ID) for n in notes] == [f"ednote-{i}" for i in range(1, len(notes) + 1)]
    assert all(n.get("resp") == "#editor" for n in notes)
    sihanouk = [n for n in notes if "Cambodian" in text_of(n)][0]
    before = sihanouk.getprevious()
    assert before.get("ref") == "#sihanouk" and before.text == "Sihanouk"
    zhu = [n for n in notes if "Minister of Defense" in text_of(n)][0]
    assert zhu.getprevious().get("ref") == "#zhu-de"
    editor = by_id(memorandum_tei, "editor")
    assert editor is not None and editor.tag.endswith("respStmt")


def test_scare_quotes_and_quotations(memorandum_tei):
    so_called = [text_of(s).strip("“”.") for s in memorandum_tei.iterfind(".//t:body//t:soCalled", NS)]
    assert {"teacher", "president", "comrade", "expert", "teachers"} <= set(so_called)
    quotations = [text_of(q) for q in memorandum_tei.iterfind(".//t:body//t:q", NS)]
    assert "“Lessons of the Korean War.”" in quotations
    assert "“fundamentally change the appearance of the countryside.”" in quotations


# ---------------------------------------------------------------------- errors

def test_a_stale_anchor_is_an_error_naming_the_entry(repo_root, tmp_path):
    with pytest.raises(ConfigError) as caught:
        convert_with(repo_root, tmp_path, '\n[[note]]\nanchor = "Minister of Agriculture"\ntext = "x"\n')
    message = caught.value.format_message()
    assert "memorandum-1958-10-02.toml:" in message
    assert "matches nothing" in message and "'Minister of Agriculture'" in message
    lines = (tmp_path / "memorandum-1958-10-02.toml").read_text(encoding="utf-8").splitlines()
    assert lines[caught.value.line - 1] == "[[note]]" and caught.value.line == len(lines) - 2


def test_an_anchor_matching_several_places_is_an_error_unless_told_which(repo_root, tmp_path):
    with pytest.raises(ConfigError, match=r"matches 2 places \(source lines 22, 22\)"):
        convert_with(repo_root, tmp_path, '\n[[note]]\nanchor = "Zhu De"\ntext = "x"\n')
    result, _ = convert_with(repo_root, tmp_path, '\n[[note]]\nanchor = "Zhu De"\noccurrence = 1\ntext = "First."\n')
    note = [n for n in result.root.iterfind(".//t:note[@type='editorial']", NS) if n.text == "First."][0]
    assert note.getprevious().text == "Zhu De" and "Liu Shaoqi" in text_of(note.getparent())


def test_a_correction_across_markup_is_refused(repo_root, tmp_path):
    with pytest.raises(ConfigError, match="crosses other markup"):
        convert_with(repo_root, tmp_path, '\n[[correction]]\nsic = "[to adopt] such"\ncorr = "x"\n')


# ---------------------------------------------------------------------- output

def test_the_layer_is_deterministic(repo_root, memorandum_result):
    again = convert_file(repo_root / "sources" / "memorandum-1958-10-02.txt",
                         metadata_path=repo_root / "sources" / "memorandum-1958-10-02.toml",
                         register_path=repo_root / "sources" / "register.toml")
    assert again.to_bytes() == memorandum_result.to_bytes()


def test_the_memorandum_stays_valid_against_the_project_schema(memorandum_tei):
    from edition.validate.tei import validate_tree

    problems = [p for p in validate_tree(memorandum_tei, "memorandum") if p.severity == "error"]
    assert problems == []


@pytest.mark.skipif(shutil.which("jing") is None, reason="jing not installed")
def test_the_memorandum_stays_valid_against_tei_all(memorandum_tei_file, tei_all_path):
    run = subprocess.run(["jing", str(tei_all_path), str(memorandum_tei_file)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_a_second_transcript_with_its_own_register_and_corrections():
    folder = FIXTURES / "second"
    result = convert_file(folder / "record-1959-03-12.txt", metadata_path=folder / "record-1959-03-12.toml",
                          register_path=folder / "register.toml")
    root = result.root
    assert [el.get("ref") for el in root.iterfind(".//t:speaker/t:persName", NS)] == [
        "#gomulka", "#cyrankiewicz", "#gomulka"]
    place = root.find(".//t:body//t:placeName[@ref='#katowice']", NS)
    assert place.findtext("t:choice/t:sic", namespaces=NS) == "Katowcie"
    assert place.findtext("t:choice/t:corr", namespaces=NS) == "Katowice"
    assert root.find(".//t:body//t:placeName[@ref='#krakow']/t:choice/t:reg", NS).text == "Kraków"
    coal = [(m.get("quantity"), m.get("commodity")) for m in root.iterfind(".//t:body//t:measure", NS)]
    assert coal == [("94100000", "hard coal"), ("99000000", "hard coal")]
    assert ("20 March", "1959-03-20") in {(d.text, d.get("when")) for d in root.iterfind(".//t:body//t:date", NS)}
    assert root.find(".//t:sourceDesc/t:listPlace[@type='register']/t:place[@xml:id='katowice']",
                     {**NS, "xml": "http://www.w3.org/XML/1998/namespace"}) is not None
