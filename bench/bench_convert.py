"""Benchmark of the convert stage. Prints figures; not part of the test suite.

    python bench/bench_convert.py [--corpus 1000]

* in-process: converting the memorandum N times, documents per second: the converter alone (no editorial
  passes), a bare transcript (the date and quantity passes every transcript gets), with its editorial files;
* cold command: ``edition convert`` as a new process, median of several runs;
* corpus: 1,000 generated memorandum-like transcripts, converted in one process on one core;
* real transcripts: the 21 files of ``$EDITION_SHARED/corpus/transcripts``, words per second.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402
from edition.convert import convert_file  # noqa: E402

SOURCE = ROOT / "sources" / "memorandum-1958-10-02.txt"
SHARED = Path(os.environ.get("EDITION_SHARED", ROOT.parent / "shared"))
META = ROOT / "sources" / "memorandum-1958-10-02.toml"
REGISTER = ROOT / "sources" / "register.toml"


def generated_transcript(rng: random.Random, words: list[str]) -> str:
    speakers = ["Mao Zedong", "Cde. Efremov", "Chervenkov", "Zhou Enlai", "Khrushchev"]
    parts = ["Record of a conversation, 2 October 1958", "(The conversation began at 21:30.)",
             "The delegates were received in the hall."]
    for _ in range(60):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(20, 80)))
        extra = rng.choice(["", " (Laughter).", " [of this conversation]", " – “teacher”."])
        parts.append(f"{rng.choice(speakers)}:  {sentence.capitalize()}.{extra}")
        if rng.random() < 0.5:
            parts.append(" ".join(rng.choice(words) for _ in range(40)).capitalize() + ", we said.")
    parts.append("Recorded by A. Clerk.")
    return "\n\n\n".join(parts) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--corpus", type=int, default=1000)
    args = parser.parse_args()
    register = REGISTER if REGISTER.is_file() else None

    from edition.convert.classify import classify
    from edition.convert.source import read_source
    from edition.convert.tei import build_tei
    from edition.metadata import load_metadata

    no_metadata = load_metadata(None)

    def converter_alone():  # transcript → document model → TEI tree, without the editorial passes
        build_tei(classify(read_source(SOURCE), no_metadata, None, "memorandum").document, no_metadata)

    alone = timed(converter_alone, args.repeat)
    bare = timed(lambda: convert_file(SOURCE), args.repeat)
    full = timed(lambda: convert_file(SOURCE, metadata_path=META, register_path=register).to_bytes(), args.repeat)
    print(f"in-process, memorandum, converter alone:         median {statistics.median(alone) * 1000:7.1f} ms  "
          f"= {1 / statistics.median(alone):6.0f} documents/s")
    print(f"in-process, memorandum, bare text (+ dates etc.): median {statistics.median(bare) * 1000:7.1f} ms  "
          f"= {1 / statistics.median(bare):6.0f} documents/s")
    print(f"in-process, memorandum, with editorial layer:    median {statistics.median(full) * 1000:7.1f} ms  "
          f"= {1 / statistics.median(full):6.0f} documents/s")

    edition = Path(sys.executable).with_name("edition")
    out = Path(tempfile.mkdtemp()) / "memorandum.xml"
    command = [str(edition), "convert", str(SOURCE), "-o", str(out)]
    cold = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        cold.append(time.perf_counter() - start)
    print(f"cold command, edition convert (memorandum):     median {statistics.median(cold) * 1000:7.1f} ms "
          f"(min {min(cold) * 1000:.1f} ms, {len(cold)} runs)")

    rng = random.Random(1958)
    words = SOURCE.read_text(encoding="utf-8").replace("(", " ").replace(")", " ").replace("[", " ") \
        .replace("]", " ").split()
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number in range(args.corpus):
            path = Path(folder) / f"t{number:04d}.txt"
            path.write_text(generated_transcript(rng, words), encoding="utf-8")
            paths.append(path)
        size = sum(p.stat().st_size for p in paths)
        start = time.perf_counter()
        for path in paths:
            convert_file(path).to_bytes()
        elapsed = time.perf_counter() - start
    print(f"generated corpus: {args.corpus} transcripts, {size / 1e6:.1f} MB, one process, one core: "
          f"{elapsed:.2f} s = {args.corpus / elapsed:.0f} documents/s")

    real = sorted((SHARED / "corpus" / "transcripts").glob("*.txt"))
    if real:   # the real transcripts of every convention ($EDITION_SHARED/corpus/transcripts)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in real)
        runs = timed(lambda: [convert_file(p).to_bytes() for p in real], 3)
        best = statistics.median(runs)
        print(f"real transcripts: {len(real)} files, {words:,} words: median {best:.2f} s = "
              f"{words / best:,.0f} words/s")


if __name__ == "__main__":
    main()
