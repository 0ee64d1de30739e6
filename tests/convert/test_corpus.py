"""The converter on the real transcripts of ``$EDITION_SHARED/corpus/transcripts`` (see its MANIFEST.md).

Each file has a hand-checked turn list in ``turns/``; ``scoring.py`` says when a turn counts as right.
"""

from __future__ import annotations

import pytest

from edition.convert import convert_file
from tests.convert.scoring import TURNS, load_turns, score

STEMS = sorted(p.stem for p in TURNS.glob("*.tsv"))
#: Files not yet at the mark, with the reason; strict: a file that reaches it must leave this list.
BELOW_THE_MARK: dict[str, str] = {
    "11-frus-telcon-kennedy-hilsman-1963": "JFK and The President are one person: the text does not say so (warned)",
}


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
