"""Other records of conversation: other labels, other headers, other mistakes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from edition import TEI_NS
from edition.convert import convert_file
from edition.convert.labels import is_slip, match_label, normalise_name
from edition.convert.reading import reading_text

NS = {"t": TEI_NS}
FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"


def xp(root, path):
    return root.xpath(path, namespaces=NS)


@pytest.mark.parametrize("line, name, stage", [
    ("MAO ZEDONG: We", "MAO ZEDONG", None),
    ("N. S. Khrushchev: Yes", "N. S. Khrushchev", None),
    ("The President: No", "The President", None),
    ("Mr. Gomułka: Indeed", "Mr. Gomułka", None),
    ("K: Why?", "K", None),
    ("SECRETARY: Noted.", "SECRETARY", None),
    ("Premier Zhou: Agreed.", "Premier Zhou", None),
    ("Khrushchev (after the translation ended): Then", "Khrushchev", "after the translation ended"),
])
def test_label_forms(line, name, stage):
    match = match_label(line)
    assert match is not None and match.name == name and match.stage == stage


@pytest.mark.parametrize("line", ["This year:", "Then they answered me: no", "At 21:30 the meeting",
                                  "Because everyone will start to scream:  we", "-then we raised it to: 7.5"])
def test_not_labels(line):
    assert match_label(line) is None


def test_names_and_slips():
    assert normalise_name("Cde. Mao Zedong") == normalise_name("MAO ZEDONG") == "mao zedong"
    assert normalise_name("Premier Zhou") == "zhou"
    assert is_slip("efremeov", "efremov")
    assert not is_slip("zhou", "zhu")  # too short for two edits, and different words
    # speakers designated by a letter, and initials, are others: "Speaker C" is no slip of "Speaker A"
    assert not is_slip("speaker c", "speaker a") and not is_slip("j. smithe", "k. smithe")
    assert is_slip("speaker aa", "speaker a") is False and is_slip("j. smithe", "j. smythe")


def test_a_speaker_designated_by_another_letter_is_another_speaker(tmp_path):
    source = tmp_path / "letters.txt"
    source.write_text("Speaker A: Hello.\n\nSpeaker B: Thanks.\n\nSpeaker A: How?\n\nSpeaker B: So.\n\n"
                      "Speaker C: I add this.\n\nSpeaker A: Please.\n", encoding="utf-8")
    result = convert_file(source)
    assert xp(result.root, "//t:sp/@who") == ["#speaker-a", "#speaker-b", "#speaker-a", "#speaker-b", "#speaker-c",
                                              "#speaker-a"]
    assert not any("a slip" in str(w) for w in result.report.warnings)


def test_hearing_with_header_block():
    result = convert_file(FIXTURES / "khrushchev-hearing.txt")
    root = result.root
    assert Counter(xp(root, "//t:sp/@who")) == Counter({"#n-s-khrushchev": 3, "#gomulka": 1, "#the-president": 1,
                                                      "#secretary": 1, "#zhou": 1})
    # the label with a stage direction still points to Khrushchev, and keeps the direction
    sp = xp(root, "//t:sp[t:stage[@type='delivery']]")[0]
    assert sp.get("who") == "#n-s-khrushchev"
    assert xp(sp, "string(t:stage)") == "after the translation ended"
    assert xp(root, "string(//t:title[@type='sub'])") == "Berlin and the German question"
    assert xp(root, "string(//t:setting/t:placeName)") == "Kremlin, Moscow"
    assert xp(root, "string(//t:setting/t:date/@from)") == "1959-03-14T10:15:00"
    assert xp(root, "string(//t:closer//t:persName)") == "I. Ivanov"
    assert xp(root, "string(//t:div/t:p)") == "The Chairman rose and thanked the guests."
    # & < > and ]]> survive and the reading text is the source's body
    text = reading_text(root)
    assert "agrees & supports the proposal <in principle>" in text
    assert "show ]]> the objection" in text
    assert "Khrushchev (after the translation ended): Then let us begin. (Applause)." in text
    assert any("closing ']' without an opening one" in w for w in result.report.warnings)


def test_initials_resolved_through_participants_block():
    root = convert_file(FIXTURES / "interview-kd.txt").root
    assert xp(root, "//t:sp/@who") == ["#kennedy", "#dobrynin", "#kennedy", "#dobrynin"]
    assert xp(root, "//t:person/t:persName/text()") == ["Kennedy", "Dobrynin"]
    assert xp(root, "//t:sp[2]/t:list/t:item/text()") == [" first point", " second point"]
    assert xp(root, "string(//t:sp[4]//t:stage/@type)") == "silence"


def test_ambiguous_label_is_reported(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text("PARTICIPANTS: Zhou Enlai; Zhou Xiaozhou\n\nZhou: Hello.\n\nZhou Enlai: Hi.\n")
    result = convert_file(source)
    assert any("could be any of" in w and "zhou-enlai" in w for w in result.report.warnings)
    assert xp(result.root, "//t:sp/@who")[1] == "#zhou-enlai"


def test_overrides_reclassify_without_touching_the_source(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text("Mao: One.\n\nThe guests arrive late.\n\nThe interpreter speaks.\n")
    before = convert_file(source).root
    assert xp(before, "//t:sp/t:p/text()") == ["One.", "The guests arrive late.", "The interpreter speaks."]
    meta = tmp_path / "t.toml"
    meta.write_text('[[override]]\nparagraph = 2\nas = "narrative"\n\n'
                    '[[override]]\nstarts = "The interpreter"\nas = "speech"\nwho = "interpreter"\n')
    after = convert_file(source, metadata_path=meta)
    assert xp(after.root, "//t:div/t:p/text()") == ["The guests arrive late."]
    assert xp(after.root, "//t:sp/@who") == ["#mao", "#interpreter"]
    rules = {p["number"]: p["rule"] for p in after.report.paragraphs}
    assert rules[2] == "override #1" and rules[3] == "override #2"


def test_bad_override_is_a_config_error(tmp_path):
    from edition.errors import ConfigError

    source = tmp_path / "t.txt"
    source.write_text("Mao: One.\n")
    meta = tmp_path / "t.toml"
    meta.write_text('[[override]]\nparagraph = 1\nas = "poem"\n')
    with pytest.raises(ConfigError, match="as: 'poem' is not one of"):
        convert_file(source, metadata_path=meta)


def test_bare_transcript_gets_sensible_defaults(tmp_path):
    source = tmp_path / "2024 interview.txt"
    source.write_text("Q: Where were you?\n\nA: At home.\n")
    root = convert_file(source).root
    assert root.get("{http://www.w3.org/XML/1998/namespace}id") == "doc-2024-interview"
    assert xp(root, "string(//t:title[@type='main'])") == "Transcript doc-2024-interview"
    assert xp(root, "//t:sp/@who") == ["#q", "#a"]


def test_label_matching_no_declared_participant_is_reported(tmp_path):
    source = tmp_path / "t.txt"
    source.write_text("PARTICIPANTS: Kennedy; Dobrynin\n\nK: Why?\n\nInterpreter: He asks why.\n")
    result = convert_file(source)
    assert xp(result.root, "//t:sp/@who") == ["#kennedy", "#interpreter"]
    assert any("'Interpreter' matches none of the participants" in w for w in result.report.warnings)
    # a bare transcript declares nobody: its labels are its participants, nothing to report …
    bare = tmp_path / "bare.txt"
    bare.write_text("Q: Why?\n\nA: Because.\n\nQ: Sure?\n\nA: Yes.\n")
    assert convert_file(bare).report.warnings == []
    # … unless a label is seen once: that is a doubt, with its line
    bare.write_text("Q: Why?\n\nA: Because.\n\nQ: Sure?\n")
    assert convert_file(bare).report.doubts == [f"{bare}:3:1: speaker label 'A' is seen once: check that it "
                                                "names who speaks"]


def test_hearing_style_labels():
    result = convert_file(FIXTURES / "senate-hearing.txt")
    root = result.root
    assert xp(root, "//t:sp/@who") == ["#the-chairman", "#dulles", "#fulbright", "#dulles", "#the-chairman"]
    assert xp(root, "//t:sp[1]/t:speaker/text()") == ["The CHAIRMAN."]
    assert xp(root, "//t:person/t:persName/text()") == ["The Chairman", "Secretary Dulles", "Senator Fulbright"]
    # a capitalised word with a period that opens only one paragraph is not a speaker
    assert "NATO. The alliance" in xp(root, "string(//t:sp[4]/t:p[2])")
    assert "Secretary DULLES. Very serious. (Laughter.)" in reading_text(root)
    assert reading_text(root).count("The CHAIRMAN. ") == 2


def test_editorial_declaration_describes_this_transcript(tmp_path):
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text("Q: Where did the conver-\nsation take place, and\nwhen?\n\nA: In Moscow.\n")
    statement = xp(convert_file(wrapped).root, "string(//t:hyphenation/t:p)")
    assert "line breaks are kept as white space" in statement and "1 hyphen(s) at line ends" in statement
    one_line = tmp_path / "oneline.txt"
    one_line.write_text("Q: Where?\n\nA: In Moscow.\n")
    assert "one line" in xp(convert_file(one_line).root, "string(//t:hyphenation/t:p)")


def test_the_editorial_declaration_says_how_this_transcript_s_labels_are_written(tmp_path):
    """The segmentation statement names the labels this transcript has: a hearing's "The CHAIRMAN." ends in a
    period, Oyez's "John G. Roberts, Jr. [00:00:00]" stands alone above the speech (its timecode no colon)."""
    def statement(text: str) -> str:
        source = tmp_path / "t.txt"
        source.write_text(text, encoding="utf-8")
        return xp(convert_file(source).root, "string(//t:editorialDecl/t:segmentation)")

    hearing = statement("The CHAIRMAN. We begin.\n\nSenator BAKER. Yes.\n\nThe CHAIRMAN. Go on.\n\nSenator BAKER. No.\n")
    assert "(a name or an office followed by a period, as in hearing and parliamentary records)" in hearing
    oyez = statement("John G. Roberts, Jr. [00:00:00]\nWe will hear argument.\n\nPamela S. Karlan [00:00:09]\n"
                     "Thank you.\n\nJohn G. Roberts, Jr. [00:01:00]\nGo on.\n\nPamela S. Karlan [00:01:09]\nYes.\n")
    assert "(a name alone on the line above the speech)" in oyez and "colon" not in oyez
    assert "A label ending in a colon" in statement("Chairman: We begin.\n\nGuest: Yes.\n")


