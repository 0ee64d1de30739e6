"""Each convention of the converter on a short fixture of its own (the real files are in test_corpus.py)."""

from __future__ import annotations

import pytest

from edition import TEI_NS
from edition.convert import convert_file
from edition.convert.conventions import Unit, in_order
from edition.convert.conventions.brackets import ROLES
from edition.convert.conventions.headers import FIELDS, split_persons
from edition.convert.conventions.layout import LAYOUTS
from edition.convert.conventions.shapes import SHAPES
from edition.errors import DoubtError
from edition.convert.reading import reading_text

NS = {"t": TEI_NS}


def convert(tmp_path, text: str, name: str = "t.txt", meta: str | None = None):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    meta_path = None
    if meta is not None:
        meta_path = tmp_path / (source.stem + ".toml")
        meta_path.write_text(meta, encoding="utf-8")
    return convert_file(source, metadata_path=meta_path)


def xp(result, path):
    return result.root.xpath(path, namespaces=NS)


def turns(result) -> list[tuple[str, str]]:
    """(who, first words) of every sp."""
    out = []
    for sp in xp(result, "//t:sp"):
        words = " ".join(" ".join(t for t in sp.xpath(".//t:p//text()", namespaces=NS)).split()[:3])
        out.append((sp.get("who").lstrip("#"), words))
    return out


# ------------------------------------------------------------------ the order
def test_units_run_in_a_declared_order_with_distinct_names():
    for family in (LAYOUTS, SHAPES, FIELDS, ROLES):
        assert [u.priority for u in family] == sorted(u.priority for u in family)
        assert len({u.name for u in family}) == len(family)
    with pytest.raises(ValueError):
        in_order([Unit("a", 1), Unit("b", 1)])


# ------------------------------------------------------------------ layouts
def test_one_turn_per_line_without_blank_lines(tmp_path):
    result = convert(tmp_path, "THE COURT: Be seated.\nMR. SMITH: Thank you, Your Honor.\nTHE COURT: Proceed.\n"
                               "MR. SMITH: I call the witness.\n")
    assert turns(result) == [("court", "Be seated."), ("smith", "Thank you, Your"),
                             ("court", "Proceed."), ("smith", "I call the")]


def test_hard_wrapped_lines_stay_in_their_turn(tmp_path):
    result = convert(tmp_path, "Smith: We went to the\nriver that day and\nswam.\n\nJones: Did you?\n\n"
                               "Smith: Yes.\n\nJones: Good.\n")
    assert [w for w, _ in turns(result)] == ["smith", "jones", "smith", "jones"]
    assert "river that day and swam." in " ".join(xp(result, "string(//t:sp[1])").split())


def test_indented_labels_gpo_and_tabs(tmp_path):
    result = convert(tmp_path, "    Mr. WAXMAN. Thank you, Mr. Chairman.\n\n    Chairman SMITH. The gentleman may "
                               "proceed.\n\n    Mr. WAXMAN. I will.\n\n\tSenator BAKER. And I.\n")
    assert [w for w, _ in turns(result)] == ["waxman", "smith", "waxman", "baker"]


def test_gpo_hearing_text_indented_hard_wrapped_without_blank_lines(tmp_path):
    result = convert(tmp_path, "    Mr. WAXMAN. Thank you, Mr. Chairman. I want to\nthank the witnesses for coming.\n"
                               "    Chairman SMITH. The gentleman's time has\nexpired.\n"
                               "    Mr. WAXMAN. May I ask one more\nquestion?\n    Chairman SMITH. Briefly.\n")
    assert turns(result) == [("waxman", "Thank you, Mr."), ("smith", "The gentleman's time"),
                             ("waxman", "May I ask"), ("smith", "Briefly.")]
    assert "thank the witnesses for coming." in " ".join(xp(result, "string(//t:sp[1])").split())


def test_label_alone_on_its_line_the_speech_below(tmp_path):
    result = convert(tmp_path, "Comrade Kadar:\nWe agree with the proposal.\n\nComrade Khrushchev:\nGood.\n\n"
                               "Comrade Kadar:\nThen it is settled.\n")
    assert turns(result) == [("kadar", "We agree with"), ("khrushchev", "Good."), ("kadar", "Then it is")]


def test_caption_export_name_and_time_alone_on_a_line(tmp_path):
    result = convert(tmp_path, "Jane Doe  0:26\nHello and welcome.\n\nJohn Roe  0:31\nThanks for having me.\n\n"
                               "Jane Doe  0:40\nLet us begin.\n")
    assert [w for w, _ in turns(result)] == ["jane-doe", "john-roe", "jane-doe"]
    assert xp(result, "//t:sp/t:milestone/@n") == ["0:26", "0:31", "0:40"]
    assert xp(result, "//t:sp/t:milestone/@rend") == ["plain"] * 3   # no brackets in the source


