"""The scorer counts what a reader would: right speaker, words inside that speaker's sp."""

from __future__ import annotations

from lxml import etree

from tests.convert.scoring import score

TEI = "http://www.tei-c.org/ns/1.0"


def tei(*sps: tuple[str, str]):
    root = etree.Element(f"{{{TEI}}}body")
    for who, text in sps:
        sp = etree.SubElement(root, f"{{{TEI}}}sp", who=f"#{who}")
        etree.SubElement(sp, f"{{{TEI}}}speaker").text = "Label"
        etree.SubElement(sp, f"{{{TEI}}}p").text = text
    return root


TURNS = [("A", "good morning"), ("B", "hello there"), ("A", "how are [you]")]


def test_all_right():
    assert score(tei(("a", "Good morning."), ("b", "Hello there!"), ("a", "How are you?")), TURNS).right == 3


def test_a_reply_appended_to_the_other_speakers_turn_is_wrong():
    result = score(tei(("a", "Good morning. Hello there!"), ("a", "How are you?")), TURNS)
    assert result.right == 2 and "hello there" in result.wrong[0]


def test_two_speakers_merged_into_one_participant_keep_only_the_larger():
    assert score(tei(("p", "Good morning."), ("p", "Hello there!"), ("p", "How are you?")), TURNS).right == 2


def test_words_in_no_sp_are_wrong():
    assert score(tei(("a", "Good morning.")), TURNS).right == 1
