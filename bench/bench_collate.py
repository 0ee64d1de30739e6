"""Benchmark of the collation (``edition collate``). Prints figures; not part of the test suite.

    python bench/bench_collate.py [--repeat 3]

* two memorandum-sized witnesses (the memorandum and the test variant, about 4,000 words each), by stage;
* four witnesses (the same two and two more variants made here with random edits);
* CollateX alone on one stretch of N tokens, to show why identical runs are passed through: its
  aligner grows with the product of the witnesses' lengths.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402
from edition.collate import collate_witnesses  # noqa: E402
from edition.project import WitnessSpec  # noqa: E402
from edition.editorial.register import load_register  # noqa: E402

SOURCE = ROOT / "sources" / "memorandum-1958-10-02.txt"
META = ROOT / "sources" / "memorandum-1958-10-02.toml"
REGISTER = ROOT / "sources" / "register.toml"
VARIANT = ROOT / "tests" / "fixtures" / "collate" / "memorandum-variant.txt"
RULES = {"collation": {"spelling": [["Jiang", "Chiang"], ["Jieshi", "Kai-shek"]]}}


def random_variant(text: str, seed: int) -> str:
    """The memorandum with a word changed, dropped or added in about one paragraph of three."""
    rng = random.Random(seed)
    paragraphs = text.split("\n\n")
    for k, paragraph in enumerate(paragraphs):
        words = paragraph.split(" ")
        if len(words) > 8 and rng.random() < 0.35 and ":" not in words[0]:
            i = rng.randrange(1, len(words) - 1)
            edit = rng.choice(["change", "drop", "add"])
            if edit == "change":
                words[i] = rng.choice(["comrades", "peace", "war", "the", "teacher"])
            elif edit == "drop":
                del words[i]
            else:
                words.insert(i, rng.choice(["indeed", "also", "perhaps"]))
            paragraphs[k] = " ".join(words)
    return "\n\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    register = load_register(REGISTER)
    base = WitnessSpec(SOURCE, "A", "", True, META)
    two = [base, WitnessSpec(VARIANT, "B", "", False, None)]
    import collatex  # noqa: F401  (its import, about 0.4 s with networkx, is paid once per process)

    last = {}

    def run(specs):
        last["c"] = collate_witnesses(specs, register=register, editorial=RULES)

    times = timed(lambda: run(two), args.repeat)
    words = sum(len(SOURCE.read_text(encoding="utf-8").split()) for _ in (0,))
    print(f"two witnesses (~{words:,} words each): median {statistics.median(times):.2f} s "
          f"(goal: under 2 s); {last['c'].apps} apparatus entries")
    for stage, seconds in last["c"].timings.items():
        print(f"  {stage:<24} {seconds:6.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        specs = list(two)
        for seed, siglum in ((1, "C"), (2, "D")):
            path = Path(tmp) / f"variant-{siglum}.txt"
            path.write_text(random_variant(SOURCE.read_text(encoding="utf-8"), seed), encoding="utf-8")
            specs.append(WitnessSpec(path, siglum, "", False, None))
        times = timed(lambda: run(specs), args.repeat)
        print(f"four witnesses: median {statistics.median(times):.2f} s; {last['c'].apps} apparatus entries")
        for stage, seconds in last["c"].timings.items():
            print(f"  {stage:<24} {seconds:6.3f} s")
    from collatex import Collation, collate
    text = SOURCE.read_text(encoding="utf-8").split()
    for n in (100, 200, 400):
        collation = Collation()
        collation.add_witness({"id": "A", "tokens": [{"t": w + " ", "n": w.lower()} for w in text[:n]]})
        collation.add_witness({"id": "B", "tokens": [{"t": w + " ", "n": w.lower()} for w in text[1:n + 1]]})
        start = time.perf_counter()
        collate(collation, output="table", segmentation=False)
        print(f"CollateX alone, two stretches of {n} tokens: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
