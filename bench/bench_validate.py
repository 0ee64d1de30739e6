"""Validation speed: cold commands and in-process, 1 and 100 documents, customisation vs tei_all, jing beside.

    .venv/bin/python bench/bench_validate.py [TEI_FILE] [--tei-all PATH]

Not part of the test suite. TEI_FILE defaults to the converted memorandum (converted here).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timed(command: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tei", nargs="?")
    parser.add_argument("--tei-all", default=os.environ.get(
        "EDITION_TEI_ALL", str(REPO.parent / "shared" / "tei" / "tei_all.rng")))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    if args.tei:
        one = Path(args.tei)
    else:
        from edition.convert import convert_file
        one = work / "memorandum.xml"
        one.write_bytes(convert_file(REPO / "sources" / "memorandum-1958-10-02.txt").to_bytes())
    batch = work / "batch"
    batch.mkdir()
    for number in range(100):
        shutil.copy(one, batch / f"doc-{number:03}.xml")
    batch_files = sorted(batch.glob("*.xml"))
    edition = [str(REPO / ".venv" / "bin" / "edition"), "validate"]
    tei_all = ["--tei-all", "--tei-all-schema", args.tei_all]
    print(f"document: {one} ({one.stat().st_size} bytes)")
    print("cold commands (median of 3):")
    print(f"  edition validate (customisation + Schematron), 1 doc:   {timed(edition + [str(one)]):.3f} s")
    print(f"  edition validate (customisation + Schematron), 100 docs: {timed(edition + [str(batch)]):.3f} s")
    if shutil.which("jing"):
        print(f"  edition validate --tei-all (jing engine), 1 doc:        {timed(edition + tei_all + [str(one)]):.3f} s")
        print(f"  edition validate --tei-all (jing engine), 100 docs:     {timed(edition + tei_all + [str(batch)]):.3f} s")
        print(f"  jing tei_all.rng, 1 doc:                                {timed(['jing', args.tei_all, str(one)]):.3f} s")
        print(f"  jing tei_all.rng, 100 docs:                             "
              f"{timed(['jing', args.tei_all, *map(str, batch_files)]):.3f} s")
    print("in process:")
    from edition.validate.tei import _compile_rng, validate_files
    start = time.perf_counter()
    validate_files([one])
    print(f"  customisation + Schematron, 1 doc (first call, compiles): {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    validate_files(batch_files)
    print(f"  customisation + Schematron, 100 docs:                     {time.perf_counter() - start:.3f} s")
    from edition.safexml import parse_xml_file
    from edition.validate.tei import _compile_schematron, _schematron_problems, customisation_rng
    tree = parse_xml_file(one)
    for label, step in (("RELAX NG (customisation) alone", lambda: customisation_rng().validate(tree)),
                        ("Schematron alone", lambda: _compile_schematron().validate(tree)),
                        ("Schematron and reading its findings", lambda: _schematron_problems(tree, str(one)))):
        times = []
        for _ in range(200):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        print(f"  {label + ', 1 doc (median of 200):':58}{statistics.median(times) * 1000:.2f} ms")
    start = time.perf_counter()
    _compile_rng(Path(args.tei_all))
    print(f"  lxml compile tei_all.rng:                                 {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    validate_files([one], mode="tei-all", schema=Path(args.tei_all), engine="lxml")
    print(f"  tei_all (lxml, compiled), 1 doc:                          {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    validate_files(batch_files, mode="tei-all", schema=Path(args.tei_all), engine="lxml")
    print(f"  tei_all (lxml, compiled), 100 docs:                       {time.perf_counter() - start:.3f} s")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
