"""The converter on the real transcripts of ``$EDITION_SHARED/corpus/transcripts`` (see its MANIFEST.md).

Each file has a hand-checked turn list in ``turns/``; ``scoring.py`` says when a turn counts as right.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest

from edition.convert import convert_file
from edition.convert.reading import reading_text
from edition.validate.tei import validate_tree
from tests.convert.scoring import TURNS, load_turns, score

STEMS = sorted(p.stem for p in TURNS.glob("*.tsv"))
#: Files not yet at the mark, with the reason; strict: a file that reaches it must leave this list.
BELOW_THE_MARK: dict[str, str] = {}


@pytest.fixture(scope="module")
def corpus(shared_dir):
    folder = shared_dir / "corpus" / "transcripts"
    return {stem: convert_file(folder / f"{stem}.txt") for stem in STEMS}


def test_every_corpus_file_has_a_turn_list(shared_dir):
    assert sorted(p.stem for p in (shared_dir / "corpus" / "transcripts").glob("*.txt")) == STEMS


@pytest.mark.parametrize("stem", [
    pytest.param(s, marks=pytest.mark.xfail(reason=BELOW_THE_MARK[s], strict=True)) if s in BELOW_THE_MARK else s
    for s in STEMS])
def test_turns_attributed_to_their_speakers(corpus, stem):
    result = score(corpus[stem].root, load_turns(stem))
    assert result.ratio >= 0.98, f"{result.right}/{result.total} right; first wrong: {result.wrong[:5]}"


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


@pytest.mark.parametrize("stem", STEMS)
def test_every_word_kept(corpus, shared_dir, stem):
    """The reading text of the TEI and what the report set aside hold every word of the source."""
    result = corpus[stem]
    source = (shared_dir / "corpus" / "transcripts" / f"{stem}.txt").read_text(encoding="utf-8")
    kept = _words(reading_text(result.root))
    for entry in result.report.set_aside:
        kept += _words(entry["text"])
    missing, added = _words(source) - kept, kept - _words(source)
    assert not missing and not added, f"missing {dict(missing.most_common(8))}, added {dict(added.most_common(8))}"


def test_every_output_valid_against_the_customisation_and_tei_all(corpus, tei_all_path, tmp_path):
    written = []
    for stem, result in corpus.items():
        problems = [p for p in validate_tree(result.root, stem) if p.severity != "warning"]
        assert problems == [], problems[:3]
        path = tmp_path / f"{stem}.xml"
        path.write_bytes(result.to_bytes())
        written.append(str(path))
    run = subprocess.run(["jing", str(tei_all_path), *written], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[:2000]


#: What each real transcript states about itself: date, place, and persons it names before anyone speaks.
STATED = {
    "01-unix-oral-history-mcilroy-1989": ("1989-08-18", "Murray Hill", {"M.D. McIlroy", "Michael S. Mahoney"}),
    "03-bitcoin-meetup-drivechain-talk-qa-2019": ("2019-05-27", None, {"Paul Sztorc"}),
    "04-scotus-oral-argument-bostock-2019-oyez": ("2019-10-08", None, set()),
    "07-frus-kennedy-adzhubei-izvestia-interview-1961": ("1961-11-25", "Hyannis Port", {"President Kennedy", "Adzhubei"}),
    "08-frus-transcript-of-meeting-1968-v17d75": ("1968-07-29", "Washington",
                                                  {"the President", "Secretary Rusk", "Secretary Clifford", "Tom Johnson"}),
    "09-frus-nsc-emergency-meeting-czechoslovakia-1968": ("1968-08-20", "Washington",
                                                          {"Walt Rostow", "Leonard Marks", "George Christian"}),
    "10-frus-telcon-kennedy-ball-1963": ("1963-11-05", "Washington", {"President Kennedy", "Ball"}),
    "11-frus-telcon-kennedy-hilsman-1963": ("1963-09-05", "Washington", {"Hilsman", "the President"}),
    "12-slovak-national-council-1996-06-25": ("1996-06-25", None, set()),
    "15-scotus-oral-argument-roe-v-wade-1971-oyez": ("1971-12-13", None, set()),
    "17-slovak-national-council-2020-02-26": ("2020-02-26", None, set()),
    "18-nuremberg-medical-case-transcript-page-1946": ("1946-12-09", None, set()),
    "19-scotus-official-transcript-hhs-v-florida-2012-03-26-trimmed": (
        "2012-03-26", "Washington, D.C.", {"Robert A. Long", "Donald B. Verrilli", "Gregory G. Katsas"}),
    "20-house-of-commons-pmqs-2004-01-28-excerpt": ("2004-01-28", "英国议会下院", set()),
}


@pytest.mark.parametrize("stem", sorted(STATED))
def test_date_place_and_participants_found_where_stated(corpus, stem):
    date, place, persons = STATED[stem]
    root = corpus[stem].root
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    setting = root.find(".//t:settingDesc/t:setting", ns)
    assert setting is not None
    when = setting.find("t:date", ns)
    assert (when.get("when") or when.get("from", ""))[:10] == date
    assert setting.findtext("t:placeName", None, ns) == place
    names = {" ".join("".join(p.itertext()).split()) for p in root.iterfind(".//t:particDesc//t:persName", ns)}
    assert persons <= names, persons - names


def test_no_translator_is_invented_for_a_transcript_that_is_not_a_translation(corpus):
    root = corpus["16-unix-oral-history-cherry-1989"].root
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    assert root.xpath("//t:respStmt[@xml:id='translator']", namespaces=ns) == []
    gaps = root.findall(".//t:gap", ns)
    assert len(gaps) == 5 and {g.get("resp") for g in gaps} == {"#transcriber"}
    assert [g.findtext("t:desc", None, ns) for g in gaps] == ["inaudible"] * 5