def test_line_numbered_pages(tmp_path):
    lines = []
    for page in (1, 2):
        for n in range(1, 26):
            if n == 1 and page == 1:
                text = "              JUSTICE SCALIA:   Well, that depends."
            elif n == 12 and page == 1:
                text = "              MR. LONG:   I think not."
            elif n == 3 and page == 2:
                text = "              JUSTICE SCALIA:   Why not?"
            else:
                text = f"   words of line {n} on page {page}"
            lines += [f"{n:2d} {text}", ""]
        lines += [f"                                        {page}", "", "                 Reporting Company", ""]
    result = convert(tmp_path, "\n".join(lines))
    assert [w for w, _ in turns(result)] == ["justice-scalia", "long", "justice-scalia"]
    assert xp(result, "//t:pb/@n") == ["2"]
    text = reading_text(result.root)
    assert "Reporting Company" not in text and "\n 12 " not in text
    assert any(s["reason"] == "page number" for s in result.report.set_aside)


# ------------------------------------------------------------------ label shapes
@pytest.mark.parametrize("text, expected", [
    ("A.A. GROMYKO. We are ready.\n\nGROMYKO A.A.: Indeed.\n\nRUSK. Good.\n\nRUSK. Then.\n",
     ["a-a-gromyko", "a-a-gromyko", "rusk", "rusk"]),
    ("The CHAIRMAN. The committee will come to order.\n\nSenator BAKER. Thank you.\n\nMr. MITCHELL. Yes.\n",
     ["the-chairman", "baker", "mitchell"]),
    ("Mr. Waxman. Thank you.\n\nChairman Smith. Go ahead.\n\nMr. Waxman. I will.\n\nChairman Smith. Fine.\n",
     ["waxman", "smith", "waxman", "smith"]),
    ("BOB DOLE, SENATOR FROM KANSAS: Thank you.\n\nCANDY CROWLEY, MODERATOR: Senator?\n\nBOB DOLE: Yes.\n",
     ["bob-dole", "candy-crowley", "bob-dole"]),
    ("Caroline Lucas (Brighton, Pavilion) (Green): Will he act?\n\nThe Prime Minister (Mr Tony Blair): We have.\n\n"
     "Mr Speaker: Order.\n\nThe Prime Minister: As I said.\n\nCaroline Lucas: No.\n",
     ["caroline-lucas", "tony-blair", "speaker", "tony-blair", "caroline-lucas"]),
    ("[Gheorghe Gheorghiu-] Dej: We agree.\n\nKhrushchev: Good.\n\nGheorghiu-Dej: Yes.\n",
     ["gheorghe-gheorghiu-dej", "khrushchev", "gheorghe-gheorghiu-dej"]),
    ("THE COURT: Proceed.\n\nTHE WITNESS: I saw him.\n\nTHE COURT: Go on.\n\nTHE WITNESS: That is all.\n",
     ["court", "witness", "court", "witness"]),
    ("CHIEF JUSTICE ROBERTS: Mr. Smith.\n\nMR. SMITH: Thank you.\n\nCHIEF JUSTICE ROBERTS: Thanks.\n\nMR. SMITH: Yes.\n",
     ["chief-justice-roberts", "smith", "chief-justice-roberts", "smith"]),
    ("**Adam Stacoviak:** Hello.\n\n**Jerod Santo:** Hi.\n\n**Adam Stacoviak:** Welcome.\n\n**Jerod Santo:** Thanks.\n",
     ["adam-stacoviak", "jerod-santo", "adam-stacoviak", "jerod-santo"]),
    ("Danko, Andrej, predseda NR SR: Hlasujeme.\n\nTomáš, Erik, poslanec NR SR: Ďakujem.\n\nAndrej Danko: Ďalej.\n",
     ["andrej-danko", "erik-tomas", "andrej-danko"]),
])
def test_label_shapes(tmp_path, text, expected):
    assert [w for w, _ in turns(convert(tmp_path, text))] == expected


def test_a_parenthesis_of_party_and_state_is_the_speakers_not_a_stage_direction(tmp_path):
    """Broadcast and Congressional transcripts name whom a speaker stands for in the label; a parenthesis
    of how a speaker speaks stays a stage direction."""
    result = convert(tmp_path, "Representative NANCY PELOSI (Democrat, California): We were pleased.\n\n"
                               "CONAN: Should members of Congress do this?\n\n"
                               "Sen. JOHN McCAIN (R-Ariz.): No.\n\n"
                               "Mr. GEORGE MITCHELL (Former Senator, Maine): It depends.\n\n"
                               "Mr. MITCHELL (through interpreter): Yes.\n\nCONAN: Thank you.\n\n"
                               "Sen. McCAIN: And you.\n\nRepresentative PELOSI: Indeed.\n")
    assert [w for w, _ in turns(result)] == ["representative-nancy-pelosi", "conan", "sen-john-mccain", "george-mitchell",
                                             "george-mitchell", "conan", "sen-john-mccain", "representative-nancy-pelosi"]
    assert xp(result, "//t:sp[1]/t:speaker/text()") == ["Representative NANCY PELOSI (Democrat, California)"]
    assert xp(result, "//t:sp[3]/t:speaker/text()") == ["Sen. JOHN McCAIN (R-Ariz.)"]
    assert xp(result, "//t:stage/text()") == ["through interpreter"]
    assert "Democrat, California" in reading_text(result.root)
    # each later label names one who spoke before: no label is a doubt
    assert result.report.doubts == []