def test_other_header_lines_go_to_notes_and_stay_valid(tmp_path):
    from edition.validate.tei import validate_tree

    source = tmp_path / "t.txt"
    source.write_text("MEMORANDUM OF CONVERSATION\n\nDATE: May 2, 1960\nCLASSIFICATION: Secret\n"
                      "COPIES TO: S/S, EUR\n\nHerter: Good morning.\n")
    result = convert_file(source)
    assert xp(result.root, "//t:notesStmt/t:note/text()") == ["Classification: Secret", "Copies to: S/S, EUR"]
    assert [p for p in validate_tree(result.root, "t") if p.severity != "warning"] == []


def test_interview_timecodes(tei_all_path, tmp_path):
    import subprocess

    from edition.validate.tei import validate_tree

    source = FIXTURES / "oral-history.txt"
    result = convert_file(source)
    root = result.root
    assert xp(root, "//t:sp/@who") == ["#interviewer", "#zhang", "#interviewer", "#zhang"]
    # a timecode before a label opens the turn; one inside the text stays where it is
    assert xp(root, "//t:sp/t:milestone[following-sibling::*[1][self::t:speaker]]/@n") == \
        ["00:00:05", "00:00:12", "00:01:02"]
    assert xp(root, "//t:p/t:milestone/@n") == ["00:00:20"]
    assert xp(root, "//t:milestone/@rend") == ["brackets", "brackets", "brackets", "parentheses"]
    assert xp(root, "string(//t:sp[2]//t:stage/@type)") == "laughter"
    text = reading_text(root)
    assert "[00:00:12] ZHANG: In Beijing, with the Soviet delegation. [00:00:20] We had just arrived. (Laughs)" in text
    assert "(00:01:02) ZHANG: Then we left for Wuhan." in text
    assert [p for p in validate_tree(root, "oral-history") if p.severity != "warning"] == []
    out = tmp_path / "oral-history.xml"
    out.write_bytes(result.to_bytes())
    assert subprocess.run(["jing", str(tei_all_path), str(out)], capture_output=True).returncode == 0


