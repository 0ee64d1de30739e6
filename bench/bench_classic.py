"""The classic TEI route beside ``edition build``, measured side by side in one run: jing against tei_all,
the TEI Stylesheets' ``html.xsl`` and ``fo.xsl`` under Saxon-HE for Java, Apache FOP to PDF.

    .venv/bin/python bench/bench_classic.py [TEI-FILE | TEI-FOLDER] [-r 3] [--corpus N] [--fop-sample 5]

Without a TEI argument the bundled project (edition.toml and sources/) is copied to a temporary folder and
built cold with ``edition build`` (and with ``--no-pdf``), each repetition into a new output folder; the
classic route then runs on the TEI that build made (output/tei/). ``--corpus N`` does the same for N
memorandum-sized documents (the corpus of bench_corpus.py, built at ``--jobs`` = the number of cores): jing
validates all of them in one JVM, Saxon transforms the folder in one JVM (``-s:folder -o:folder``, the
stylesheet compiled once), FOP runs once per file on the first ``--fop-sample`` files and its figure is
extrapolated to N (labelled so). A TEI file or folder given on the command line is put through the classic
route only (the edition side still builds the bundled project, or the corpus with ``--corpus``).

Every part is a new process (cold: JVM start, stylesheet compilation counted), run in rounds (each round
runs every part of both routes once, one after the other, so that both share the machine's load), ``-r``
rounds; the median is printed: wall time, processor time of the process and every process under it (``wait4``; on
Linux this script takes in the orphaned ones, such as a build's workers; a JVM's compiler and collector
threads count, so processor time can exceed wall on several cores) and the peak resident memory of the
largest single process. The load average is printed before and after (the machine may be shared).

Where the tools are looked for (a part whose tool is missing is named in one line and skipped):

    EDITION_JAVA                 java (default: java on PATH)
    EDITION_JING_JAR             jing's jar (default: /usr/share/java/jing.jar)
    EDITION_SAXON_JAR            Saxon-HE's jar (default: Saxon-HE*.jar or saxon9he*.jar in /usr/share/java)
    EDITION_CLASSIC_STYLESHEETS  the TEI Stylesheets folder, holding html/html.xsl and fo/fo.xsl
                                 (default: /usr/share/xml/tei/stylesheet, where their ``make install``
                                 and their package tei-xsl put them)
    EDITION_FOP                  Apache FOP's command (default: fop on PATH)
    EDITION_TEI_ALL              tei_all.rng (default: $EDITION_SHARED/tei/tei_all.rng)
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
EDITION = Path(sys.executable).with_name("edition")
JAVA_LIBRARY = Path("/usr/share/java")
DEBIAN_TEI_STYLESHEETS = Path("/usr/share/xml/tei/stylesheet")
SAXON_JAR_PATTERNS = ("Saxon-HE*.jar", "saxon9he*.jar", "saxon-he*.jar")


@dataclass
class Run:
    """One process: its wall time, processor time and peak memory, and whether it did its work."""

    wall: float
    cpu: float
    peak_mb: float | None
    ok: bool
    error: str = ""


@dataclass
class Part:
    """A part of a route: its label and the runs of its repetitions."""

    label: str
    step: Callable[[], Run] | None = None
    note: str = ""
    runs: list[Run] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(run.ok for run in self.runs)

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(run, attribute) for run in self.runs)


@dataclass
class Tools:
    """Where each tool of the classic route is; what is missing, in one line each."""

    java: str | None
    jing_jar: Path | None
    saxon_jar: Path | None
    stylesheets: Path | None
    fop: str | None
    tei_all: Path | None
    missing: list[str] = field(default_factory=list)


def find_saxon_jar() -> Path | None:
    configured = os.environ.get("EDITION_SAXON_JAR")
    if configured:
        return Path(configured) if Path(configured).is_file() else None
    for pattern in SAXON_JAR_PATTERNS:
        found = sorted(JAVA_LIBRARY.glob(pattern))
        if found:
            return found[0]
    return None


def find_tools() -> Tools:
    missing = []
    java = shutil.which(os.environ.get("EDITION_JAVA", "java"))
    if java is None:
        missing.append(f"java not found (EDITION_JAVA={os.environ.get('EDITION_JAVA', 'java')}): "
                       "jing, Saxon and FOP are skipped")
    jing_jar = Path(os.environ.get("EDITION_JING_JAR", JAVA_LIBRARY / "jing.jar"))
    if not jing_jar.is_file():
        missing.append(f"jing's jar not found at {jing_jar} (EDITION_JING_JAR; Debian package jing)")
        jing_jar = None
    saxon_jar = find_saxon_jar()
    if saxon_jar is None:
        missing.append("Saxon-HE's jar not found (EDITION_SAXON_JAR, or Saxon-HE*.jar in /usr/share/java: "
                       "Debian package libsaxonhe-java)")
    stylesheets = Path(os.environ.get("EDITION_CLASSIC_STYLESHEETS", DEBIAN_TEI_STYLESHEETS))
    if not (stylesheets / "html" / "html.xsl").is_file() or not (stylesheets / "fo" / "fo.xsl").is_file():
        missing.append(f"TEI Stylesheets not found at {stylesheets} (html/html.xsl and fo/fo.xsl; "
                       "EDITION_CLASSIC_STYLESHEETS, a copy of github.com/TEIC/Stylesheets)")
        stylesheets = None
    fop = shutil.which(os.environ.get("EDITION_FOP", "fop"))
    if fop is None:
        missing.append(f"FOP not found (EDITION_FOP={os.environ.get('EDITION_FOP', 'fop')}; Debian package fop)")
    tei_all_setting = os.environ.get("EDITION_TEI_ALL") or (
        str(Path(os.environ["EDITION_SHARED"]) / "tei" / "tei_all.rng") if os.environ.get("EDITION_SHARED") else "")
    tei_all = Path(tei_all_setting) if tei_all_setting and Path(tei_all_setting).is_file() else None
    if tei_all is None:
        missing.append(f"tei_all.rng not found ({tei_all_setting or 'EDITION_TEI_ALL and EDITION_SHARED unset'})")
    return Tools(java, jing_jar, saxon_jar, stylesheets, fop, tei_all, missing)


def written(path: Path) -> bool:
    """A non-empty file, or a folder holding something."""
    return path.stat().st_size > 0 if path.is_file() else path.is_dir() and any(path.iterdir())


def become_subreaper() -> bool:
    """Make this process the one orphaned descendants are given to (Linux ``PR_SET_CHILD_SUBREAPER``), so
    that the processor time of a build's workers, whose parent ends before them, is counted too."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