def test_numbered_speakers_are_others_and_a_timecode_in_the_label_is_a_place_in_the_recording(tmp_path):
    """Rev-style: ``Speaker 7 (00:00):`` alone on its line. Speaker 7 is no slip of Speaker 1; ``(00:00)``
    is where the turn begins in the recording (a milestone), not a time of day; a label with no speech
    is kept as written, its timecode too."""
    result = convert(tmp_path, "Speaker 7 (00:00):\n\nHi Miguel.\n\nSpeaker 1 (00:08):\n\nOkay, silence.\n\n"
                               "Speaker 1 (00:11):\n\nSettle down now.\n\nSpeaker 2 (00:35):\n\n\n"
                               "Speaker 4 (00:35):\n\nDo you sign?\n\nSpeaker 1 (00:41):\n\nThank you.\n")
    assert [w for w, _ in turns(result)] == ["speaker-7", "speaker-1", "speaker-1", "speaker-4", "speaker-1"]
    assert xp(result, "//t:sp[1]/t:milestone/@n") == ["00:00"]
    assert xp(result, "//t:sp[1]/t:milestone/@rend") == ["parentheses"]
    assert xp(result, "//t:sp[1]/t:speaker/@rend") == ["own-paragraph"]
    assert xp(result, "//t:stage") == [] and xp(result, "//t:sp//t:time") == []
    assert "Speaker 2 (00:35):" in reading_text(result.root)
    assert not any("a slip" in w for w in result.report.warnings)


def test_a_timecode_with_its_seconds_before_a_label_without_brackets_is_a_place_in_the_recording(tmp_path):
    """Zoom's text export: ``00:00:05 John Smith: Hello.``, a line a turn; a bare hour ("10:00 Chairman: …")
    may be when the meeting sat, and stays text."""
    result = convert(tmp_path, "00:00:05 John Smith: Hello and welcome.\n00:00:09 Jane Doe: Thanks for having me.\n"
                               "00:01:02 John Smith: How did it start?\n00:01:15 Jane Doe: In 1990.\n")
    assert [w for w, _ in turns(result)] == ["john-smith", "jane-doe", "john-smith", "jane-doe"]
    assert xp(result, "//t:sp/t:milestone/@n") == ["00:00:05", "00:00:09", "00:01:02", "00:01:15"]
    assert xp(result, "//t:sp/t:speaker/text()")[:2] == ["John Smith", "Jane Doe"]
    hour = convert(tmp_path, "Chairman: We begin.\n\n10:00 Chairman: The meeting resumed.\n\nMember: Agreed.\n\n"
                             "Chairman: Good.\n")
    assert xp(hour, "//t:milestone") == [] and "10:00 Chairman: The meeting resumed." in reading_text(hour.root)


def test_a_name_in_capitals_alone_on_its_line_with_the_speech_below_opens_a_turn(tmp_path):
    """A script's layout (some interview exports): ``JANE DOE`` alone on a line, the speech on the next; a
    heading in capitals that opens one paragraph only is no speaker."""
    result = convert(tmp_path, "INTRODUCTION\nThis interview was recorded in 2004.\n\nJOHN SMITH\nHello and welcome."
                               "\n\nJANE DOE\nThanks for having me.\n\nJOHN SMITH\nHow did it start?\n\n"
                               "JANE DOE\nIn 1990.\n")
    assert [w for w, _ in turns(result)] == ["john-smith", "jane-doe", "john-smith", "jane-doe"]
    assert ["".join(p.itertext()) for p in xp(result, "//t:sp/t:p")] == [
        "Hello and welcome.", "Thanks for having me.", "How did it start?", "In 1990."]
    assert xp(result, "//t:sp[1]/t:speaker/text()") == ["JOHN SMITH"]
    assert "INTRODUCTION" in reading_text(result.root) and not xp(result, "//t:person[@xml:id='introduction']")


