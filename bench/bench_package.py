"""Benchmark of the package stage. Prints figures; not part of the test suite.

    python bench/bench_package.py [--repeat 20] [--documents 50]

* in-process: packaging the memorandum (TEI, report, sources) N times after a first, cold run
  (which compiles the deposit stylesheets and loads the records' schemas), median per package;
* many documents: the memorandum's TEI copied under N identifiers into one project, packaged in
  one ``package_documents`` call;
* cold command: ``edition package`` as a new process, median of several runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed_both  # noqa: E402  (bench/ is on sys.path: the script's own folder)

from edition.build.run import build  # noqa: E402
from edition.publish.deposit.package import package_documents  # noqa: E402
from edition.project import load_project  # noqa: E402

DOC_ID = "memorandum-1958-10-02"


def built_project(folder: Path):
    shutil.copytree(ROOT / "sources", folder / "sources")
    shutil.copy(ROOT / "edition.toml", folder / "edition.toml")
    project = load_project(folder / "edition.toml")
    build(project)
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--documents", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        project = built_project(temp / "project")
        start = time.perf_counter()
        [result] = package_documents(project)
        cold = time.perf_counter() - start
        times, cpus = timed_both(lambda: package_documents(project), args.repeat)
        zip_size = result.zip_path.stat().st_size
        print(f"first package in this process (compiles the stylesheets): {cold * 1000:.0f} ms")
        print(f"one package, warm: median {statistics.median(times) * 1000:.1f} ms over {args.repeat} runs "
              f"(processor {statistics.median(cpus) * 1000:.1f} ms, min {min(cpus) * 1000:.1f}); "
              f"payload {result.payload_files} files, {result.payload_bytes} bytes; zip {zip_size} bytes")

        tei = (project.tei_dir / f"{DOC_ID}.xml").read_bytes()
        many = temp / "many"
        many.mkdir()
        for number in range(args.documents):
            name = f"doc-{number:04d}"
            (many / f"{name}.xml").write_bytes(tei.replace(f'xml:id="{DOC_ID}"'.encode(), f'xml:id="{name}"'.encode(), 1))
        start, cpu = time.perf_counter(), time.process_time()
        results = package_documents(project, sorted(many.glob("*.xml")), out_dir=temp / "deposit-many")
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(f"{len(results)} documents in one call: {elapsed:.2f} s ({elapsed / len(results) * 1000:.1f} ms each; "
              f"processor {cpu / len(results) * 1000:.1f} ms each)")

        command = [str(ROOT / ".venv" / "bin" / "edition"), "package"]
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(command, cwd=project.root, check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        print(f"cold command 'edition package': median {statistics.median(runs):.2f} s over 5 runs")


if __name__ == "__main__":
    main()