SUBREAPER = False  # set by main(): whether this process takes in orphaned descendants


def reap_orphans(deadline_seconds: float = 60.0) -> tuple[float, float]:
    """Wait for the descendants given to this process; their processor time and largest peak memory (MB)."""
    cpu, peak, deadline = 0.0, 0.0, time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.02)
            continue
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss / 1024)
    return cpu, peak


def run_process(command: list[str], cwd: Path | None = None, env: dict | None = None,
                expect: list[Path] = ()) -> Run:
    """Run ``command`` as a new process; its wall time, processor time and peak memory (``wait4``: the
    process and every process under it, such as the JVM a launcher script starts or a build's workers),
    and whether it exited 0 and wrote everything of ``expect``."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        try:
            process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                       stderr=subprocess.STDOUT)
        except OSError as error:
            return Run(0.0, 0.0, None, False, str(error))
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        orphans_cpu, orphans_peak = reap_orphans() if SUBREAPER else (0.0, 0.0)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    error = ""
    if process.returncode != 0:
        lines = [line for line in output.splitlines() if line.strip()]
        error = f"exit {process.returncode}: {lines[-1] if lines else ''}"
    else:
        absent = [path.name for path in expect if not written(path)]
        if absent:
            error = f"not written: {', '.join(absent[:3])}{' …' if len(absent) > 3 else ''}"
    return Run(wall, usage.ru_utime + usage.ru_stime + orphans_cpu, max(usage.ru_maxrss / 1024, orphans_peak),
               not error, error)


def run_rounds(parts: list[Part], repetitions: int) -> None:
    """Run every part once per round, in order, ``repetitions`` rounds (so that the parts share the
    machine's changing load); a part that failed is not run again."""
    for _ in range(repetitions):
        for part in parts:
            if part.step is not None and all(run.ok for run in part.runs):
                part.runs.append(part.step())


def classic_parts(tools: Tools, tei_files: list[Path], work: Path, fop_sample: int) -> list[Part]:
    """The classic route on ``tei_files``, to be run in this order: jing, Saxon html.xsl, Saxon fo.xsl
    (into ``work``/fo), FOP on that XSL-FO; each step a new process."""
    parts: list[Part] = []
    if tools.java is None or not tei_files:
        return parts
    count = len(tei_files)
    many = count > 1
    if many:  # a folder holding these files only: Saxon transforms every file of the folder given to -s
        source = work / "tei"
        source.mkdir(parents=True)
        tei_files = [Path(shutil.copy(path, source / path.name)) for path in tei_files]
    else:
        source = tei_files[0]
    if tools.jing_jar and tools.tei_all:
        command = [tools.java, "-jar", str(tools.jing_jar), str(tools.tei_all), *map(str, tei_files)]
        parts.append(Part(f"jing, tei_all.rng ({count} file{'s' if many else ''}, one JVM)",
                          step=lambda: run_process(command)))
    fo_dir = work / "fo"
    if tools.saxon_jar and tools.stylesheets:
        saxon = [tools.java, "-cp", str(tools.saxon_jar), "net.sf.saxon.Transform"]
        for kind, stylesheet, ending in (("html", "html/html.xsl", ".html"), ("fo", "fo/fo.xsl", ".fo")):
            target = work / kind

            def transform(stylesheet=stylesheet, ending=ending, target=target):
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir(parents=True)
                output = target if many else target / (tei_files[0].stem + ending)
                # a folder given to -s: every output is named as its input
                expect = [target / (path.stem + (".xml" if many else ending)) for path in tei_files]
                return run_process([*saxon, f"-s:{source}", f"-xsl:{tools.stylesheets / stylesheet}",
                                    f"-o:{output}"], expect=expect)
            arrow = "HTML" if kind == "html" else "XSL-FO"
            parts.append(Part(f"Saxon-HE {stylesheet} → {arrow}" + (f" ({count} files, one JVM)" if many else ""),
                              step=transform))
    if tools.fop:
        if not (tools.saxon_jar and tools.stylesheets):
            parts.append(Part("FOP → PDF", note="skipped: no XSL-FO to render (Saxon or the TEI Stylesheets missing)"))
        else:
            pdf_dir = work / "pdf"

            def render():
                fo_files = sorted(fo_dir.glob("*.xml" if many else "*.fo"))[:fop_sample]
                if not fo_files:
                    return Run(0.0, 0.0, None, False, f"no XSL-FO in {fo_dir}")
                pdf_dir.mkdir(exist_ok=True)
                runs = [run_process([tools.fop, "-q", "-fo", str(fo), "-pdf", str(pdf_dir / (fo.stem + ".pdf"))],
                                    expect=[pdf_dir / (fo.stem + ".pdf")]) for fo in fo_files]
                scale = count / len(fo_files)
                failed = [run for run in runs if not run.ok]
                peaks = [run.peak_mb for run in runs if run.peak_mb]
                return Run(sum(run.wall for run in runs) * scale, sum(run.cpu for run in runs) * scale,
                           max(peaks) if peaks else None, not failed, failed[0].error if failed else "")
            label = "FOP → PDF"
            sample = min(fop_sample, count)
            if many:
                label += (f" (one JVM per file; {sample} of {count} run, extrapolated ×{count / sample:g})"
                          if sample < count else f" (one JVM per file, {count} files)")
            parts.append(Part(label, step=render))
    return parts


def bundled_project(folder: Path) -> None:
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "sources", folder / "sources")
    shutil.copy(ROOT / "edition.toml", folder / "edition.toml")