@pytest.mark.parametrize("separator, names", [
    (" — ", ("JOHN SMITH", "JANE DOE")),    # a name in capitals and a dash
    ("\t", ("John Smith", "Jane Doe")),     # a table's two columns, a line a turn
])
def test_a_name_and_a_dash_or_a_tab_opens_a_turn_when_it_opens_more_than_one(tmp_path, separator, names):
    first, second = names
    lines = [f"{first}{separator}Hello and welcome.", f"{second}{separator}Thanks for having me.",
             f"{first}{separator}How did it start?", f"{second}{separator}It started early."]
    result = convert(tmp_path, ("\n" if separator == "\t" else "\n\n").join(lines) + "\n")
    assert [w for w, _ in turns(result)] == ["john-smith", "jane-doe", "john-smith", "jane-doe"]
    assert xp(result, "//t:sp/t:p/text()") == ["Hello and welcome.", "Thanks for having me.", "How did it start?",
                                               "It started early."]
    # once, or a name not in capitals before a dash, is text
    once = convert(tmp_path, f"Chairman: We begin.\n\n{first} — a note on the record.\n\nMember: Agreed.\n\n"
                             "Chairman: Good.\n\nSir Jim Rose - the guest - spoke.\n\nMember: Yes.\n")
    assert [w for w, _ in turns(once)] == ["chairman", "member", "chairman", "member"]


def test_the_french_parliaments_record_a_title_a_name_or_an_office_and_a_period(tmp_path):
    """Assemblée nationale, Sénat: ``M. le président.``, ``Mme Marie Curie.``, the speech after the period; the
    title is no part of the name ("M." no initial)."""
    result = convert(tmp_path, "M. le président. La parole est à M. Jean-Paul Dupont.\n\n"
                               "M. Jean-Paul Dupont. Merci, monsieur le président.\n\n"
                               "(Applaudissements sur les bancs du groupe SOC.)\n\n"
                               "M. le président. La parole est à Mme la ministre de la culture.\n\n"
                               "Mme la ministre de la culture. Je vous remercie.\n\nM. Jean-Paul Dupont. Très bien !\n")
    assert [w for w, _ in turns(result)] == ["le-president", "jean-paul-dupont", "le-president",
                                             "la-ministre-de-la-culture", "jean-paul-dupont"]
    assert xp(result, "//t:sp[2]/t:stage/@type") == ["applause"]
    assert xp(result, "//t:sp[1]/t:speaker/text()") == ["M. le président."]
    # "M. S. Gorbachev" keeps its initials: no French label there
    assert "#s-gorbachev" not in xp(convert(tmp_path, "M. S. Gorbachev: Yes.\n\nReagan: No.\n"), "//t:sp/@who")


def test_the_spanish_cortes_record_an_article_and_a_form_of_address_before_the_name(tmp_path):
    """Congreso de los Diputados: ``El señor PRESIDENTE:``, ``La señora CALVO POYATO:``; the form of address, its
    article with it, is no part of the name."""
    result = convert(tmp_path, "El señor PRESIDENTE: Se abre la sesión.\n\nLa señora CALVO POYATO: Gracias.\n\n"
                               "El señor PRESIDENTE: Gracias, señora Calvo.\n\n(Aplausos.)\n\n"
                               "La señora CALVO POYATO: No estoy de acuerdo.\n")
    assert [w for w, _ in turns(result)] == ["presidente", "calvo-poyato", "presidente", "calvo-poyato"]
    assert xp(result, "//t:person/t:persName/text()") == ["Presidente", "Calvo Poyato"]
    assert xp(result, "//t:sp[2]/t:speaker/text()") == ["La señora CALVO POYATO"]
    assert xp(result, "//t:sp[3]/t:stage/@type") == ["applause"]


def test_the_italian_parliaments_record_a_name_in_capitals_its_group_and_a_period(tmp_path):
    """Senato, Camera: ``CALDEROLI (LN-Aut). Signor Presidente…``: the group in parentheses is part of the label,
    the speech is Calderoli's, not the President's (``PRESIDENTE.`` before him)."""
    result = convert(tmp_path, "PRESIDENTE. Dichiaro aperta la seduta.\n\nCALDEROLI (LN-Aut). Chiedo la parola.\n\n"
                               "PRESIDENTE. Ne ha facoltà.\n\nCALDEROLI (LN-Aut). Grazie.\n\n"
                               "(Applausi dal Gruppo LN-Aut).\n\nZANDA (PD). Non sono d'accordo.\n\n"
                               "PRESIDENTE. La seduta è tolta.\n\nNATO (North Atlantic Treaty Organization). An alliance.\n")
    assert [w for w, _ in turns(result)] == ["presidente", "calderoli", "presidente", "calderoli", "zanda",
                                             "presidente"]
    assert xp(result, "//t:sp[2]/t:speaker/text()") == ["CALDEROLI (LN-Aut)."]
    assert xp(result, "//t:stage/@type") == ["applause"]
    assert "NATO (North Atlantic Treaty Organization). An alliance." in reading_text(result.root)


