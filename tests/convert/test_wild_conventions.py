"""Conventions met in real transcripts from outside the corpus (oral histories taken from PDF, interviews on web
pages), each on a short fixture written here in the same convention."""

from __future__ import annotations

from tests.convert.test_conventions import convert, turns, xp


# ------------------------------------------------------------------ markdown-italic labels
def test_initials_in_markdown_italics_open_turns(tmp_path):
    result = convert(tmp_path, "An interview by Jane Roe\n\n"
                               "*JR*: When did you first see the machine?\n\n"
                               "*KL*: In the autumn of 1961, in a basement.\n\n"
                               "_JR_: And what did it do?\n\n"
                               "_KL_: Very little, at first.\n")
    assert turns(result) == [("jr", "When did you"), ("kl", "In the autumn"), ("jr", "And what did"),
                             ("kl", "Very little, at")]
    assert [s.text for s in xp(result, "//t:sp/t:speaker")] == ["JR", "KL", "JR", "KL"]
    assert not any("*" in t or "_" in t for t in xp(result, "//t:sp//t:p//text()"))


def test_a_word_in_italics_before_a_colon_is_not_a_label(tmp_path):
    result = convert(tmp_path, "JR: What was it like?\n\n"
                               "KL: Cold.\n\n"
                               "*Really* it was one thing: a cellar.\n\n"
                               "JR: Thank you.\n")
    assert [who for who, _ in turns(result)] == ["jr", "kl", "jr"]
    assert "*Really* it was one thing: a cellar." in " ".join(xp(result, "//t:sp[2]//t:p//text()"))
    assert xp(result, "//t:item") == []   # italics opening a line, not a list's asterisk


# ------------------------------------------------------------------ aside-in-sentence
def test_a_parenthesis_inside_a_sentence_is_the_speakers_aside_said_as_a_warning(tmp_path):
    result = convert(tmp_path, "INTERVIEWER: Where did you study?\n\n"
                               "SMITH: At the college in town (My brother was there already) and for four years.\n\n"
                               "INTERVIEWER: And then?\n\n"
                               "SMITH: The army. (Witness shows a photograph.) That was 1952.\n")
    speech = " ".join(xp(result, "//t:sp[2]//t:p//text()"))
    assert "town (My brother was there already) and for four years." in speech
    assert [s.text for s in xp(result, "//t:stage")] == ["Witness shows a photograph."]
    asides = [w for w in result.report.warnings if "(aside-in-sentence)" in w]
    assert len(asides) == 1 and ":3:" in asides[0] and "My brother" in asides[0]


def test_laughter_inside_a_sentence_stays_a_stage_direction(tmp_path):
    result = convert(tmp_path, "A: It was the best (Laughter) and the worst.\n\nB: Quite.\n\nA: Yes.\n")
    assert [s.get("type") for s in xp(result, "//t:stage")] == ["laughter"]
    assert not any("(aside-in-sentence)" in w for w in result.report.warnings)


# ------------------------------------------------------------------ glued-label
GLUED = ("SMITH: Tell me about the first machine.\n"
         "JONES: It filled a room.\n"
         "SMITH: And did it work, or was itJONES: It worked, more or less, on a good day.\n"
         "SMITH: Only on a good day?\n"
         "JONES: Yes.\n")


def test_a_label_in_capitals_run_into_the_word_before_opens_a_turn_said_as_a_doubt(tmp_path):
    result = convert(tmp_path, GLUED)
    assert turns(result) == [("smith", "Tell me about"), ("jones", "It filled a"), ("smith", "And did it"),
                             ("jones", "It worked, more"), ("smith", "Only on a"), ("jones", "Yes.")]
    assert " ".join(xp(result, "//t:sp[3]//t:p//text()")).strip() == "And did it work, or was it"
    glued = [d for d in result.report.doubts if "(glued-label)" in d]
    assert len(glued) == 1 and ":3:" in glued[0] and "'JONES'" in glued[0]


def test_capitals_run_into_a_word_that_no_label_has_are_text(tmp_path):
    result = convert(tmp_path, GLUED.replace("or was itJONES:", "or was the eNASA: program"))
    assert [who for who, _ in turns(result)] == ["smith", "jones", "smith", "smith", "jones"]
    assert "or was the eNASA: program It worked" in " ".join(xp(result, "//t:sp[3]//t:p//text()"))
    assert not any("(glued-label)" in d for d in result.report.doubts)


# ------------------------------------------------------------------ caption-label, the time first; shape-of-the-turns
PODCAST = ("00:00:04 [Ann Lee]\n\nWelcome back. Today a guest who built the first one.\n\n"
           "00:00:20 [Tom Reed]\n\nThank you, it is good to be here.\n\n"
           "00:00:31 [Carla Diaz]\n\nAnd I am here too.\n\n"
           "00:00:35 [AL]\n\nSo how did it start?\n\n"
           "00:00:40 [TR]\n\nBy accident, in a garage.\n\n"
           "00:01:02 [AL]\n\nAnd then?\n\n"
           "00:01:05 [TR]\n\nThen the bank called.\n")


def test_a_time_then_a_name_in_brackets_alone_on_a_line_opens_the_turn_below(tmp_path):
    result = convert(tmp_path, PODCAST)
    assert turns(result) == [("ann-lee", "Welcome back. Today"), ("tom-reed", "Thank you, it"),
                             ("carla-diaz", "And I am"), ("ann-lee", "So how did"), ("tom-reed", "By accident, in"),
                             ("ann-lee", "And then?"), ("tom-reed", "Then the bank")]
    assert [m.get("n") for m in xp(result, "//t:sp/t:milestone[@unit='timecode']")][:2] == ["00:00:04", "00:00:20"]
    assert xp(result, "//t:body//t:p[not(ancestor::t:sp)]") == []


