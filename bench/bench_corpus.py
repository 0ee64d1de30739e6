"""What a corpus build costs: N memorandum-sized transcripts (each with its editorial file, one register),
built whole, rebuilt with nothing changed and rebuilt after one transcript changed, at --jobs 1 and 2.

    .venv/bin/python bench/bench_corpus.py [-n 100] [--no-pdf] [--jobs 1,2] [--keep FOLDER] [--classic]
    .venv/bin/python bench/bench_corpus.py -n 1000 --no-pdf --jobs 2 --keep FOLDER --again 5

``--again R`` builds the corpus kept in ``--keep`` (made and built first when it is not there) R more
times with one transcript changed each time (it alternates between two texts), then R times with
nothing changed: the figures of an incremental build, without a full build before each.

Every build is a fresh ``edition build --json`` process (cold: imports and stylesheet compilation
counted). Printed per build: wall time, documents per second of each stage (from the build summary)
the processor time of the build and all its workers, the fork server's included (the machine may be
shared: wall time then waits for a core), the load average before and after and the peak resident memory of the build process and its workers (``getrusage(RUSAGE_CHILDREN)``,
the largest single process).

``--classic`` also puts the TEI of the first full build through the classic route where it is installed
(jing, the TEI Stylesheets under Saxon-HE for Java, FOP; see bench_classic.py, which finds the tools), once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
EDITION = [str(Path(sys.executable).with_name("edition"))]


def make_corpus(folder: Path, count: int) -> None:
    """``count`` transcripts made from the memorandum, no two byte-identical, with editorial files."""
    text = (SOURCES / "memorandum-1958-10-02.txt").read_text(encoding="utf-8")
    meta = (SOURCES / "memorandum-1958-10-02.toml").read_text(encoding="utf-8")
    (folder / "sources").mkdir(parents=True)
    shutil.copy(SOURCES / "register.toml", folder / "sources" / "register.toml")
    lines = ['[edition]\ntitle = "Benchmark corpus"\npublisher = "The edition project"\noutput = "output"\n'
             'register = "sources/register.toml"\n']
    for number in range(count):
        name = f"memorandum-{number:05d}"
        variant = text.replace("Recorded by Vl. Rogov.",
                               f"This is copy {number} of the record, kept in file {number * 7 + 3}.\n\n\n"
                               "Recorded by Vl. Rogov.")
        (folder / "sources" / f"{name}.txt").write_text(variant, encoding="utf-8")
        (folder / "sources" / f"{name}.toml").write_text(
            meta.replace('id = "memorandum-1958-10-02"', f'id = "{name}"'), encoding="utf-8")
        lines.append(f'\n[[document]]\nsource = "sources/{name}.txt"\n')
    (folder / "edition.toml").write_text("".join(lines), encoding="utf-8")


def _reap_descendants() -> None:
    """Wait for every process of the build left to this one: its workers are children of multiprocessing's
    fork server, not of the build; as a subreaper (``main``) this process inherits them and the fork server
    when they end, so that their processor time counts in RUSAGE_CHILDREN with the build's."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def run_build(folder: Path, jobs: int, pdf: bool) -> dict:
    """One cold build; its summary with the wall time and peak memory added."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    load = os.getloadavg()[0]
    start = time.perf_counter()
    command = [*EDITION, "build", "--json", "-q", f"--jobs={jobs}", "--pdf" if pdf else "--no-pdf"]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - start
    _reap_descendants()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime - cpu  # the build and all its workers (``_reap_descendants``)
    try:
        summary = json.loads(done.stdout)
    except json.JSONDecodeError:
        summary = {}
    if done.returncode != 0:
        print(f"build failed ({done.returncode}): {done.stderr.strip()[-400:]}", file=sys.stderr)
    summary["wall"] = wall
    summary["load"] = f"{load:.1f} → {os.getloadavg()[0]:.1f}"
    summary["cpu"] = cpu
    # ru_maxrss of children is the largest child so far: a new maximum only when this build went higher
    summary["peak_mb"] = peak / 1024 if peak > before else None
    return summary


def show(label: str, summary: dict) -> None:
    stages = summary.get("stages", {})
    parts = []
    for stage, figures in stages.items():
        seconds, count = figures.get("seconds", 0.0), figures.get("documents", 0)
        rate = f"{count / seconds:.1f}/s" if seconds > 0 and count else "-"
        parts.append(f"{stage} {seconds:.2f}s ({count}, {rate})")
    peak = f"{summary['peak_mb']:.0f} MB" if summary.get("peak_mb") else "≤ earlier peak"
    print(f"  {label:<18} wall {summary['wall']:7.2f} s  cpu {summary['cpu']:7.2f} s  built {summary.get('built', '?'):>5}  "
          f"unchanged {summary.get('unchanged', '?'):>5}  peak {peak}  load {summary.get('load', '')}")
    if parts:
        print("      " + "; ".join(parts))


def classic(folder: Path, work: Path, fop_sample: int) -> None:
    """The classic route on the TEI of the build in ``folder``, once (each part a new process)."""
    from bench_classic import classic_parts, find_tools, run_rounds, show as show_parts

    tools = find_tools()
    for line in tools.missing:
        print(f"  missing: {line}")
    tei_files = sorted((folder / "output" / "tei").glob("*.xml"))
    print(f"  classic route on the {len(tei_files)} TEI files of this build (wall, processor, peak):")
    parts = classic_parts(tools, tei_files, work, fop_sample)
    run_rounds(parts, 1)
    show_parts(parts, "total of the classic route")


def again(folder: Path, count: int, jobs: int, pdf: bool, rounds: int) -> None:
    """``rounds`` one-file changes, then ``rounds`` no-op builds, of the corpus kept in ``folder``."""
    if not (folder / "output" / ".edition-manifest.json").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        make_corpus(folder, count)
        print(f"--jobs {jobs}")
        show("full build", run_build(folder, jobs, pdf))
    print(f"--jobs {jobs}, {count} documents kept in {folder}, load average {os.getloadavg()[0]:.2f}")
    changed = folder / "sources" / "memorandum-00000.txt"
    for round_ in range(rounds):
        text = changed.read_text(encoding="utf-8")
        text = text.replace("copy 0 of", "copy zero of") if "copy 0 of" in text else text.replace(
            "copy zero of", "copy 0 of")
        changed.write_text(text, encoding="utf-8")
        show(f"one-file change {round_ + 1}", run_build(folder, jobs, pdf))
    for round_ in range(rounds):
        show(f"no-op rebuild {round_ + 1}", run_build(folder, jobs, pdf))
    print(f"load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="number of documents")
    parser.add_argument("--no-pdf", action="store_true", help="leave the print edition out")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    parser.add_argument("--keep", type=Path, help="build in this folder (kept) instead of a temporary one")
    parser.add_argument("--classic", action="store_true",
                        help="also run the classic route (jing, Saxon-HE, FOP) on the TEI of the first full build")
    parser.add_argument("--again", type=int, default=0, metavar="R",
                        help="with --keep: R one-file changes and R no-op builds of the kept corpus")
    parser.add_argument("--fop-sample", type=int, default=5, metavar="K",
                        help="with --classic: run FOP on K documents and extrapolate (default 5)")
    args = parser.parse_args()
    pdf = not args.no_pdf
    if sys.platform.startswith("linux"):   # the build's workers are reaped here (``_reap_descendants``)
        import ctypes

        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)    # PR_SET_CHILD_SUBREAPER
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    print(f"{args.n} documents, {'with' if pdf else 'without'} PDF, on {os.cpu_count()} cores")
    try:
        job_counts = [int(j) for j in args.jobs.split(",")]
        first_jobs = job_counts[0]
        if args.again:
            if args.keep is None:
                parser.error("--again needs --keep FOLDER")
            for jobs in job_counts:
                again(base / f"jobs-{jobs}", args.n, jobs, pdf, args.again)
            return
        for jobs in job_counts:
            folder = base / f"jobs-{jobs}"
            shutil.rmtree(folder, ignore_errors=True)
            make_corpus(folder, args.n)
            print(f"--jobs {jobs}")
            show("full build", run_build(folder, jobs, pdf))
            if args.classic and jobs == first_jobs:
                shutil.rmtree(base / "classic", ignore_errors=True)
                classic(folder, base / "classic", args.fop_sample)
            show("no-op rebuild", run_build(folder, jobs, pdf))
            changed = folder / "sources" / "memorandum-00000.txt"
            changed.write_text(changed.read_text(encoding="utf-8").replace("copy 0 of", "copy zero of"),
                               encoding="utf-8")
            show("one-file change", run_build(folder, jobs, pdf))
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