def test_the_dutch_parliaments_record_an_article_and_an_office_or_a_form_of_address(tmp_path):
    """Tweede Kamer: ``De voorzitter:``, ``De heer Rutte (VVD):``, ``Mevrouw Kuiken (PvdA):``, each line a label
    (``De voorzitter: Dank u wel.`` was given to the member who spoke before); "Minister Rutte" is Mr Rutte."""
    result = convert(tmp_path, "De voorzitter:\nIk geef het woord aan mevrouw Kuiken.\n\nMevrouw Kuiken (PvdA):\n"
                               "Voorzitter, dank u wel.\n\nDe heer Rutte (VVD):\nIk ben het daar niet mee eens.\n\n"
                               "De voorzitter:\nDank u wel.\n\nMinister Rutte:\nDat klopt.\n")
    assert [w for w, _ in turns(result)] == ["de-voorzitter", "kuiken", "rutte", "de-voorzitter", "rutte"]
    assert xp(result, "//t:sp[3]/t:speaker/text()") == ["De heer Rutte (VVD)"]


def test_a_record_s_heading_in_capitals_with_its_date_below_is_no_speaker(tmp_path):
    """``HANSARD`` / ``Wednesday, 14th March, 1990`` at the head of each sitting: a heading and its date (an ordinal
    day, a weekday before it), not a speaker named twice."""
    from edition.convert.classify import is_date_line, parse_date

    assert is_date_line("Wednesday, 14th March, 1990") and parse_date("March 14th, 1990") == "1990-03-14"
    sitting = "HANSARD\nWednesday, 14th March, 1990\nThe House met at Nine o'clock.\n\n"
    result = convert(tmp_path, sitting + "MR. SPEAKER: Order.\n\nMR. MATE: I support.\n\n" + sitting
                     + "MR. SPEAKER: Order!\n\nMR. MATE: Thank you.\n")
    assert [w for w, _ in turns(result)] == ["speaker", "mate", "speaker", "mate"]
    assert not xp(result, "//t:person[@xml:id='hansard']")


def test_a_text_of_one_paragraph_a_line_is_cut_at_its_lines(tmp_path):
    """Copied from a web page: no blank line, each paragraph a line; a press briefing's ``Q`` opens a
    reporter's question when more than one paragraph opens so."""
    speech = ("It is an on-background briefing regarding the President's State of the Union Address, which is "
              "scheduled for Tuesday, February 4th.")
    result = convert(tmp_path, "BACKGROUND PRESS BRIEFING BY A SENIOR ADMINISTRATION OFFICIAL ON THE STATE OF THE "
                               "UNION ADDRESS\nJames S. Brady Press Briefing Room\n2:15 P.M. EST\n"
                               f"MR. DEERE: Hi, everybody. Good afternoon. Thank you all for being here today. {speech}\n"
                               "Q (Inaudible.)\n"
                               f"MR. DEERE: It's always a busy news day around here. (Laughter.)\n{speech}\n"
                               f"SENIOR OFFICIAL: Hi, everyone. {speech}\nQ Will he speak of trade?\n"
                               "SENIOR OFFICIAL: He will.\n")
    assert [w for w, _ in turns(result)] == ["deere", "q", "deere", "senior-official", "q", "senior-official"]
    assert len(xp(result, "//t:sp[3]/t:p")) == 2   # the line after the label is a paragraph of the turn
    assert any("(one-paragraph-per-line)" in w and ":1:1:" in w for w in result.report.warnings)


def test_colon_labels_run_on_inside_a_paragraph_open_turns_and_a_colon_in_a_sentence_does_not(tmp_path):
    """A transcript whose paragraphs were lost (text taken from a PDF): the labels run on after the
    sentences, one after a sentence that lost its end too; each is a doubt. A paragraph with a word and a
    colon once is left whole."""
    result = convert(tmp_path, "Patrick Lee: This begins an interview with James Pressman. Sandra Stewart Holyoak: "
                               "Thank you for coming. Where were you born? James Pressman: In Elizabeth, New Jersey, "
                               "SH: Tell me about your father. JP: Okay. SH: His name? JP: Harry Pressman. He started "
                               "it in SH: What a time. JP: Yes.\n\n"
                               "SH: And then?\n\nJP: The reason is simple. Money: it rules. Greed: it rules too.\n")
    assert [w for w, _ in turns(result)] == ["patrick-lee", "sandra-stewart-holyoak", "james-pressman",
                                             "sandra-stewart-holyoak", "james-pressman", "sandra-stewart-holyoak",
                                             "james-pressman", "sandra-stewart-holyoak", "james-pressman",
                                             "sandra-stewart-holyoak", "james-pressman"]
    assert sum("inside a paragraph" in d for d in result.report.doubts) == 8   # one a cut
    assert xp(result, "string(//t:sp[last()]/t:p)") == "The reason is simple. Money: it rules. Greed: it rules too."