def test_a_name_seen_once_in_the_shape_of_the_turns_is_a_label_said_as_a_doubt(tmp_path):
    result = convert(tmp_path, PODCAST)
    once = [d for d in result.report.doubts if "(shape-of-the-turns)" in d]
    assert len(once) == 3 and all(name in " ".join(once) for name in ("'Ann Lee'", "'Tom Reed'", "'Carla Diaz'"))


def test_times_and_names_that_do_not_recur_are_text(tmp_path):
    result = convert(tmp_path, "A: The meeting was at\n\n00:10:00 [the old hall]\n\nB: I was not there.\n\n"
                               "A: Nor was I.\n\nB: Good.\n")
    assert [who for who, _ in turns(result)] == ["a", "b", "a", "b"]
    assert "00:10:00" in " ".join(xp(result, "//t:sp[1]//text()"))


# ------------------------------------------------------------------ an HTML heading left in copied text
def test_an_html_heading_is_a_heading_and_what_follows_it_is_not_silently_the_last_speakers(tmp_path):
    result = convert(tmp_path, "MSM: And then?\n\nKT: Then we stopped.\n\nMSM: Thank you.\n\n"
                               "<h1>A second interview</h1>\n\n"
                               "This one appeared in a magazine in 2011.\n\n"
                               "DDJ: Congratulations.\n\nKT: Thanks.\n\nDDJ: Tell me more.\n")
    narrative = [" ".join(p.itertext()) for p in xp(result, "//t:body//t:p[not(ancestor::t:sp)]")]
    assert narrative == ["<h1>A second interview</h1>"]
    assert any(":9:1:" in d and "(resumes-after-narrative)" in d for d in result.report.doubts)


# ------------------------------------------------------------------ one-turn-per-line under a sitting's heading
SITTING = ("HANSARD\rThursday, 3rd May, 1990\rThe House met at Nine o'clock.\rPRAYERS\r"
           "MR. SPEAKER: Order, order. We begin with the first Motion.\r"
           "MR. OTIENO: Mr. Speaker, Sir, I rise to move it.\r"
           "MR. SPEAKER: Proceed.\r\r"
           "MR. OTIENO: I beg to move.\r\r"
           "ADJOURNMENT\rMR. SPEAKER: The House is adjourned until tomorrow.\r")


def test_turns_one_a_line_below_a_sittings_heading_are_cut_from_it(tmp_path):
    result = convert(tmp_path, SITTING)
    assert turns(result) == [("speaker", "Order, order. We"), ("otieno", "Mr. Speaker, Sir,"), ("speaker", "Proceed."),
                             ("otieno", "I beg to"), ("speaker", "The House is")]
    narrative = [" ".join(" ".join(p.itertext()).split()) for p in xp(result, "//t:body//t:p[not(ancestor::t:sp)]")]
    assert narrative[-1] == "ADJOURNMENT" and "PRAYERS" in narrative[0] and "MR. SPEAKER" not in " ".join(narrative)


def test_a_label_shaped_line_inside_wrapped_prose_is_not_cut(tmp_path):
    result = convert(tmp_path, "JONES: Tell me.\n\nSMITH: Yes.\n\n"
                               "The letter that came that morning was from the bank in the town, and\n"
                               "it said exactly what we had feared for a long time, so the manager\n"
                               "Mr. Smith: who signed it, had known all along what would happen.\n\n"
                               "JONES: He had.\n")
    assert [who for who, _ in turns(result)] == ["jones", "smith", "jones"]
    assert "Mr. Smith: who signed it" in " ".join(" ".join(xp(result, "//t:sp[2]//text()")).split())


# ------------------------------------------------------------------ a slip in a label's spacing
def test_a_label_with_a_space_too_many_is_read_as_the_frequent_form_not_garbled(tmp_path):
    result = convert(tmp_path, "MR. SPEAKER: Order.\n\nMR. OKELLO-ODONGO: I rise.\n\nMR. SPEAKER: Proceed.\n\n"
                               "MR. OKELLO-ODONGO: Thank you.\n\nMR. SPEAKER: Next.\n\n"
                               "MR. OKELLO- ODONGO: One more point.\n")
    assert [who for who, _ in turns(result)][-1] == [who for who, _ in turns(result)][1]
    assert [c.text for c in xp(result, "//t:corr")] == ["MR. OKELLO-ODONGO"]
    assert any("read as 'MR. OKELLO-ODONGO' (a slip)" in w for w in result.report.warnings)


def test_the_fields_of_a_message_above_an_interview_open_no_turns(tmp_path):
    result = convert(tmp_path, "Date: Mon, 3 Jul 2000 10:00\nTo: someone@example.org\nFrom: Jane Roe\nSubject: a request\n\n"
                               "Sure, come by any time.\n\n"
                               "JR: How did it begin?\n\nKL: By accident.\n\nJR: And then?\n\nKL: Then it grew.\n")
    assert [who for who, _ in turns(result)] == ["jr", "kl", "jr", "kl"]


def test_an_interjection_on_a_line_of_its_own_inside_a_sentence_stays_a_stage_direction(tmp_path):
    result = convert(tmp_path, "Präsidentin: Das Wort hat der Minister.\n\n"
                               "Minister: Auf dieser Logik beruhen die Geschäfte\n(Anna Roth [Fraktion]: Das ist falsch!)\n"
                               "von Banden, und dagegen treten wir an.\n\nPräsidentin: Danke.\n")
    assert ["".join(s.itertext()) for s in xp(result, "//t:stage")] == ["Anna Roth Fraktion: Das ist falsch!"]
    assert not any("(aside-in-sentence)" in w for w in result.report.warnings)
