"""The slip rules of ``edition check`` (edition/validate/slips.py): each on short fixtures, then on real text.

The FRUS documents (through the plain-text route of test_frus_transcripts) and the transcripts of the
development corpus must stay quiet except where a slip is really there; those few are listed here, each
checked by hand against the source.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.validate.check import check_source
from edition.editorial.register import load_register, register_from_dict
from edition.validate.slips import RULES, find_slips, is_spelling_variant
from tests.convert.test_frus_transcripts import plain_text

REGISTER = Path(__file__).resolve().parents[2] / "sources" / "register.toml"
#: the codes of findings that are slips (not the register's bookkeeping nor brackets)
SLIP_CODES = {"slip"} | {name for name, _ in RULES}


def slips(text: str, register=None) -> list[tuple[str, str, str, str]]:
    """(rule, phrase as written, encoding, replacement) of every slip in ``text``."""
    return [(s.rule, text[s.start:s.end], s.encoding, s.replacement) for s in find_slips(text, register)]


def test_the_rules_run_in_their_declared_order():
    assert [name for name, _ in RULES] == ["doubled-word", "missing-word", "number-unit", "sentence-punctuation",
                                           "variant-spelling", "wrong-word"]


@pytest.mark.parametrize("text, expected", [
    ("We saw the the house.", ("the the", "the")),
    ("He turns out to be the an “expert” on it.", ("the an", "an")),
    ("with the participation of the all the secretaries", ("the all the", "all the")),
    ("It was a an error.", ("a an", "an")),
    ("The the end came.", ("The the", "The")),
    ("a member of of the family", ("of of", "of")),
])
def test_doubled_words_and_stray_articles(text, expected):
    assert slips(text) == [("doubled-word", expected[0], "sic/corr", expected[1])]


@pytest.mark.parametrize("text", [
    "He said that that was a difficult decision.",       # FRUS, several times
    "He had had intelligence reports.",
    "He worked on the compiler compiler.",                # a compound noun (Unix oral history)
    "The forces should be well dug in in prepared positions.",   # FRUS 1955-57 v. III
    "agriculturists would be coming in in the near future",     # FRUS 1955-57 v. XXIV
    "Would you say the test is is the person injured?",   # speech as spoken (Supreme Court)
    "Interoperability\n\nInteroperability is easy.",      # a heading and its paragraph
    "22   that\n\n23   that the requirement",              # numbered lines of a court transcript
])
def test_doubled_words_that_are_english_or_speech_are_quiet(text):
    assert slips(text) == []


def test_a_missing_verb_after_want_to():
    assert slips("Tito does not want to a member of our family.") == [
        ("missing-word", "to a member", "sic/corr", "to be a member")]


def test_an_article_before_a_preposition_is_asked():
    found = find_slips("We spoke about the of the plan.")
    assert [(s.rule, s.question) for s in found] == [("missing-word", True)]


@pytest.mark.parametrize("text", ["I want to go to the station.", "before going to the Vice President",
                                  "We are used to the climate.", "a want of the necessary"])
def test_missing_word_patterns_are_quiet_on_grammatical_text(text):
    assert slips(text) == []


@pytest.mark.parametrize("text, expected", [
    ("when only 75-80 million ton were collected.", ("ton", "tons")),
    ("We produced 1 tons of steel.", ("tons", "ton")),
    ("a road of 12 mile.", ("mile", "miles")),
])
def test_number_and_unit_disagreeing(text, expected):
    assert slips(text) == [("number-unit", expected[0], "sic/corr", expected[1])]


@pytest.mark.parametrize("text", ["the 50 million dollar NDAP program", "155 million tons", "1 ton of coal",
                                  "1.5 tons", "a 12-year plan", "1,000 tons"])
def test_number_and_unit_agreeing_are_quiet(text):
    assert slips(text) == []


def spaced(*sentences: str) -> str:
    """A text whose sentences are separated by two spaces, as the memorandum's are."""
    return "  ".join(sentences)


FILLER = ["We met.", "They spoke.", "It rained.", "He left.", "She came.", "All agreed.", "Nobody knew.",
          "Time passed.", "We waited.", "It ended.", "They went home."] * 2


def test_two_sentences_run_together_where_the_text_spaces_its_sentences():
    text = spaced(*FILLER, "But my doubts fell to 99%  Why?  Because the harvest was late.")
    assert slips(text) == [("sentence-punctuation", "99%", "sic/corr", "99%.")]


def test_run_together_sentences_are_not_looked_for_in_texts_spaced_otherwise():
    # a single space between sentences, and the wide gaps of a court transcript's layout
    assert slips(" ".join(FILLER) + " my doubts fell to 99%  Why?") == []
    court = "\n\n".join(f"{n:2d}   JUSTICE GINSBURG:  Counsel said  That is all." for n in range(1, 26))
    assert slips(court) == []