def test_a_parliaments_party_in_the_label_and_its_applause_and_laughter_in_other_languages(tmp_path):
    """Bundestag: ``Volker Kauder (CDU/CSU):`` names the party, ``(Beifall bei der SPD)`` is applause and
    ``(Heiterkeit)`` laughter; a broadcast's ``(OFF-MIKE)`` stays how the turn is spoken."""
    result = convert(tmp_path, "Präsident Dr. Norbert Lammert:\nIch eröffne die Sitzung.\n\n(Beifall bei der SPD)\n\n"
                               "Volker Kauder (CDU/CSU):\nHerr Präsident!\n\n(Heiterkeit)\n\n"
                               "Dr. Bernd Baumann (AfD):\nMeine Damen und Herren!\n\nVolker Kauder (CDU/CSU):\nDanke.\n\n"
                               "Dr. Bernd Baumann (AfD):\nNein.\n\nSMITH (OFF-MIKE): Yes.\n\nSMITH: No.\n")
    assert [w for w, _ in turns(result)] == ["prasident-norbert-lammert", "volker-kauder", "bernd-baumann",
                                             "volker-kauder", "bernd-baumann", "smith", "smith"]
    assert xp(result, "//t:sp[2]/t:speaker/text()") == ["Volker Kauder (CDU/CSU)"]
    assert [(s.get("type"), s.text) for s in xp(result, "//t:stage")] == [
        ("applause", "Beifall bei der SPD"), ("laughter", "Heiterkeit"), ("delivery", "OFF-MIKE")]


def test_labels_supplied_or_completed_in_brackets(tmp_path):
    result = convert(tmp_path, "[Gheorghe Gheorghiu-] Dej: We agree.\n\n[Clifford:] So do I.\n\n"
                               "Dej: Good.\n\nClifford: Yes.\n")
    assert xp(result, "//t:speaker/t:supplied/text()") == ["Gheorghe Gheorghiu-", "Clifford"]
    assert xp(result, "string(//t:sp[1]/t:speaker)") == "Gheorghe Gheorghiu- Dej"
    assert "[Gheorghe Gheorghiu-] Dej: We agree." in reading_text(result.root)


def test_testimony_by_mr_smith_says_who_asks(tmp_path):
    result = convert(tmp_path, "BY MR. SMITH:\n\nQ. Where were you?\n\nA. At home.\n\nQ. Alone?\n\nA. Yes.\n\n"
                               "BY MS. JONES:\n\nQ. Are you sure?\n\nA. Quite.\n")
    assert [w for w, _ in turns(result)] == ["smith", "a", "smith", "a", "jones", "a"]
    assert xp(result, "//t:sp[1]/t:speaker/text()") == ["Q."]


def test_initials_and_offices_resolve_to_the_persons_a_title_names(tmp_path):
    result = convert(tmp_path, "Telephone Conversation Between the Under Secretary (Ball) and the President\n\n"
                               "The President: Hello.\n\nMr. Ball: Good morning.\n\nJFK: What is new?\n\n"
                               "GWB: Not much.\n\nJFK: Fine.\n\nGWB: Yes.\n")
    assert [w for w, _ in turns(result)] == ["the-president", "ball", "the-president", "ball", "the-president",
                                             "ball"]
    assert any("(other-party)" in d for d in result.report.doubts)
    interview = convert(tmp_path, "Interview with M.D. McIlroy\n\nMichael S. Mahoney, Interviewer\n\n"
                                  "MSM: How did it start?\n\nMcIlroy: With Multics.\n\nMSM: And then?\n\n"
                                  "McIlroy: Unix.\n", name="i.txt")
    assert [w for w, _ in turns(interview)] == ["michael-s-mahoney", "m-d-mcilroy"] * 2
    assert xp(interview, "//t:person[@xml:id='michael-s-mahoney']/@role") == ["interviewer"]


def test_labels_in_other_scripts_get_readable_distinct_ids(tmp_path):
    result = convert(tmp_path, "Хрущёв: Начнём.\n\n毛泽东：好。\n\nعبد الناصر: نعم.\n\nХрущёв: Хорошо.\n\n毛泽东：是。\n\n"
                               "عبد الناصر: لا.\n")
    ids = [w for w, _ in turns(result)]
    assert ids == ["khrushchev", "mao-ze-dong", "bd-lnsr", "khrushchev", "mao-ze-dong", "bd-lnsr"]
    assert xp(result, "//t:person/t:persName/text()") == ["Хрущёв", "毛泽东", "عبد الناصر"]
    # two labels whose ids would be one: numbered, never merged, and said
    both = convert(tmp_path, "Хрущёв: Раз.\n\nKhrushchev: Two.\n\nХрущёв: Три.\n\nKhrushchev: Four.\n", name="b.txt")
    assert [w for w, _ in turns(both)] == ["khrushchev", "khrushchev-2", "khrushchev", "khrushchev-2"]
    assert any("'khrushchev-2'" in d for d in both.report.doubts)


