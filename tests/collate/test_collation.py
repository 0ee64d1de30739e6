"""Collation of witnesses (edition/collate/): known variants give exactly their app entries,
normalisation hides what it should, every witness reads back word for word, the result is valid."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import cli
from edition.collate import CollationError, collate_witnesses, read_back
from edition.collate.normalise import load_normaliser
from edition.convert import serialize_tei
from edition.project import WitnessSpec, load_project
from edition.safexml import parse_xml_bytes
from edition.validate.tei import validate_tree

from ..conftest import MEMORANDUM, MEMORANDUM_META, REGISTER

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "collate"
TEI = {"t": "http://www.tei-c.org/ns/1.0"}
MEMO_RULES = {"collation": {"spelling": [["Jiang", "Chiang"], ["Jieshi", "Kai-shek"]]}}


def talk_specs():
    return [WitnessSpec(FIXTURES / "talk-a.txt", "A", "Record A", True, FIXTURES / "talk-a.toml"),
            WitnessSpec(FIXTURES / "talk-b.txt", "B", "Record B", False, None)]


def entries(root) -> list[tuple]:
    """Each app as (lemma text, ((witnesses, reading text, type), ...)), white space normalised."""
    def text(e):
        return " ".join(" ".join(e.itertext()).split())
    out = []
    for app in root.iterfind(".//t:body//t:app", TEI):
        lem = app.find("t:lem", TEI)
        out.append((text(lem), tuple((r.get("wit"), text(r), r.get("type")) for r in app.iterfind("t:rdg", TEI))))
    return out


@pytest.fixture(scope="module")
def talk():
    return collate_witnesses(talk_specs())


@pytest.fixture(scope="module")
def memorandum():
    from edition.editorial.register import load_register
    specs = [WitnessSpec(MEMORANDUM, "A", "The archive's translation", True, MEMORANDUM_META),
             WitnessSpec(FIXTURES / "memorandum-variant.txt", "B", "A variant written for the tests", False, None)]
    return collate_witnesses(specs, register=load_register(REGISTER), editorial=MEMO_RULES)


def test_known_variants_give_exactly_their_apps(talk):
    assert entries(talk.result.root) == [
        ("socialism", (("#B", "communism", None),)),
        ("morning", (("#B", "", "omission"),)),
        ("", (("#B", "many", "addition"),)),
        ("Sooner", (("#B", "Later", None),)),          # a transposition: CollateX aligns "or"
        ("later", (("#B", "sooner", None),)),
        ("", (("#B", "Zhou Enlai A toast to friendship.", "addition"),)),   # a turn only B has
        ("Khrushchev Our friends in Warsaw are patient.", (("#B", "", "omission"),)),   # a turn B lacks
    ]
    lems = talk.result.root.findall(".//t:app/t:lem", TEI)
    assert {lem.get("wit") for lem in lems} == {"#A"}


def test_normalisation_hides_case_punctuation_and_spelling_pairs(talk):
    body = etree.tostring(talk.result.root.find(".//t:body", TEI), encoding="unicode")
    # 'to the health of our guests,' (case, punctuation), 'defense', 'Chiang Kai-shek' are no variants
    for hidden in ("guests", "defense", "Chiang", "Kai-shek", "defence"):
        assert not [a for a in entries(talk.result.root) if hidden in a[0] or any(hidden in r[1] for r in a[1])]
    assert "The defence of peace" in body and "Jiang Jieshi helps us" in body


def test_without_the_rules_those_differences_are_variants():
    collation = collate_witnesses(talk_specs(), editorial={"collation": {"ignore_case": False,
                                                                          "ignore_punctuation": False}})
    found = entries(collation.result.root)
    assert ("defence", (("#B", "defense", None),)) in found
    assert any(lem.startswith("To") and any(r[1].startswith("to") for r in rdgs) for lem, rdgs in found)
    assert any(lem == "Jiang Jieshi" for lem, _ in found)


def test_every_witness_reads_back_word_for_word(talk, memorandum):
    from edition.collate.tokens import read_blocks
    from edition.convert import convert_file
    talk_rules = {"collation": {"spelling": [["defence", "defense"], ["Jiang", "Chiang"], ["Jieshi", "Kai-shek"]]}}
    for collation, rules in ((talk, talk_rules), (memorandum, MEMO_RULES)):
        normalise = load_normaliser(rules)
        for witness in collation.witnesses:
            own = convert_file(witness.name).root     # the witness converted on its own, no apparatus
            expected = [t.n for b in read_blocks(own, normalise, "x") for t in b.tokens if t.n != "\u2063"]
            assert len(expected) > 40
            assert read_back(collation.result.root, witness.siglum, normalise) == expected


def test_memorandum_variant_gives_its_known_differences(memorandum):
    found = entries(memorandum.result.root)
    simple = [(lem, rdgs[0][1], rdgs[0][2]) for lem, rdgs in found]
    assert simple[:7] == [
        ("", "will", "addition"), ("will", "", "omission"),       # 'undoubtedly will' → 'will undoubtedly'
        ("", "many", "addition"), ("", "Nobody answers", "addition"), ("very", "", "omission"),
        ("socialism", "communism", None), ("very", "most", None),
    ]
    assert simple[7][0].startswith("If you consider the matter") and simple[7][2] == "omission"
    assert len(found) == 8    # 'Chiang Kai-shek' (spelling pairs) and 'perhaps … this.' (case, punctuation) hidden
    # the base's markup is kept inside the lemma
    lem = memorandum.result.root.findall(".//t:app", TEI)[7].find("t:lem", TEI)
    assert lem.find("t:persName[@ref='#dulles']", TEI) is not None


def test_results_are_valid_against_the_customisation_and_tei_all(talk, memorandum, tei_all_path):
    from edition.validate.tei import validate_files
    for collation in (talk, memorandum):
        data = serialize_tei(collation.result.root)
        problems = validate_tree(parse_xml_bytes(data, "collated.xml"), "collated.xml")
        assert [p.format() for p in problems if p.severity != "warning"] == []
        root = collation.result.root
        assert [w.get("{http://www.w3.org/XML/1998/namespace}id") for w in root.iterfind(".//t:listWit/t:witness", TEI)] == ["A", "B"]
        assert root.find(".//t:variantEncoding", TEI).get("method") == "parallel-segmentation"


def test_tei_all_accepts_the_collation(tmp_path, talk, tei_all_path):
    from edition.validate.tei import validate_files
    path = tmp_path / "talk.xml"
    path.write_bytes(serialize_tei(talk.result.root))
    report = validate_files([path], mode="tei-all", schema=tei_all_path)
    assert [p.format() for f in report.files for p in f.problems] == []


def test_apparatus_rules_reject_unknown_witnesses_and_missing_lemmas(talk):
    root = parse_xml_bytes(serialize_tei(talk.result.root), "x.xml").getroot()
    root.find(".//t:rdg", TEI).set("wit", "#Z")
    app = root.findall(".//t:app", TEI)[1]
    app.remove(app.find("t:lem", TEI))
    messages = [p.format() for p in validate_tree(root, "x.xml") if p.severity != "warning"]
    assert any('wit="#Z"' in m for m in messages)
    assert any("app without a lem" in m for m in messages)


def test_editor_decisions_lemma_and_reject_touch_no_witness():
    rules = {"collation": {"spelling": [["defence", "defense"]],
                           "lemma": [{"witness": "B", "reading": "communism"}],
                           "reject": [{"witness": "B", "reading": "Later", "base": "Sooner"}]}}
    before = (FIXTURES / "talk-b.txt").read_bytes()
    collation = collate_witnesses(talk_specs(), editorial=rules)
    found = entries(collation.result.root)
    assert ("communism", (("#A", "socialism", None),)) in found
    assert ("Sooner", (("#B", "", "omission"),)) in found
    assert ("", (("#B", "Later", "addition"),)) in found
    assert (FIXTURES / "talk-b.txt").read_bytes() == before
    for witness in ("A", "B"):   # still lossless
        assert read_back(collation.result.root, witness, load_normaliser(rules))


def test_a_decision_that_matches_nothing_is_an_error():
    with pytest.raises(CollationError, match="matches no variant"):
        collate_witnesses(talk_specs(), editorial={"collation": {"lemma": [{"witness": "B", "reading": "capitalism"}]}})


def test_two_conventions_of_one_conversation():
    """An interview with full names, and the same interview with initials and timecodes."""
    specs = [WitnessSpec(FIXTURES / "interview-names.txt", "N", "Full names", True, None),
             WitnessSpec(FIXTURES / "interview-initials.txt", "I", "Initials", False, None)]
    # without rules the labels are variants of each turn's speaker
    found = entries(collate_witnesses(specs).result.root)
    assert found == [("Interviewer", (("#I", "Q", None),)), ("Anna Petrova", (("#I", "A", None),)),
                     ("country", (("#I", "village", None),)),
                     ("Interviewer", (("#I", "Q", None),)), ("Anna Petrova", (("#I", "A", None),))]
    # with the labels of each speaker named alike, only the words differ ('The hunger...' is punctuation)
    rules = {"collation": {"speakers": [["Interviewer", "Q"], ["Anna Petrova", "A"]]}}
    collation = collate_witnesses(specs, editorial=rules)
    assert entries(collation.result.root) == [("country", (("#I", "village", None),))]
    assert collation.warnings == []


def test_collate_command_and_build_stage(tmp_path):
    for name in ("talk-a.txt", "talk-a.toml", "talk-b.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "edition.toml").write_text(
        '[edition]\ntitle = "Test"\n\n[[document]]\n'
        '[[document.witness]]\nsource = "talk-a.txt"\nsiglum = "A"\ndescription = "Record A"\nbase = true\n'
        '[[document.witness]]\nsource = "talk-b.txt"\nsiglum = "B"\ndescription = "Record B"\n', encoding="utf-8")
    project = load_project(tmp_path / "edition.toml")
    assert [w.siglum for w in project.documents[0].witnesses] == ["A", "B"]
    result = CliRunner().invoke(cli, ["collate", "--project", str(tmp_path / "edition.toml")])
    assert result.exit_code == 0, result.output
    assert "7 apparatus entries" in result.output
    out = tmp_path / "output" / "tei" / "talk-1958-10-02.xml"
    assert out.read_bytes().count(b"<app ") == 7
    out.unlink()
    result = CliRunner().invoke(cli, ["build", "--project", str(tmp_path / "edition.toml"), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().count(b"<app ") == 7
    page = (tmp_path / "output" / "html" / "documents" / "talk-1958-10-02.html").read_text(encoding="utf-8")
    assert page.count('<li id="crit-app-') == 7 and 'class="witness-switch"' in page


def test_bad_witness_configuration_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("A: Hello.\n", encoding="utf-8")
    (tmp_path / "edition.toml").write_text(
        '[[document]]\n[[document.witness]]\nsource = "a.txt"\nsiglum = "1A"\n'
        '[[document.witness]]\nsource = "missing.txt"\nsiglum = "B"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["collate", "--project", str(tmp_path / "edition.toml")])
    assert result.exit_code == 1
    assert "siglum" in result.output and "missing.txt" in result.output and "Traceback" not in result.output


def test_a_tei_file_is_a_witness_too(tmp_path, talk):
    from edition.convert import convert_file
    tei = tmp_path / "talk-b.xml"
    tei.write_bytes(serialize_tei(convert_file(FIXTURES / "talk-b.txt").root))
    specs = [talk_specs()[0], WitnessSpec(tei, "B", "Record B, TEI", False, None)]
    assert entries(collate_witnesses(specs).result.root) == entries(talk.result.root)


def test_whole_turns_without_counterpart_are_reported(talk):
    assert len(talk.warnings) == 2
    assert any("Our friends in Warsaw" in w and "omission" in w for w in talk.warnings)
    assert any("Zhou Enlai: A toast" in w and "addition" in w for w in talk.warnings)