def corpus_project(folder: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_corpus import make_corpus

    make_corpus(folder, count)


def edition_parts(folder: Path, jobs: int | None) -> list[Part]:
    """``edition build`` cold, with and without the print edition, each into a new output folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parts = []
    for options in ([], ["--no-pdf"]):
        options = [*options, *([f"--jobs={jobs}"] if jobs else [])]
        command = [str(EDITION), "build", "-q", *options]

        def build(command=command):
            shutil.rmtree(folder / "output", ignore_errors=True)
            return run_process(command, cwd=folder, env=env, expect=[folder / "output" / "tei"])
        parts.append(Part(" ".join(["edition build", *options]), step=build))
    return parts


def show(parts: list[Part], total_label: str | None = None) -> tuple[float, float] | None:
    """Print the medians of each part; return the total (wall, cpu) when every part ran."""
    for part in parts:
        if part.note:
            print(f"  {part.label:<66} {part.note}")
        elif not part.ok:
            failed = next((run for run in part.runs if not run.ok), None)
            print(f"  {part.label:<66} failed: {failed.error if failed else 'not run'}")
        else:
            peaks = [run.peak_mb for run in part.runs if run.peak_mb]
            peak = f"{max(peaks):5.0f} MB" if peaks else "       -"
            print(f"  {part.label:<66} {part.median('wall'):7.2f} s {part.median('cpu'):7.2f} s  {peak}")
    if total_label is None:
        return None
    if not parts or not all(part.ok for part in parts):
        print(f"  {total_label:<66} (not every part ran: no total)")
        return None
    wall = sum(part.median("wall") for part in parts)
    cpu = sum(part.median("cpu") for part in parts)
    print(f"  {total_label:<66} {wall:7.2f} s {cpu:7.2f} s")
    return wall, cpu


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tei", nargs="?", type=Path,
                        help="a TEI file or a folder of TEI files for the classic route "
                             "(default: the TEI of the edition's own build)")
    parser.add_argument("-r", "--repeat", type=int, default=3, help="repetitions of every part (median)")
    parser.add_argument("--corpus", type=int, metavar="N",
                        help="build a corpus of N memorandum-sized documents instead of the bundled project")
    parser.add_argument("--fop-sample", type=int, default=5, metavar="K",
                        help="with many files, run FOP on K of them and extrapolate (default 5)")
    parser.add_argument("--jobs", type=int, help="--jobs of edition build (default: its own, the cores)")
    parser.add_argument("--no-edition", action="store_true", help="measure the classic route only")
    args = parser.parse_args()
    if args.repeat < 1 or args.fop_sample < 1 or (args.corpus is not None and args.corpus < 1):
        parser.error("--repeat, --fop-sample and --corpus must be at least 1")
    if args.tei is not None and not args.tei.exists():
        print(f"error: {args.tei}: no such file or folder", file=sys.stderr)
        return 2

    global SUBREAPER
    SUBREAPER = sys.platform.startswith("linux") and become_subreaper()
    tools = find_tools()
    print(f"{os.cpu_count()} cores, load average {load()} (1, 5, 15 min); median of {args.repeat}, "
          "every part a new process")
    print(f"  java {tools.java or '-'}; jing {tools.jing_jar or '-'}; Saxon {tools.saxon_jar and tools.saxon_jar.resolve() or '-'}; "
          f"FOP {tools.fop or '-'}")
    print(f"  TEI Stylesheets {tools.stylesheets or '-'}"
          + (f" (version {(tools.stylesheets / 'VERSION').read_text().strip()})"
             if tools.stylesheets and (tools.stylesheets / "VERSION").is_file() else "")
          + f"; tei_all {tools.tei_all or '-'}")
    for line in tools.missing:
        print(f"missing: {line}")
    edition_ok = EDITION.is_file()
    if not edition_ok and not args.no_edition:
        print(f"missing: {EDITION} (run with the project's venv: .venv/bin/python bench/bench_classic.py)")

    work = Path(tempfile.mkdtemp(prefix="bench-classic-"))
    try:
        project = work / "project"
        edition: list[Part] = []
        if not args.no_edition and edition_ok:
            if args.corpus:
                corpus_project(project, args.corpus)
            else:
                bundled_project(project)
            edition = edition_parts(project, args.jobs)
            run_rounds(edition, 1)  # the first round makes the TEI for the classic route
        if args.tei is not None:
            tei_files = sorted(args.tei.glob("*.xml")) if args.tei.is_dir() else [args.tei]
            origin = str(args.tei)
        else:
            tei_files = sorted((project / "output" / "tei").glob("*.xml"))
            origin = "output/tei/ of that build"
        # a copy: the edition's later rounds replace its output folder
        (work / "input").mkdir()
        tei_files = [Path(shutil.copy(path, work / "input" / path.name)) for path in tei_files]
        classic = classic_parts(tools, tei_files, work / "classic", args.fop_sample)
        run_rounds(classic, 1)
        run_rounds(edition + classic, args.repeat - 1)  # the other rounds: both routes, one after the other

        if edition:
            name = f"a corpus of {args.corpus} documents" if args.corpus else "the bundled project"
            print(f"\nedition build, cold, of {name} (a new output folder each time):")
            print(f"  {'':<66} {'wall':>9} {'cpu':>9}  {'peak':>8}")
            show(edition)
        if not tei_files:
            print("\nclassic route: no TEI to run it on"
                  + (f" (no TEI files in {origin})" if args.tei is not None or edition
                     else " (give a TEI file or folder, or let edition build run)"))
            return 0
        print(f"\nclassic route on {len(tei_files)} TEI file(s) from {origin}:")
        print(f"  {'':<66} {'wall':>9} {'cpu':>9}  {'peak':>8}")
        if not classic:
            print("  nothing to run (see missing above)")
        classic_total = show(classic, "total of the classic route")
        if classic_total and edition:
            print()
            for part in edition:
                if part.ok:
                    wall, cpu = part.median("wall"), part.median("cpu")
                    print(f"classic route / {part.label}: {classic_total[0] / wall:.1f}× (wall), "
                          f"{classic_total[1] / cpu:.1f}× (processor)")
        print(f"\nload average {load()} (1, 5, 15 min) at the end")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