# ------------------------------------------------------------------ header and front matter
def test_header_fields_in_any_case_are_never_speakers(tmp_path):
    result = convert(tmp_path, "date and time: 3 May 1961, 10:00\nVenue: The Kremlin\nPresent [at the meeting]: "
                               "N. S. Khrushchev, A. A. Gromyko and M. Menshikov\nPosted on: 4 May 1961\n\n"
                               "Khrushchev: Let us begin.\n\nGromyko: Agreed.\n")
    assert [w for w, _ in turns(result)] == ["n-s-khrushchev", "a-a-gromyko"]
    assert xp(result, "string(//t:setting/t:date/@from)") == "1961-05-03T10:00:00"
    assert xp(result, "string(//t:setting/t:placeName)") == "The Kremlin"
    assert xp(result, "//t:person/t:persName/text()") == ["N. S. Khrushchev", "A. A. Gromyko", "M. Menshikov"]
    assert xp(result, "//t:notesStmt/t:note/text()") == ["Posted on: 4 May 1961"]


def test_a_participants_line_is_split_into_persons_with_their_office():
    assert split_persons("Representatives Dreier, Hastings and Slaughter") == [
        "Representative Dreier", "Representative Hastings", "Representative Slaughter"]
    assert split_persons("N. S. Khrushchev; Mr. Gomułka") == ["N. S. Khrushchev", "Mr. Gomułka"]


def test_yaml_front_matter(tmp_path):
    result = convert(tmp_path, "---\ntitle: A talk\nspeakers:\n  - Paul Sztorc\ndate: 2019-05-27\n"
                               "transcript_by: Bryan Bishop\n---\nA talk: the slides\n\nSo here is the idea.\n\n"
                               "Q: Why?\n\nA: Because.\n\nQ: Really?\n\nA: Yes.\n")
    assert xp(result, "string(//t:titleStmt/t:title)") == "A talk"
    assert xp(result, "string(//t:setting/t:date/@when)") == "2019-05-27"
    assert xp(result, "string(//t:respStmt[@xml:id='transcriber']/t:persName)") == "Bryan Bishop"
    assert [w for w, _ in turns(result)] == ["paul-sztorc", "q", "paul-sztorc", "q", "paul-sztorc"]
    assert any("sole-speaker" in d for d in result.report.doubts)


# ------------------------------------------------------------------ page furniture
def test_page_furniture_becomes_pb_with_its_number(tmp_path):
    result = convert(tmp_path, "Smith: One.\n\nPage 4.\n\nJones: Two.\n\nMARCH 21, 1973 FROM 10:12 TO 11:55 A.M. 5\n\n"
                               "Smith: Three.\n\nJones: Four.\n")
    assert xp(result, "//t:pb/@n") == ["4", "5"]
    assert "Page 4" not in reading_text(result.root)


# ------------------------------------------------------------------ brackets by role
def test_transcriber_marks_by_role(tmp_path):
    result = convert(tmp_path, "Smith: I was [inaudible] there [crosstalk 00:01:21] and [laughs] then (phone rings) "
                               "we left [tape ends].\n\nJones: [Interruption.] Who was [Nolton?] there?\n\n"
                               "Smith: No.\n\nJones: Fine.\n")
    assert xp(result, "//t:gap/@reason") == ["inaudible"]
    assert xp(result, "//t:incident/t:desc/text()") == ["crosstalk 00:01:21", "phone rings", "tape ends",
                                                        "Interruption."]
    assert xp(result, "//t:vocal/t:desc/text()") == ["laughs"]
    assert xp(result, "//t:unclear/text()") == ["Nolton?"]
    # the transcriber's, not a translator's: this text is not a translation
    assert set(xp(result, "//@resp")) == {"#transcriber"}
    assert not xp(result, "//t:respStmt[@xml:id='translator']")
    assert xp(result, "string(//t:respStmt[@xml:id='transcriber']/t:name)") == "transcriber not named in the source"
    assert "I was [inaudible] there [crosstalk 00:01:21] and [laughs] then (phone rings)" in reading_text(result.root)


def test_a_translation_keeps_its_translators_insertions(tmp_path):
    result = convert(tmp_path, "Mao: We shall [have to] wait.\n\nZhou: Yes.\n\nMao: Good.\n\nZhou: Indeed.\n",
                     meta='original_language = "zh"\n')
    assert xp(result, "//t:supplied/@resp") == ["#translator"]
    named = convert(tmp_path, "Mao: We shall [have to] wait.\n\nZhou: Yes.\n\nMao: Good.\n\nZhou: Indeed.\n",
                    name="u.txt", meta='transcriber = "A. Clerk"\n')
    assert xp(named, "//t:supplied/@resp") == ["#transcriber"]
    assert xp(named, "string(//t:respStmt[@xml:id='transcriber']/t:persName)") == "A. Clerk"


