"""Where the seconds of a cold ``edition build`` of the memorandum go: imports, stylesheet compilation,
conversion, validation, the print edition (print.xsl, each WeasyPrint layout, writing the PDF), the site
and the package, each timed once in a fresh process; then the whole cold build as a user runs it, with
the processor time of its processes (user + system, its print worker included) beside the wall time, and the
load of the machine.

    .venv/bin/python bench/bench_cold.py [--runs 3] [--builds-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EDITION = str(Path(sys.executable).with_name("edition"))


class Clock:
    """Wall and processor time of each step, one after the other."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def step(self, label: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        print(f"  {label:<60} {wall - self.wall:6.2f} s wall {cpu - self.cpu:6.2f} s processor")
        self.wall, self.cpu = wall, cpu


def timed_calls(module, name: str, label, clock: Clock) -> None:
    """Time every call of ``module.name`` as a step of its own (``label(result)`` names it)."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        clock.step("  (render_pdf, between its steps)")
        result = original(*args, **kwargs)
        clock.step(label(result))
        return result

    setattr(module, name, wrapper)


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def parts() -> None:
    print(f"in this process, one step after the other ({load()}):")
    clock = Clock()
    import edition.cli  # noqa: F401
    clock.step("import edition.cli")
    from edition.build import run  # noqa: F401
    from edition.publish.deposit import package
    from edition.publish.html import site
    from edition.publish.print import pdf
    from edition.validate import tei as validate
    from edition.xslt import compile_stylesheet
    clock.step("import the build's modules")
    weasyprint = pdf._weasyprint()
    clock.step("import weasyprint")
    for stylesheet in (site.HTML_XSL, pdf.PRINT_XSL, package.DATACITE_XSL, package.DC_XSL):
        compile_stylesheet(stylesheet)
        clock.step(f"compile {stylesheet.relative_to(ROOT)}")
    validate.customisation_rng()
    clock.step("load the schema")
    from edition.convert import convert_file
    from edition.safexml import parse_xml_bytes

    result = convert_file(ROOT / "sources" / "memorandum-1958-10-02.txt",
                          metadata_path=ROOT / "sources" / "memorandum-1958-10-02.toml",
                          register_path=ROOT / "sources" / "register.toml")
    clock.step("convert")
    validate.validate_tree(parse_xml_bytes(result.to_bytes(), "m.xml"), "m.xml")
    clock.step("validate")

    # render_pdf as the build calls it, each of its parts timed
    timed_calls(pdf, "print_html", lambda _: "  print.xsl", clock)
    layouts, index_alone, cut_short = [], [], []
    up_to_text = pdf.up_to_text

    def cut(*args, **kwargs):
        cut_short.append(True)
        return up_to_text(*args, **kwargs)

    pdf.up_to_text = cut

    def layout_label(document) -> str:
        layouts.append(document)
        what = ("the index alone, after empty pages" if index_alone else
                "the document up to the end of its text (for the line numbers)" if cut_short and len(layouts) == 1
                else "the whole document")
        return f"  layout {len(layouts)}: {what} ({len(document.pages)} pages)"

    timed_calls(pdf, "_layout", layout_label, clock)
    with_index_again = pdf._with_index_laid_out_again

    def flagged(*args, **kwargs):
        index_alone.append(True)
        try:
            return with_index_again(*args, **kwargs)
        finally:
            index_alone.clear()

    pdf._with_index_laid_out_again = flagged
    timed_calls(weasyprint.Document, "write_pdf", lambda data: f"  write the PDF/A ({len(data):,} bytes)", clock)
    # the build makes the title page's citation (compiling csl.xsl, which its site needs too) and sends it
    # with the print job: render_pdf as the build calls it, not making the citation in its print.xsl step
    citation = pdf.print_citation(result.root)
    clock.step("the title page's citation (csl.xsl; the build's, sent with the print job)")
    print("  render_pdf:")
    pdf.render_pdf(result.root, tei_name="m.xml", source_name="m", citation=citation)
    clock.step("  (render_pdf, the rest)")
    with tempfile.TemporaryDirectory() as temp:
        tei = Path(temp) / "tei" / "m.xml"
        tei.parent.mkdir()
        tei.write_bytes(result.to_bytes())
        site.render_site([tei], Path(temp) / "html", odd_path=site.DEFAULT_ODD)
        clock.step("site (with the guidelines page)")
        package.write_package(package.plan_package(tei, html_dir=Path(temp) / "html", sources=[]),
                              Path(temp) / "deposit")
        clock.step("package")


def _reap_descendants() -> None:
    """Wait for every process of the build that was left to this one (see ``cold_builds``)."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def cold_builds(runs: int) -> None:
    print(f"the whole cold build, a new process each time, {runs} runs ({load()} before):")
    # The build's print worker is a child of multiprocessing's fork server, not of the build: as a
    # subreaper this process inherits it and the fork server when they end, so that their processor time
    # counts in RUSAGE_CHILDREN with the build's.
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)    # PR_SET_CHILD_SUBREAPER
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "memo"
        folder.mkdir()
        shutil.copytree(ROOT / "sources", folder / "sources")
        shutil.copy(ROOT / "edition.toml", folder / "edition.toml")
        for args, label in ((["--no-pdf"], "cold edition build --no-pdf"), ([], "cold edition build"),
                            (["--jobs", "1"], "cold edition build --jobs 1")):  # one process: no print worker
            walls, cpus = [], []
            for _ in range(runs):
                shutil.rmtree(folder / "output", ignore_errors=True)
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run([EDITION, "build", "-q", *args], cwd=folder, check=True, capture_output=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
                walls.append(time.perf_counter() - start)
                _reap_descendants()
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            print(f"  {label:<31} wall median {statistics.median(walls):5.2f} s (min {min(walls):5.2f}), "
                  f"processor median {statistics.median(cpus):5.2f} s (min {min(cpus):5.2f})")
    print(f"  ({load()} after)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="cold builds of each kind (default 3)")
    parser.add_argument("--builds-only", action="store_true", help="only the whole cold builds")
    args = parser.parse_args()
    if not args.builds_only:
        parts()
    cold_builds(args.runs)


if __name__ == "__main__":
    main()