def test_speech_taken_up_after_a_dash_is_not_a_list(tmp_path):
    """Court transcripts write an interruption as a double hyphen: "-- rule." opens the speech taken up again,
    it is no list item (Oyez: the turn's words on the line after the label; the official transcript: after it)."""
    source = tmp_path / "argument.txt"
    source.write_text("MR. LONG: There's --\n\nJUSTICE ALITO: -- rule.\n\nMR. LONG: There -- there are certainly a "
                      "number of them.\n\nPamela S. Karlan\n\n-- ties --\n\nJUSTICE ALITO: The points are these:\n"
                      "- the first\n- the second\n", encoding="utf-8")
    root = convert_file(source).root
    assert xp(root, "//t:sp[2]/t:p/text()") == ["-- rule."]
    assert "-- ties --" in xp(root, "string(//t:sp[4])")
    # a dash with a space after it still opens an item
    assert [item.strip() for item in xp(root, "//t:list/t:item/text()")] == ["the first", "the second"]


COURT = ("CHIEF JUSTICE ROBERTS: We will hear argument first today.\n\n"
         "MR. LONG: Mr. Chief Justice, and may it please the Court:\n\n"
         "JUSTICE GINSBURG: Mr. Long, why don't we follow the statute? It is like the one at issue in Reed\n\n"
         "Elsevier: \"No civil action shall be instituted.\" And that formulation is the same.\n\n"
         "MR. LONG: It is.\n\nJUSTICE GINSBURG: Then why not?\n\nCHIEF JUSTICE ROBERTS: Thank you, counsel.\n\n"
         "MR. LONG: Thank you.\n\n")


