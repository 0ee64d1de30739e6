"""The memorandum as the converter encodes it: what an editor would check by reading the TEI."""

from __future__ import annotations

import subprocess
from collections import Counter

import pytest

from edition import TEI_NS

NS = {"t": TEI_NS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def text_of(node) -> str:
    return "".join(node.itertext())


def xp(root, path):
    return root.xpath(path, namespaces=NS)


def test_turns_per_speaker(memorandum_tei):
    speakers = Counter(sp.get("who") for sp in xp(memorandum_tei, "//t:sp"))
    # "Mao Zedong continues:" stays in Mao's turn; the unlabelled paragraphs after the narrative about
    # the delegation are in the turn that "Mao Zedong:" opens.
    assert speakers == Counter({"#mao-zedong": 9, "#efremov": 6, "#chervenkov": 1})


def test_every_turn_points_to_a_participant(memorandum_tei):
    ids = set(xp(memorandum_tei, "//t:particDesc//t:person/@xml:id"))
    assert {"mao-zedong", "efremov", "chervenkov"} <= ids
    for who in xp(memorandum_tei, "//t:sp/@who"):
        assert who.startswith("#") and who[1:] in ids


def test_labels_are_kept_as_written(memorandum_tei):
    labels = Counter(text_of(s) for s in xp(memorandum_tei, "//t:speaker"))
    assert labels["Mao Zedong"] == 2
    assert labels["Cde. Mao Zedong"] == 7
    assert labels["Chervenkov"] == 1


def test_label_slip_is_visible_and_points_to_efremov(memorandum_tei):
    (speaker,) = xp(memorandum_tei, "//t:speaker[.//t:choice]")
    assert speaker.getparent().get("who") == "#efremov"
    assert xp(speaker, "string(.//t:choice/t:sic)") == "Efremeov"
    assert xp(speaker, "string(.//t:choice/t:corr)") == "Efremov"
    assert xp(speaker, ".//t:choice/t:corr/@resp") == ["#editor"]


#: Every intervention of the editorial file, in document order: (element, as received, the editor's reading).
INTERVENTIONS = [
    ("corr", "the an", "an"),
    ("corr", "to a member", "to be a member"),
    ("corr", "Czecholsovakia", "Czechoslovakia"),
    ("corr", "the all the", "all the"),
    ("corr", "99%", "99%."),
    ("reg", "Sophia", "Sofia"),
    ("corr", "Efremeov", "Efremov"),          # the speaker label
]


def test_every_slip_is_visible_and_every_correction_attributed(memorandum_tei):
    body = [(xp(c, "local-name(t:corr|t:reg)"), xp(c, "string(t:sic|t:orig)"), xp(c, "string(t:corr|t:reg)"))
            for c in xp(memorandum_tei, "//t:text//t:choice")]
    assert sorted(body) == sorted(INTERVENTIONS)
    assert xp(memorandum_tei, "//t:choice/*[self::t:corr or self::t:reg][not(@resp = '#editor')]") == []
    assert xp(memorandum_tei, "//t:choice/*[self::t:sic or self::t:orig][@resp]") == []


def test_the_archives_summary_is_edited_too(memorandum_tei):
    (choice,) = xp(memorandum_tei, "//t:profileDesc/t:abstract//t:choice")
    assert (xp(choice, "string(t:sic)"), xp(choice, "string(t:corr)")) == ("unite", "unit")
    assert xp(choice, "t:corr/@resp") == ["#editor"]
    assert xp(choice, "string(following-sibling::node()[1])").startswith(" of communized peoples")


def test_the_unit_slip_is_noted_and_the_quantity_kept(memorandum_tei):
    (measure,) = xp(memorandum_tei, "//t:measure[@type = 'range']")
    assert (measure.text, measure.get("quantity"), measure.get("unit")) == ("75-80 million ton", "77500000", "t")
    note = xp(measure, "following-sibling::*[1]")[0]
    assert (note.tag, note.get("resp"), note.get("type")) == (f"{{{TEI_NS}}}note", "#editor", "editorial")
    assert xp(note, "string(.)") == "Sic: “ton” in the translation, for “tons”."


def test_who_speaks_named_paragraphs(memorandum_tei):
    def who_says(words):
        (p,) = [p for p in xp(memorandum_tei, "//t:p") if words in text_of(p)]
        sp = p.getparent()
        return sp.get("who") if sp.tag == f"{{{TEI_NS}}}sp" else "narrative"

    assert who_says("To the final victory of socialism!") == "#mao-zedong"
    assert who_says("Take as an example the question of the production of steel.") == "#mao-zedong"
    assert who_says("Next year, undoubtedly, it will be easier") == "#mao-zedong"
    assert who_says("Time works in our favor!") == "#efremov"
    assert who_says("Let’s raise a toast to Comrade Mao Zedong!") == "#chervenkov"
    assert who_says("Sooner or later, we undoubtedly will accomplish victory") == "#mao-zedong"
    assert who_says("Comrade Mao Zedong greeted the gathering.") == "narrative"
    assert who_says("A delegation of Soviet scientists and physicists came into the hall.") == "narrative"
    assert who_says("asks Cde. Mao Zedong to say something about the people’s communes") == "narrative"
    assert who_says("At this point the conversation concluded.") == "narrative"


def test_continuation_label_stays_in_maos_turn(memorandum_tei):
    (stage,) = xp(memorandum_tei, "//t:stage[@rend='label']")
    assert text_of(stage) == "Mao Zedong continues"
    sp = stage.getparent().getparent()
    assert sp.get("who") == "#mao-zedong"
    assert "Thank you for everything." in text_of(sp)


def test_stage_directions(memorandum_tei):
    stages = xp(memorandum_tei, "//t:text//t:stage[not(@rend='label')]")
    kinds = Counter((s.get("type"), text_of(s)) for s in stages)
    assert kinds[("laughter", "Laughter")] == 14
    assert kinds[("laughter", "Loud laughter")] == 2
    assert kinds[("silence", "All are silent")] == 1
    assert kinds[("time", "The conversation began at 21:30, and ended at 23:30.")] == 1
    assert sum(kinds.values()) == 18
    # the time of the meeting opens the record, outside any speech
    opening = xp(memorandum_tei, "//t:div[@type='record']/t:stage")[0]
    assert opening.get("type") == "time"


def test_bracketed_insertions(memorandum_tei):
    supplied = [text_of(s) for s in xp(memorandum_tei, "//t:supplied[@resp='#translator']")]
    assert supplied == ["to adopt", "around", "to speak", "of this conversation", "of this conversation",
                        "people", "have argued", "our strengths are a product", "the support of", "process of"]
    glosses = [text_of(n) for n in xp(memorandum_tei, "//t:note[@type='gloss']")]
    assert glosses == ["November 1957", "Indonesian Prince Norodom", "Bulgaria"]
    assert all(s.get("reason") == "implied" for s in xp(memorandum_tei, "//t:supplied[@resp='#translator']"))
    # every @resp points to a declared responsibility
    declared = set(xp(memorandum_tei, "//t:titleStmt/t:respStmt/@xml:id"))
    for resp in xp(memorandum_tei, "//@resp"):
        assert resp.lstrip("#") in declared


def test_list_and_closer(memorandum_tei):
    items = [text_of(i) for i in xp(memorandum_tei, "//t:sp/t:list/t:item")]
    assert items == ["according to the initial plan: \u00a06.2 million tons", "then we raised it to: 7.5 million tons",
                     "and again we raised it to: 9.0 million tons"]
    assert xp(memorandum_tei, "string(//t:closer/t:signed)") == "Recorded by Vl. Rogov."
    assert xp(memorandum_tei, "string(//t:closer/t:signed/t:persName)") == "Vl. Rogov"


def test_head(memorandum_tei):
    (head,) = xp(memorandum_tei, "//t:div[@type='record']/t:head")
    assert text_of(head) == ("Memorandum of conversation of comrade Mao Zedong, 2 October 1958,"
                             "at meeting with six delegates of the socialist countries, located in the PRC")
    assert len(xp(head, "t:lb")) == 1


def test_header_facts(memorandum_tei):
    h = lambda path: xp(memorandum_tei, f"string({path})")
    assert h("//t:titleStmt/t:title[@type='main']") == ("Memorandum of Conversation of Mao Zedong with Six "
                                                        "Delegates of the Socialist Countries, China, 2 October 1958")
    assert h("//t:respStmt[@xml:id='translator']/t:persName") == "Austin Jersild"
    assert h("//t:respStmt[@xml:id='recorder']/t:persName") == "Vl. Rogov"
    assert h("//t:respStmt[@xml:id='editor']/t:resp") == "TEI encoding and editing"
    # the source's website names who funded the translation: the source's funder, not this edition's
    assert h("//t:sourceDesc/t:bibl[@type='transcript']/t:funder") == "Leon Levy Foundation"
    assert h("count(//t:titleStmt/t:funder)") == "0"
    assert h("//t:publicationStmt/t:idno[@type='edition']") == "memorandum-1958-10-02"
    assert h("//t:availability/t:licence/@target") == "https://creativecommons.org/licenses/by/4.0/"
    assert h("//t:availability/t:p[1]").startswith("The History and Public Policy Program welcomes reuse")
    ms = "//t:sourceDesc/t:msDesc/t:msIdentifier"
    assert h(f"{ms}/t:repository") == "State Archive of the Russian Federation (GARF)"
    assert h(f"{ms}/t:settlement") == "Moscow"
    assert [h(f"{ms}/t:idno[@type='{k}']") for k in ("fond", "opis", "delo")] == ["9576", "18", "26"]
    assert h("//t:msItem/t:locus/@from") == "312" and h("//t:msItem/t:locus/@to") == "322"
    assert h(f"{ms}/t:altIdentifier/t:idno") == "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322"
    assert h("//t:abstract/t:p").startswith("To the other delegates, Mao discusses")
    assert h("//t:settingDesc//t:date/@from") == "1958-10-02T21:30:00"
    assert h("//t:settingDesc//t:date/@to") == "1958-10-02T23:30:00"
    assert h("//t:settingDesc//t:placeName") == "China"
    assert xp(memorandum_tei, "//t:langUsage/t:language/@ident") == ["en", "ru"]
    assert xp(memorandum_tei, "//t:editorialDecl/*/t:p")
    intro = xp(memorandum_tei, "//t:projectDesc/t:p")
    assert len(intro) == 3 and text_of(intro[0]).startswith("On the evening of 2 October 1958, during the Great")
    participants = set(xp(memorandum_tei, "//t:particDesc//t:person/@xml:id"))
    assert {"liu-shaoqi", "zhu-de", "zhou-enlai", "deng-xiaoping", "chen-yi"} <= participants


def test_web_leftovers_are_set_aside_not_encoded(memorandum_result):
    body = text_of(memorandum_result.root.find(f"{{{TEI_NS}}}text"))
    whole = memorandum_result.to_bytes().decode()
    for leftover in ("Skip to content", "Original Uploaded Date", "Record ID", "Document Information"):
        assert leftover not in whole
        assert any(s["text"] == leftover for s in memorandum_result.report.set_aside)
    assert "To the other delegates" not in body  # the summary is in the header only
    reasons = {s["text"]: s["reason"] for s in memorandum_result.report.set_aside}
    assert reasons["2 October 1958"] == "date line repeating the date of the document"
    assert reasons["Leon Levy Foundation"] == "repeats the funder named above"


def test_typography_survives(memorandum_result):
    source = (memorandum_result.report.source and open(memorandum_result.report.source, encoding="utf-8").read())
    tei = memorandum_result.to_bytes().decode()
    for char in "“”’–—…":
        assert char in tei
    body = text_of(memorandum_result.root.find(f"{{{TEI_NS}}}text"))
    # every no-break space inside the body paragraphs of the source is still there
    assert body.count("\u00a0") >= 200
    assert source.count("\u00a0") >= body.count("\u00a0")


def test_valid_against_tei_all_with_jing(memorandum_tei_file, tei_all_path):
    run = subprocess.run(["jing", str(tei_all_path), str(memorandum_tei_file)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_deterministic(memorandum_result):
    from edition.convert import convert_file
    from tests.conftest import MEMORANDUM, MEMORANDUM_META, REGISTER

    again = convert_file(MEMORANDUM, metadata_path=MEMORANDUM_META,
                         register_path=REGISTER if REGISTER.is_file() else None)
    assert again.to_bytes() == memorandum_result.to_bytes()
