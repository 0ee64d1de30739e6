"""Where a document's processor time goes in a build without PDF: N memorandum-sized documents built in
one process (``--jobs 1``, after a build of 3 that compiles the stylesheets), each step timed.

    .venv/bin/python bench/bench_document_steps.py [-n 50]

Printed: for each step, processor milliseconds per document (``time.process_time``: this process, user
and system; on a shared machine the figure that does not count the waits for a core) and the share of the
build. Steps are functions of edition timed where they are called; an indented step is part of the one
above it. The load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corpus import make_corpus  # noqa: E402

from edition.build.run import build  # noqa: E402
from edition.project import load_project  # noqa: E402

#: (label, module, attribute, depth): the functions timed, in the order printed.
STEPS = (
    ("document task", "edition.build.tasks", "document_task", 0),
    ("convert", "edition.build.run", "convert_document", 1),
    ("report to JSON", "edition.convert.report", "ConversionReport.to_json", 1),
    ("validate", "edition.build.tasks", "_validate", 1),
    ("package task", "edition.build.tasks", "package_task", 0),
    ("page, citation files, digest", "edition.publish.html.site", "render_document_part", 1),
    ("CSL records (csl.xsl)", "edition.publish.citation", "csl_records", 2),
    ("citation (citeproc)", "edition.publish.citation", "render_citation", 2),
    ("plan package", "edition.publish.deposit.package", "plan_package", 1),
    ("the bag's page", "edition.publish.deposit.package", "_html_files", 2),
    ("deposit stylesheets", "edition.publish.deposit.package", "_run_stylesheet", 2),
    ("Zenodo record", "edition.publish.deposit.package", "_zenodo_record", 2),
    ("records checked", "edition.publish.deposit.package", "check_records", 2),
    ("write package", "edition.publish.deposit.package", "write_package", 1),
    ("bag validated (bagit)", "bagit", "Bag.validate", 2),
    ("zip", "edition.publish.deposit.package", "_zip_bytes", 2),
    ("all transforms (Saxon)", "edition.xslt", "Stylesheet.transform", 0),
    ("site (listing pass)", "edition.publish.html.site", "publish_site", 0),
)


def instrument(totals: dict[str, float]) -> None:
    """Wrap each step's function so that its processor time is added to ``totals`` (outermost call only)."""
    import importlib

    for label, module_name, attribute, _ in STEPS:
        owner = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)
        active = [0]

        def timed(*args, __original=original, __label=label, __active=active, **kwargs):
            if __active[0]:
                return __original(*args, **kwargs)
            __active[0] += 1
            start = time.process_time()
            try:
                return __original(*args, **kwargs)
            finally:
                totals[__label] = totals.get(__label, 0.0) + time.process_time() - start
                __active[0] -= 1

        functools.update_wrapper(timed, original)
        setattr(owner, name, timed)
        for module in list(sys.modules.values()):  # names imported with "from … import …"
            if getattr(module, "__name__", "").startswith("edition") and getattr(module, name, None) is original:
                setattr(module, name, timed)


def instrument_stylesheets(totals: dict[str, float]) -> None:
    """The processor time of the transforms of each stylesheet, in ``totals`` as 'transform <name>'."""
    from edition.xslt import Stylesheet

    original = Stylesheet.transform

    def transform(self, *args, **kwargs):
        start = time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            label = f"transform {self.path.name}"
            totals[label] = totals.get(label, 0.0) + time.process_time() - start

    Stylesheet.transform = transform


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="number of documents")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-steps-"))
    try:
        make_corpus(base / "warm", 3)
        build(load_project(base / "warm" / "edition.toml"), pdf=False, jobs=1)
        make_corpus(base / "corpus", args.n)
        project = load_project(base / "corpus" / "edition.toml")
        totals: dict[str, float] = {}
        instrument_stylesheets(totals)
        instrument(totals)
        wall, cpu = time.perf_counter(), time.process_time()
        build(project, pdf=False, jobs=1)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        shutil.rmtree(base, ignore_errors=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.n} documents, one process: wall {wall:.2f} s, processor {cpu:.2f} s "
          f"({cpu / args.n * 1000:.1f} ms a document); load average {load}")
    for label, _, _, depth in STEPS:
        seconds = totals.get(label, 0.0)
        print(f"  {'  ' * depth}{label:<{34 - 2 * depth}} {seconds / args.n * 1000:7.1f} ms  {seconds / cpu:6.1%}")
    for label in sorted(k for k in totals if k.startswith("transform ")):
        print(f"    {label:<32} {totals[label] / args.n * 1000:7.1f} ms  {totals[label] / cpu:6.1%}")


if __name__ == "__main__":
    main()
