"""Time the HTML edition: the memorandum's page and the whole site, cold and warm.

    .venv/bin/python bench/bench_render.py [--repeat 20]

Cold: a new Python process imports edition, starts Saxon, compiles xslt/html.xsl and renders
(what one `edition render` pays). Warm: in one process, the stylesheet compiled once, the
median of repeated renders. The site is the converted memorandum plus the FRUS documents of
../shared/corpus/frus when present. Goal: under 50 ms per memorandum-sized document warm.
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SOURCE = REPO / "sources" / "memorandum-1958-10-02.txt"
SHARED = Path(os.environ.get("EDITION_SHARED", REPO.parent / "shared"))

COLD_DOCUMENT = """
import sys, time
t = time.perf_counter()
from edition.publish.html.site import render_document
html = render_document(sys.argv[1])
print(time.perf_counter() - t)
"""

COLD_SITE = """
import sys, time
t = time.perf_counter()
from edition.publish.html.site import render_site
render_site(sys.argv[2:], sys.argv[1], project_title="Benchmark")
print(time.perf_counter() - t)
"""


def convert_memorandum(folder: Path) -> Path:
    from edition.convert import convert_file

    meta = SOURCE.with_suffix(".toml")
    register = SOURCE.parent / "register.toml"
    result = convert_file(SOURCE, metadata_path=meta if meta.is_file() else None,
                          register_path=register if register.is_file() else None)
    path = folder / "memorandum-1958-10-02.xml"
    path.write_bytes(result.to_bytes())
    return path


def cold(script: str, *args: str, repeat: int = 3) -> tuple[float, float]:
    """(median whole-process wall time, median time inside the process) in seconds."""
    walls, inner = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", script, *args], cwd=REPO, check=True,
                             capture_output=True, text=True).stdout
        walls.append(time.perf_counter() - t)
        inner.append(float(out.strip().splitlines()[-1]))
    return statistics.median(walls), statistics.median(inner)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="warm repetitions (median reported)")
    args = parser.parse_args()

    from lxml import etree

    from edition.publish.html.site import HTML_XSL, render_site, render_tree
    from edition.xslt import compile_stylesheet

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        memo = convert_memorandum(tmp_path)
        tree = etree.parse(str(memo))
        words = len(" ".join(tree.getroot().find("{http://www.tei-c.org/ns/1.0}text").itertext()).split())
        frus = sorted(SHARED.glob("corpus/frus/**/frus*_d*.xml"))
        site_inputs = [str(memo), *map(str, frus)]

        t = time.perf_counter()
        compile_stylesheet(HTML_XSL)
        compile_time = time.perf_counter() - t

        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            html = render_tree(tree, document_id="memorandum-1958-10-02")
            times.append(time.perf_counter() - t)
        doc_warm = statistics.median(times)

        site_times = []
        for i in range(max(3, args.repeat // 4)):
            t = time.perf_counter()
            render_site(site_inputs, tmp_path / f"site{i}", project_title="Benchmark")
            site_times.append(time.perf_counter() - t)
        site_warm = statistics.median(site_times)

        doc_cold_wall, doc_cold_inner = cold(COLD_DOCUMENT, str(memo))
        site_cold_wall, site_cold_inner = cold(COLD_SITE, str(tmp_path / "cold-site"), *site_inputs)

    print(f"memorandum: {words} words of text, page {len(html.encode()) / 1024:.0f} KiB")
    print(f"compile html.xsl (once per process):        {compile_time * 1000:7.1f} ms")
    print(f"memorandum page, warm (median of {args.repeat}):     {doc_warm * 1000:7.1f} ms   (goal < 50 ms)")
    print(f"memorandum page, cold (new process):        {doc_cold_wall * 1000:7.1f} ms   "
          f"({doc_cold_inner * 1000:.0f} ms after Python start)")
    print(f"whole site, {len(site_inputs)} documents, warm:          {site_warm * 1000:7.1f} ms")
    print(f"whole site, {len(site_inputs)} documents, cold:          {site_cold_wall * 1000:7.1f} ms   "
          f"({site_cold_inner * 1000:.0f} ms after Python start)")


if __name__ == "__main__":
    main()
