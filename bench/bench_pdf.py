"""Benchmark of the print edition. Prints figures; not part of the test suite.

    python bench/bench_pdf.py [--repeat 5] [--cold 3]

* cold command: ``edition print`` on the memorandum's TEI as a new process (imports, stylesheet
  compile, two layouts, PDF writing), median of several runs;
* warm, in one process: importing WeasyPrint, the XSLT step, the layout passes and ``render_pdf``
  as a whole, medians of repeated runs after a first run;
* the memorandum with WeasyPrint's line splits kept for its layouts and without (line_splits.py), and
  with and without its corrections (no apparatus, no line numbers), process time;
* the FRUS document frus1958-60v19_d6 (when the shared corpus is found), warm.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed, timed_both  # noqa: E402  (bench/ is on sys.path: the script's own folder)

SOURCE = ROOT / "sources" / "memorandum-1958-10-02.txt"
META = ROOT / "sources" / "memorandum-1958-10-02.toml"
REGISTER = ROOT / "sources" / "register.toml"
SHARED = Path(os.environ.get("EDITION_SHARED", ROOT.parent / "shared"))
FRUS = SHARED / "corpus" / "frus" / "frus1958-60v19_d6.xml"


def line(label: str, seconds: list[float]) -> None:
    print(f"{label:<44} median {statistics.median(seconds) * 1000:8.0f} ms"
          f"   min {min(seconds) * 1000:8.0f} ms   ({len(seconds)} runs)")


def _without_corrections(tree):
    """A copy of the TEI with each correction or regularisation replaced by its edited reading."""
    import copy

    from lxml import etree

    root = copy.deepcopy(tree.getroot() if hasattr(tree, "getroot") else tree)
    tei = "{http://www.tei-c.org/ns/1.0}"
    for choice in list(root.iter(tei + "choice")):
        edited = next((c for c in choice if c.tag in (tei + "corr", tei + "reg", tei + "expan")), None)
        if edited is None:
            continue
        seg = etree.Element(tei + "seg")
        seg.text, seg.tail = edited.text, choice.tail
        for child in edited:
            seg.append(child)
        choice.getparent().replace(choice, seg)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", type=int, default=3)
    args = parser.parse_args()

    from edition.convert import convert_file

    result = convert_file(SOURCE, metadata_path=META if META.is_file() else None,
                          register_path=REGISTER if REGISTER.is_file() else None)
    with tempfile.TemporaryDirectory() as tmp:
        tei = Path(tmp) / "memorandum-1958-10-02.xml"
        tei.write_bytes(result.to_bytes())
        entry = [sys.executable, "-c", "from edition.cli import main; main()", "print", str(tei),
                 "-o", str(Path(tmp) / "m.pdf")]
        cold = timed(lambda: subprocess.run(entry, check=True, capture_output=True, cwd=ROOT, timeout=300),
                     args.cold)
        line("cold command: edition print (memorandum)", cold)

        start = time.perf_counter()
        import weasyprint  # noqa: F401

        line("import weasyprint", [time.perf_counter() - start])

        from edition.publish.print.pdf import PrintOptions, print_html, render_pdf
        from edition.safexml import parse_xml_file

        tree = parse_xml_file(tei)
        data = tei.read_bytes()
        first = timed(lambda: render_pdf(tree, tei_bytes=data, tei_name=tei.name), 1)
        line("first render_pdf in the process", first)
        line("print_html (XSLT, warm)", timed(lambda: print_html(tree, options=PrintOptions()), args.repeat * 4))
        pdf = render_pdf(tree, tei_bytes=data, tei_name=tei.name)
        line("render_pdf (memorandum, warm)", timed(lambda: render_pdf(tree, tei_bytes=data, tei_name=tei.name),
                                                    args.repeat))
        print(f"memorandum PDF: {len(pdf):,} bytes")
        # the cost of the line numbers and the textual apparatus: the same document with its
        # corrections taken in (no apparatus: one layout fewer, no line numbers); processor time
        # WeasyPrint's line splits kept for all the layouts of a document (line_splits.py), or not: runs
        # alternating, processor time, and how many of the layout's questions were asked before
        import contextlib

        from edition.publish.print import line_splits

        keep, kept = line_splits.kept_for_one_document, []

        class Counted(line_splits._Kept):
            def __init__(self) -> None:
                super().__init__()
                kept.append(self)

        line_splits._Kept = Counted
        times: dict[bool, list[float]] = {True: [], False: []}
        for run in range(2 * args.repeat):
            line_splits.kept_for_one_document = keep if run % 2 == 0 else contextlib.nullcontext
            start = time.process_time()
            render_pdf(tree, tei_bytes=data, tei_name=tei.name)
            times[run % 2 == 0].append(time.process_time() - start)
        line_splits.kept_for_one_document = keep
        line("render_pdf, line splits kept, process time", times[True])
        line("render_pdf, line splits not kept, process time", times[False])
        print(f"line splits asked {kept[-1].asked}, made {len(kept[-1].splits)} "
              f"({kept[-1].asked - len(kept[-1].splits)} given again), struts kept {len(kept[-1].struts)}")
        plain = _without_corrections(tree)
        for label, document in (("render_pdf, memorandum (apparatus, line numbers)", tree),
                                ("render_pdf, memorandum without corrections", plain)):
            processor = timed_both(lambda: render_pdf(document, tei_bytes=data, tei_name=tei.name), args.repeat)[1]
            line(label + ", process time", processor)
        if FRUS.is_file():
            frus = parse_xml_file(FRUS)
            frus_bytes = FRUS.read_bytes()
            line("render_pdf (FRUS d6, warm)", timed(lambda: render_pdf(frus, tei_bytes=frus_bytes,
                                                                        tei_name=FRUS.name), args.repeat))


if __name__ == "__main__":
    main()