def test_footnote_markers_with_a_notes_section_become_notes_in_place(tmp_path):
    result = convert(tmp_path, "A record[1]\n\nSmith: We met him[2] there.\n\nJones: Yes.\n\nNotes\n\n"
                               "[1] Source: the archive.\n[2] Ivanov, the ambassador.\n")
    assert xp(result, "//t:head/t:note/text()") == ["Source: the archive."]
    assert xp(result, "//t:sp[1]//t:note[@n='2']/text()") == ["Ivanov, the ambassador."]
    assert "Notes" not in reading_text(result.root)


# ------------------------------------------------------------------ reported speech
def test_reported_speech_stays_narrative_and_a_direct_turn_after_it_is_a_turn(tmp_path):
    result = convert(tmp_path, "GROMYKO: We are ready.\n\nRUSK: So are we.\n\nGROMYKO says that the Soviet side "
                               "agrees.\n\nThe Secretary said that he would report.\n\nGROMYKO: We agree.\n")
    assert [w for w, _ in turns(result)] == ["gromyko", "rusk", "gromyko"]
    assert xp(result, "//t:div/t:p/text()")[:2] == ["GROMYKO says that the Soviet side agrees.",
                                                    "The Secretary said that he would report."]


# ------------------------------------------------------------------ never silently wrong
def test_doubts_are_warnings_with_their_line_and_errors_when_strict(tmp_path):
    text = "Smith: One.\n\nJones: Two.\n\nSmith: Three.\n\nJones: Four.\n\nBrown: Five.\n"
    result = convert(tmp_path, text)
    assert result.report.doubts == [f"{tmp_path / 't.txt'}:9:1: speaker label 'Brown' is seen once: check that it "
                                    "names who speaks"]
    assert result.report.doubts[0] in result.report.warnings
    result.check_doubts()   # not strict: no error
    with pytest.raises(DoubtError, match="t.txt:9:1"):
        result.check_doubts(strict=True)
    strict = convert(tmp_path, text, name="s.txt", meta="[edition]\nstrict = true\n")
    with pytest.raises(DoubtError):
        strict.check_doubts()


def test_a_role_key_with_speech_after_it_is_a_turn_not_a_header_field(tmp_path):
    result = convert(tmp_path, "Interviewer: Michael Mahoney\n\nInterviewer: So tell me how it began.\n\n"
                               "McIlroy: With Multics.\n\nInterviewer: And then?\n\nMcIlroy: Unix.\n")
    assert [w for w, _ in turns(result)] == ["michael-mahoney", "mcilroy", "michael-mahoney", "mcilroy"]


@pytest.mark.parametrize("first, interviewer", [
    ("INTERVIEWER: Where were you born? (00:35)", "interviewer"),   # a question with its timecode: a turn
    ("INTERVIEWER: where did you grow up", "interviewer"),          # words in lower case: no name
    ("Interviewer: Ludwig van Beethoven", "ludwig-van-beethoven"),   # a name with a particle: the header's
])
def test_a_role_key_opens_a_turn_unless_what_follows_is_a_name(tmp_path, first, interviewer):
    result = convert(tmp_path, f"Interview with Jane Doe\n\n{first}\n\nDOE: In Ohio.\n\nINTERVIEWER: Thank you."
                               "\n\nDOE: Thanks.\n")
    who = [w for w, _ in turns(result)]
    assert who[-2:] == [interviewer, "jane-doe"] and "where-were-you-born" not in "".join(who)
    if interviewer == "interviewer":
        assert who[0] == "interviewer" and turns(result)[0][1].startswith(first.split(": ", 1)[1][:10])


def test_a_hearing_label_left_inside_a_paragraph_opens_a_turn(tmp_path):
    result = convert(tmp_path, "Mr. MITCHELL: When?\n\nMr. MEESE: On Monday. Mr . MITCHELL. Alone?\n\n"
                               "Mr. MEESE: Yes.\n\nMr. MITCHELL: Thank you.\n")
    assert turns(result) == [("mitchell", "When?"), ("meese", "On Monday."), ("mitchell", "Alone?"),
                             ("meese", "Yes."), ("mitchell", "Thank you.")]
    assert any("(embedded-label)" in d for d in result.report.doubts)


def test_a_two_line_header_block_is_not_a_title_and_date(tmp_path):
    result = convert(tmp_path, "SUBJECT: Berlin\nDATE: May 3, 1961\n\nSmith: One.\n\nJones: Two.\n\nSmith: Three.\n\n"
                               "Jones: Four.\n")
    assert xp(result, "string(//t:title[@type='sub'])") == "Berlin"
    assert xp(result, "string(//t:setting/t:date/@when)") == "1961-05-03"
