"""The converter on the real transcripts of ``$EDITION_SHARED/corpus/transcripts`` (see its MANIFEST.md).

Each file has a hand-checked turn list in ``turns/``; ``scoring.py`` says when a turn counts as right.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest

from edition.convert import convert_file
from edition.reading import reading_text
from edition.validate import validate_tree
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
