"""Caption and subtitle files (WebVTT, SubRip) read as transcripts: the ``caption-cues`` layout.

The excerpts are written here in the shapes real caption files have (a voice-span interview, a SubRip
podcast with ``Name:`` cues, hearing captions with ``>>``, subtitles with dialogue dashes and bracketed
names, a rolling automatic caption).
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest
from click.testing import CliRunner

from edition import TEI_NS
from edition.cli import cli
from edition.convert import convert_file
from edition.convert.conventions.captions import caption_format, decode_escapes
from edition.convert.reading import reading_text
from edition.errors import DoubtError
from edition.validate.tei import validate_tree

NS = {"t": TEI_NS}

INTERVIEW_VTT = """WEBVTT
Kind: captions
Language: en

NOTE recorded at the community centre, transcribed by the archive

STYLE
::cue(v[voice="Interviewer"]) { color: yellow }

1
00:00:01.000 --> 00:00:04.000 align:start position:10%
<v Mary Jones>I remember when the centre
first opened.</v>

2
00:00:04.500 --> 00:00:06.000
<v Mary Jones>It was <i>such</i> a place &amp; a home.</v>

3
00:00:06.500 --> 00:00:09.000
<v.loud Interviewer>Can you tell me more?</v>

4
00:00:09.500 --> 00:00:12.000
<v Mary Jones>[Laughter] Oh, <00:00:10.000><c>well</c> yes. Write &lt;b&gt; for bold &copy; &#60;</v>
"""

PODCAST_SRT = """1
00:00:06,687 --> 00:00:08,216
Ann Lee: Hello, and
welcome to the show.

2
00:00:08,216 --> 00:00:09,745
Ann Lee: I'm Ann.

3
00:00:09,746 --> 00:00:12,400
Bob: And I'm Bob.
(laughs)

4
00:00:12,400 --> 00:00:15,054
Ann Lee: So, Bob,

5
00:00:15,054 --> 00:00:19,013
tell us where you grew up.
"""

HEARING_SRT = """1
00:00:00,000 --> 00:00:03,100
>> SENATOR SMITH: The committee will
come to order. [Applause]

2
00:00:03,100 --> 00:00:05,000
>> DR. JONES: Thank you, Senator.