def test_a_variant_spelling_of_the_register_is_a_regularisation():
    register = register_from_dict({"place": [{"id": "sofia", "name": "Sofia", "forms": ["Sofia", "Sophia"]}]})
    assert slips("The secretary of the Sophia City Party Committee.", register) == [
        ("variant-spelling", "Sophia", "orig/reg", "Sofia")]
    assert slips("The secretary of the Sofia City Party Committee.", register) == []


@pytest.mark.parametrize("form, standard, variant", [
    ("Sophia", "Sofia", True), ("Vulko Chervenkov", "Valko Chervenkov", True),
    ("Mao", "Mao Zedong", False),                    # a short form, not a spelling
    ("Jiang Jieshi", "Chiang Kai-shek", False),      # another name
    ("US", "USA", False), ("Formosa", "Taiwan", False), ("Kinmen", "Jinmen", False),
])
def test_what_counts_as_a_spelling_variant(form, standard, variant):
    assert is_spelling_variant(form, standard) is variant


def test_a_wrong_word_is_a_question_never_a_correction():
    text = "the party remains the core administrative unite of communized peoples."
    found = find_slips(text)
    assert [(s.rule, text[s.start:s.end], s.replacement, s.question) for s in found] == [
        ("wrong-word", "unite", "unit", True)]


@pytest.mark.parametrize("text", ["His existence helps us unite the entire Chinese people.",
                                  "We will unite together further.", "more, then the rest", "and then the"])
def test_the_right_word_in_its_place_is_quiet(text):
    assert slips(text) == []


# ---------------------------------------------------------------------- real text

@pytest.fixture(scope="module")
def register():
    return load_register(REGISTER)


def slip_findings(path: Path, register) -> list[tuple[str, str]]:
    return [(f.code, f.message.split("'")[1]) for f in check_source(path, register=register, unused=False).findings
            if f.code in SLIP_CODES]


@pytest.fixture(scope="module")
def frus_texts(frus_dir, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("frus-check")
    paths = []
    for tei in sorted(frus_dir.glob("*.xml")) + sorted((frus_dir / "extra").glob("*.xml")):
        path = folder / f"{tei.stem}.txt"
        path.write_text(plain_text(tei), encoding="utf-8")
        paths.append(path)
    return paths


#: Slips really in the FRUS text, checked by hand against the TEI of the documents.
FRUS_SLIPS = {
    "frus1958-60v19_d336": [("slip", "Krushchev")],                      # for Khrushchev
    "frus1958-60v19_d62": [("wrong-word", "then"), ("wrong-word", "then")],   # "[less then 1 line …]", twice
}


def test_the_frus_documents_are_quiet_but_for_their_real_slips(frus_texts, register):
    assert len(frus_texts) >= 26
    found = {path.stem: slip_findings(path, register) for path in frus_texts}
    assert {stem: f for stem, f in found.items() if f} == FRUS_SLIPS


def test_the_transcripts_of_the_corpus_are_quiet(shared_dir, register):
    paths = sorted((shared_dir / "corpus" / "transcripts").glob("*.txt"))
    assert len(paths) >= 21
    found = {path.name: slip_findings(path, register) for path in paths}
    assert {name: f for name, f in found.items() if f} == {}


#: Slips really in the three whole FRUS volumes (765,000 words), each found in the volume's TEI by hand.
#: Shantung is the register's variant of Shandong: a regularisation an edition may make, not a slip.
VOLUME_SLIPS = {
    "frus1955-57v03": [("variant-spelling", "Shantung")],
    "frus1955-57v24": [("doubled-word", "and and")],                 # "between Greeks and and Turkish Cypriots"
    "frus1958-60v19": [
        ("wrong-word", "then"), ("wrong-word", "then"),     # "[less then 1 line of source text …]" (d62)
        ("wrong-word", "then"),                             # "could not reach out to more then 2 or 3 miles"
        ("doubled-word", "the the"),                        # "and the the Nationalist forces could hold out"
        ("missing-word", "the of"),                         # "Nevertheless, in the of appreciable political misgiving"
        ("wrong-word", "then"), ("wrong-word", "then"), ("wrong-word", "then"), ("wrong-word", "then"),  # less then
    ],
}


def test_the_whole_frus_volumes_show_only_their_real_slips(frus_dir, register):
    found = {}
    for volume in sorted((frus_dir / "volumes").glob("*.xml")):
        text = plain_text(volume)
        found[volume.stem] = [(s.rule, text[s.start:s.end]) for s in find_slips(text, register)]
    assert found == VOLUME_SLIPS
