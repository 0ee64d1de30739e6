"""Benchmark of the convert stage. Prints figures; not part of the test suite.

    python bench/bench_convert.py [--corpus 1000]

* in-process: converting the memorandum N times, documents per second and processor time: the converter
  alone (no editorial passes), a bare transcript (the date and quantity passes every transcript gets), with
  its editorial files (the register read from its file, then loaded once beforehand as a build does);
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

from timing import timed, timed_both  # noqa: E402
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
    from edition.editorial.metadata import load_metadata
    from edition.editorial.register import load_register

    no_metadata = load_metadata(None)

    def converter_alone():  # transcript → document model → TEI tree, without the editorial passes
        build_tei(classify(read_source(SOURCE), no_metadata, None, "memorandum").document, no_metadata)

    loaded = load_register(register) if register else None   # as a build loads it: once for all documents
    cases = (("converter alone:          ", converter_alone),
             ("bare text (+ dates etc.): ", lambda: convert_file(SOURCE)),
             ("with editorial layer:     ", lambda: convert_file(SOURCE, metadata_path=META,
                                                                 register_path=register).to_bytes()),
             ("the same, register loaded:", lambda: convert_file(SOURCE, metadata_path=META,
                                                                 register=loaded).to_bytes()))
    for label, function in cases:
        walls, cpus = timed_both(function, args.repeat)
        print(f"in-process, memorandum, {label} median {statistics.median(walls) * 1000:7.1f} ms  "
              f"= {1 / statistics.median(walls):6.0f} documents/s; processor {statistics.median(cpus) * 1000:.1f} ms "
              f"(min {min(cpus) * 1000:.1f})")

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
        start, cpu = time.perf_counter(), time.process_time()
        for path in paths:
            convert_file(path).to_bytes()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"generated corpus: {args.corpus} transcripts, {size / 1e6:.1f} MB, one process, one core: "
          f"{elapsed:.2f} s = {args.corpus / elapsed:.0f} documents/s; processor {cpu:.2f} s")

    real = sorted((SHARED / "corpus" / "transcripts").glob("*.txt"))
    if real:   # the real transcripts of every convention ($EDITION_SHARED/corpus/transcripts)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in real)
        runs = timed(lambda: [convert_file(p).to_bytes() for p in real], 3)
        best = statistics.median(runs)
        print(f"real transcripts: {len(real)} files, {words:,} words: median {best:.2f} s = "
              f"{words / best:,.0f} words/s")


if __name__ == "__main__":
    main()