3
00:00:05,000 --> 00:00:07,000
>> SENATOR SMITH: Please proceed. >> Thank you.
"""


def convert(tmp_path, text: str, name: str = "captions.vtt"):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return convert_file(source)


def xp(result, path):
    return result.root.xpath(path, namespaces=NS)


def turns(result) -> list[tuple[str | None, str, str]]:
    """(who, the turn's timecode, its text) of every turn, and of every paragraph outside a turn."""
    out = []
    for block in xp(result, "//t:div/t:sp | //t:div/t:p"):
        who = block.get("who", "").lstrip("#") or None
        start = block.xpath("string(t:milestone/@n | t:milestone[1]/@n)", namespaces=NS) if who else \
            block.xpath("string(t:milestone/@n)", namespaces=NS)
        text = " ".join("".join(block.xpath("t:p//text()" if who else ".//text()", namespaces=NS)).split())
        out.append((who, start, text))
    return out


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


def assert_every_word_accounted_for(result, source: str) -> None:
    """The reading text and what the report sets aside hold every word of the source (its escapes
    decoded), no more and no fewer."""
    kept = words(reading_text(result.root))
    for entry in result.report.set_aside:
        kept += words(entry["text"])
    expected = words(decode_escapes(source))
    assert kept - expected == Counter() and expected - kept == Counter(), (expected - kept, kept - expected)


# ------------------------------------------------------------------ recognising the formats
@pytest.mark.parametrize("text, kind", [
    (INTERVIEW_VTT, "webvtt"),
    (PODCAST_SRT, "srt"),
    ("WEBVTT - a title\n\n00:01.000 --> 00:02.000\nHello.\n", "webvtt"),
    # a transcript that merely has arrows, timings and numbers in it is no subtitle file
    ("Smith: The session moved 10:00:00,000 --> 11:30:00,000 this week.\n\nJones: Noted.\n", None),
    ("1\nThe first point: 00:00:01,000 --> 00:00:04,000 is the slot.\n\n2\nThe second.\n", None),
    ("WEBVTT is a format.\n\nSmith: Yes --> no.\n", None),
    ("WEBVTT\n\nNo cue at all here.\n", None),
    ("1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n" + "A long transcript paragraph.\n\n" * 5, None),
])
def test_a_caption_file_is_known_by_its_structure(text, kind):
    assert caption_format(text) == kind


def test_by_structure_not_by_file_name(tmp_path):
    as_text = convert(tmp_path, PODCAST_SRT, name="episode.txt")
    assert [w for w, _, _ in turns(as_text)] == ["ann-lee", "bob", "ann-lee"]
    transcript = "Smith: The session moved 10:00:00,000 --> 11:30:00,000 this week.\n\nJones: Noted.\n\nSmith: Good.\n"
    plain = convert(tmp_path, transcript, name="hearing.vtt")
    assert [(w, t) for w, _, t in turns(plain)] == [
        ("smith", "The session moved 10:00:00,000 --> 11:30:00,000 this week."), ("jones", "Noted."),
        ("smith", "Good.")]
    assert not any(s["reason"].startswith("cue") for s in plain.report.set_aside)


# ------------------------------------------------------------------ WebVTT voice spans
def test_voice_spans_give_the_speakers_and_cues_join_into_running_text(tmp_path):
    result = convert(tmp_path, INTERVIEW_VTT)
    assert turns(result) == [
        ("mary-jones", "00:00:01.000", "I remember when the centre first opened. It was such a place & a home."),
        ("interviewer", "00:00:06.500", "Can you tell me more?"),
        ("mary-jones", "00:00:09.500", "Laughter Oh, well yes. Write <b> for bold &copy; &#60;"),
    ]
    assert xp(result, "//t:sp/t:speaker/text()") == ["Mary Jones", "Interviewer", "Mary Jones"]
    # the turn's start as the other timecodes are: a milestone before the speaker
    assert xp(result, "//t:sp[1]/*[1]/@unit") == ["timecode"] and xp(result, "//t:sp/t:milestone/@rend") == ["cue"] * 3
    assert len(xp(result, "//t:sp[1]/t:p")) == 1   # a line break and two cues of one voice: one paragraph
    assert {p["rule"] for p in result.report.paragraphs} == {"speaker-label: webvtt-voice"}
    assert result.report.doubts == []   # a voice span names its speaker for certain


def test_cue_markup_never_reaches_the_tei_as_text(tmp_path):
    result = convert(tmp_path, INTERVIEW_VTT)
    text = "".join(result.root.find(f"{{{TEI_NS}}}text").itertext())
    for markup in ("<v", "</v>", "<i>", "<c>", "00:00:10.000", "-->", "align:", "&amp;", "&lt;", "WEBVTT", "NOTE"):
        assert markup not in text
    assert "<b>" in text and "&copy; &#60;" in text   # escaped text stays text; no other entity is expanded
    assert xp(result, "//t:vocal/t:desc/text()") == ["Laughter"]   # a transcriber's mark, as elsewhere


def test_what_the_cues_drop_is_in_the_report(tmp_path):
    result = convert(tmp_path, INTERVIEW_VTT)
    reasons = {(s["line"], s["reason"]): s["text"] for s in result.report.set_aside}
    assert reasons[(1, "WebVTT header")] == "WEBVTT\nKind: captions\nLanguage: en"
    assert reasons[(5, "WebVTT note (a comment, not shown)")].startswith("NOTE recorded")
    assert reasons[(7, "WebVTT style block")].startswith("STYLE")
    assert reasons[(10, "cue identifier")] == "1"
    assert reasons[(11, "cue timing and settings")] == "00:00:01.000 --> 00:00:04.000 align:start position:10%"
    markup = [s for s in result.report.set_aside if s["reason"].startswith("caption markup")]
    assert [s["text"] for s in markup][:2] == ["<v …> </v>", "<v Mary Jones> <i> </i> </v>"]
    kept = {s["line"]: s["destination"] for s in result.report.set_aside if s["reason"].startswith("cue timing")}
    assert kept == {11: "milestone[@unit='timecode']/@n", 16: None, 20: "milestone[@unit='timecode']/@n",
                    24: "milestone[@unit='timecode']/@n"}
    assert_every_word_accounted_for(result, INTERVIEW_VTT)


# ------------------------------------------------------------------ SubRip, labels at the start of cues
def test_labels_at_the_start_of_cues_and_one_speaker_over_many_cues(tmp_path):
    result = convert(tmp_path, PODCAST_SRT, name="episode.srt")
    assert turns(result) == [
        ("ann-lee", "00:00:06,687", "Hello, and welcome to the show. I'm Ann."),
        ("bob", "00:00:09,746", "And I'm Bob. laughs"),
        ("ann-lee", "00:00:12,400", "So, Bob, tell us where you grew up."),
    ]
    assert xp(result, "//t:sp[2]//t:vocal/t:desc/text()") == ["laughs"]
    # the label said again in the next cue of the same speaker is set aside, not lost
    assert [s["text"] for s in result.report.set_aside if s["reason"].startswith("caption markup")] == ["Ann Lee:"]
    assert sum(s["reason"] == "cue identifier" for s in result.report.set_aside) == 5
    assert_every_word_accounted_for(result, PODCAST_SRT)


# ------------------------------------------------------------------ broadcast captions, dashes
def test_broadcast_change_markers_with_and_without_a_name(tmp_path):
    result = convert(tmp_path, HEARING_SRT, name="hearing.srt")
    assert turns(result) == [
        ("smith", "00:00:00,000", "The committee will come to order. Applause"),
        ("jones", "00:00:03,100", "Thank you, Senator."),
        ("smith", "00:00:05,000", "Please proceed."),
        (None, "00:00:05,000", "Thank you."),   # someone else speaks, and nothing says who: narrative, no guess
    ]
    assert xp(result, "//t:sp[1]//t:incident/t:desc/text()") == ["Applause"]
    assert result.report.paragraphs[-1]["rule"] == "unnamed-speaker-change"
    assert any("1 speaker change(s) marked" in d and "hearing.srt:12:1" in d for d in result.report.doubts)
    result.check_doubts()
    with pytest.raises(DoubtError, match="2 doubt"):   # DR. JONES seen once; the unnamed change
        result.check_doubts(strict=True)
    assert_every_word_accounted_for(result, HEARING_SRT)


def test_dialogue_dashes_and_names_in_brackets(tmp_path):
    text = ("1\n00:00:01,000 --> 00:00:03,000\n[Alba] In 1928 we were\nornaments at parties.\n\n"
            "2\n00:00:03,200 --> 00:00:05,000\n- Leave her.\n- [Pedro] Stay out of this.\n\n"
            "3\n00:00:05,200 --> 00:00:07,000\n[Music]\n\n"
            "4\n00:00:07,200 --> 00:00:09,000\n[Alba] We wanted to be free.\n")
    result = convert(tmp_path, text, name="film.srt")
    assert turns(result) == [
        ("alba", "00:00:01,000", "In 1928 we were ornaments at parties."),
        (None, "00:00:03,200", "Leave her."),
        ("pedro", "00:00:03,200", "Stay out of this. Music"),   # a sound in brackets names no one
        ("alba", "00:00:07,200", "We wanted to be free."),
    ]
    assert xp(result, "//t:sp[@who='#pedro']//t:incident/t:desc/text()") == ["Music"]
    assert_every_word_accounted_for(result, text)


# ------------------------------------------------------------------ no speaker marks
def test_captions_without_speaker_marks_stay_narrative_a_pause_a_new_paragraph(tmp_path):
    text = ("WEBVTT\n\n00:00.000 --> 00:04.000\nWelcome to the evening show.\n\n"
            "00:04.000 --> 00:07.500\nTonight we talk about\nthe old mill.\n\n"
            "00:12.000 --> 00:15.000\nIt closed in 1961.\n")
    result = convert(tmp_path, text)
    assert turns(result) == [(None, "00:00.000", "Welcome to the evening show. Tonight we talk about the old mill."),
                             (None, "00:12.000", "It closed in 1961.")]
    assert any("no speaker labels found" in w for w in result.report.warnings)
    assert xp(result, "//t:head") == []   # a cue is no heading: a caption file has no front matter


def test_a_rolling_caption_is_read_once(tmp_path):
    text = ("WEBVTT\nKind: captions\nLanguage: en\n\n"
            "00:00:01.000 --> 00:00:02.000 align:start position:0%\nso today we<00:00:01.500><c> open</c>\n\n"
            "00:00:02.000 --> 00:00:02.010 align:start position:0%\nso today we open\n \n\n"
            "00:00:02.010 --> 00:00:04.000 align:start position:0%\nso today we open\nthe<00:00:02.500><c> mill</c>\n\n"
            "00:00:04.000 --> 00:00:06.000 align:start position:0%\nthe mill\nagain\n")
    result = convert(tmp_path, text)
    assert turns(result) == [(None, "00:00:01.000", "so today we open the mill again")]
    repeated = [s["text"] for s in result.report.set_aside if s["reason"].startswith("line of the cue before")]
    assert repeated == ["so today we open", "so today we open", "the mill"]
    assert_every_word_accounted_for(result, text)


# ------------------------------------------------------------------ the TEI is valid
def test_caption_tei_is_valid_against_the_customisation_and_tei_all(tmp_path, tei_all_path):
    written = []
    for name, text in (("interview.vtt", INTERVIEW_VTT), ("episode.srt", PODCAST_SRT), ("hearing.srt", HEARING_SRT)):
        result = convert(tmp_path, text, name=name)
        problems = [p for p in validate_tree(result.root, name) if p.severity != "warning"]
        assert problems == [], problems[:3]
        path = tmp_path / (name + ".xml")
        path.write_bytes(result.to_bytes())
        written.append(str(path))
    run = subprocess.run(["jing", str(tei_all_path), *written], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[:2000]


def test_the_encoding_description_says_it_was_a_caption_file(tmp_path):
    result = convert(tmp_path, PODCAST_SRT, name="episode.srt")
    segmentation = "".join(xp(result, "//t:editorialDecl/t:segmentation//text()"))
    assert "caption file (SubRip)" in segmentation


def test_an_unbalanced_parenthesis_is_an_error_at_its_place_in_the_file(tmp_path):
    from edition.errors import SourceError

    text = ("1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello there\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\nand then (she left\n\n"
            "3\n00:00:03,000 --> 00:00:04,000\nBob: Yes.\n")
    with pytest.raises(SourceError) as error:
        convert(tmp_path, text, name="bad.srt")
    assert (error.value.line, error.value.column) == (7, 10)   # where "(" is, not where its paragraph begins
    run = CliRunner().invoke(cli, ["convert", str(tmp_path / "bad.srt"), "-o", str(tmp_path / "bad.xml")])
    assert run.exit_code == 1 and "bad.srt:7:10: unbalanced '('" in run.output and "Traceback" not in run.output
    assert not (tmp_path / "bad.xml").exists()   # no half-written output


def test_diarised_speakers_in_brackets_with_a_colon(tmp_path):
    text = ("1\n00:00:00,031 --> 00:00:04,115\n[SPEAKER_00]: Welcome back to the archive.\n\n"
            "2\n00:00:04,200 --> 00:00:06,000\n[SPEAKER_01]: Thanks for having me.\n\n"
            "3\n00:00:06,100 --> 00:00:08,000\n[SPEAKER_00]: Where were you born?\n")
    result = convert(tmp_path, text, name="diarised.srt")
    assert [(w, s) for w, s, _ in turns(result)] == [("speaker-00", "00:00:00,031"), ("speaker-01", "00:00:04,200"),
                                                     ("speaker-00", "00:00:06,100")]
    assert xp(result, "//t:sp/t:speaker/text()") == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
    assert_every_word_accounted_for(result, text)


def test_a_word_and_a_colon_inside_a_sentence_that_a_cue_breaks_is_no_speaker(tmp_path):
    text = ("1\n00:00:01,000 --> 00:00:03,000\nAnn: There is one thing\n\n"
            "2\n00:00:03,000 --> 00:00:05,000\nRemember: the mill was ours.\n\n"
            "3\n00:00:05,000 --> 00:00:07,000\nBob: It was.\n\n"
            "4\n00:00:07,000 --> 00:00:09,000\nAnn: Yes.\n")
    result = convert(tmp_path, text, name="talk.srt")
    assert [(w, t) for w, _, t in turns(result)] == [
        ("ann", "There is one thing Remember: the mill was ours."), ("bob", "It was."), ("ann", "Yes.")]


def test_the_editor_names_an_unnamed_speaker_with_an_override(tmp_path):
    (tmp_path / "hearing.toml").write_text(
        '[[participant]]\nid = "witness"\nname = "Dr. Jones"\n\n'
        '[[override]]\nstarts = "Thank you."\nas = "speech"\nwho = "witness"\n', encoding="utf-8")
    source = tmp_path / "hearing.srt"
    source.write_text(HEARING_SRT, encoding="utf-8")
    result = convert_file(source, metadata_path=tmp_path / "hearing.toml")
    assert turns(result)[-1] == ("witness", "00:00:05,000", "Thank you.")
    assert not any("speaker change" in d for d in result.report.doubts)
