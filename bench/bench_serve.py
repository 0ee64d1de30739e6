"""What an edit costs in ``edition serve``: a project of N memorandum-sized transcripts (bench_corpus's
corpus), its preview built once, then one transcript edited and the preview rebuilt, as the server's
watcher rebuilds it (``serve.PreviewSite``: only the changed document converted, validated and
rendered again, then the listing pass).

    .venv/bin/python bench/bench_serve.py [-n 100] [--edits 3]

Printed: the first rebuild (everything: conversion, pages, listing) and each edit's rebuild, wall and
processor time of this process: the time from the edit until the site is swapped into place (the
watcher's polling, every 0.25 s, and the open page's, every 0.25 s, come on top: at most 0.5 s), and the
peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="number of documents")
    parser.add_argument("--edits", type=int, default=3, help="number of edits, one rebuild each")
    args = parser.parse_args()

    from bench_corpus import make_corpus

    from edition.cli import _site_options
    from edition.project import load_project
    from edition.publish.html.serve import PreviewSite
    from edition.build.tasks import SITE_PARTS

    base = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        make_corpus(base, args.n)
        os.chdir(base)
        project = load_project(base / "edition.toml")
        preview = PreviewSite(project.output_dir / "html", project.output_dir / SITE_PARTS)

        def rebuild(label: str) -> None:
            project = load_project(base / "edition.toml")  # as the server reads it again on each rebuild
            wall, cpu = time.perf_counter(), time.process_time()
            preview.rebuild([spec.source for spec in project.documents], project,
                            lambda tei: _site_options(project, project.title, project.base_url, tei))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"  {label:<22} wall {wall:6.2f} s  cpu {cpu:6.2f} s  peak {peak:5.0f} MB")

        print(f"{args.n} documents, edition serve's rebuild, on {os.cpu_count()} cores")
        rebuild("first rebuild (all)")
        rebuild("nothing changed")
        for edit in range(args.edits):
            changed = base / "sources" / f"memorandum-{edit % args.n:05d}.txt"
            changed.write_text(changed.read_text(encoding="utf-8").replace("of the record", f"of the record ({edit})"),
                               encoding="utf-8")
            rebuild(f"edit {edit + 1}: one transcript")
        print(f"  load average {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