def test_a_wrapped_line_that_opens_with_a_word_and_a_colon_is_no_speaker(tmp_path):
    """Court records write every speaker's name in capitals; a line of speech wrapped before "Elsevier:" (the
    line before ends mid-sentence) is the same turn, said as a doubt, not a new speaker."""
    source = tmp_path / "argument.txt"
    source.write_text(COURT, encoding="utf-8")
    result = convert_file(source)
    root = result.root
    assert "#elsevier" not in xp(root, "//t:sp/@who")
    (turn,) = [sp for sp in xp(root, "//t:sp") if "Reed" in "".join(sp.itertext())]
    assert turn.get("who") == "#justice-ginsburg" and "Elsevier: \"No civil action" in "".join(turn.itertext())
    assert any("'Elsevier:' starts like a speaker label but is not in capitals" in str(w)
               for w in result.report.warnings)


@pytest.mark.parametrize("before, shout", [
    ("It is like the one at issue in Reed.", True),     # the line before ends a sentence: a speaker
    ("It is like the one at issue in Reed", False),     # the speakers' names are not in capitals here
])
def test_a_speaker_named_once_stays_one_unless_the_line_runs_on_among_names_in_capitals(tmp_path, before, shout):
    text = COURT.replace("It is like the one at issue in Reed\n", before + "\n")
    if not shout:
        for name in ("CHIEF JUSTICE ROBERTS", "MR. LONG", "JUSTICE GINSBURG"):
            text = text.replace(name, name.title())
    source = tmp_path / "argument.txt"
    source.write_text(text, encoding="utf-8")
    assert "#elsevier" in xp(convert_file(source).root, "//t:sp/@who")
