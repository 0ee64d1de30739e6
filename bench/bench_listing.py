"""What the listing pass costs on its own, on the output of a build (``bench_corpus.py --keep``):

    .venv/bin/python bench/bench_listing.py FOLDER/output [-r 3]

Each case runs in a new process (its peak memory is its own) and writes the site into a temporary folder
from the output's document parts (``.site/<id>/``), with the output's listing state and site as the
previous ones:

- ``from nothing``: no previous state: every digest read, every listing page made;
- ``nothing changed``: no digest read, every listing page linked from the previous site;
- ``words changed``: one document's passage changed (a copy of its part, its digest edited): its digest
  read, the part of the search index that holds it made;
- ``a name gone``: one document no longer names an entry: its letter's index page and the overview made.

Printed per case: wall time, processor time and peak memory of the process (the stylesheet compiled
first, not counted), and how many digests it read and listing pages it made.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ("from nothing", "nothing changed", "words changed", "a name gone")


def run_case(output: Path, case: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from lxml import etree

    from edition.publish.html import listing, site
    from edition.xslt import compile_stylesheet

    compile_stylesheet(site.HTML_XSL)
    project_toml = (output.parent / "edition.toml").read_text(encoding="utf-8")
    title = project_toml.split('title = "', 1)[1].split('"', 1)[0]
    work = Path(tempfile.mkdtemp(prefix="bench-listing-"))
    try:
        ids = [line.split('"')[1].rsplit("/", 1)[1][:-4] for line in project_toml.splitlines()
               if line.startswith("source = ")]
        parts = [site.DocumentPart(i, output / ".site" / i, output / "tei" / f"{i}.xml") for i in ids]
        if case in ("words changed", "a name gone"):
            changed = work / "parts" / ids[0]
            shutil.copytree(parts[0].folder, changed)
            digest = changed / f"{ids[0]}{site.DIGEST_SUFFIX}"
            tree = etree.parse(str(digest))
            ed = f"{{{listing.SITE_NS}}}"
            if case == "words changed":
                passage = tree.getroot().find(f"{ed}passage")
                passage.text = (passage.text or "") + " (changed)"
            else:
                names = tree.getroot().find(f"{ed}names")
                names.getparent().remove(names)
            digest.unlink()  # a new file: the digest in the output is a hard link
            tree.write(str(digest), encoding="UTF-8", xml_declaration=True)
            (changed / "key").unlink()
            (changed / "key").write_text("changed", encoding="ascii")
            parts[0] = site.DocumentPart(ids[0], changed, parts[0].tei)
        state = output / ".site" / listing.STATE_NAME
        params = site.site_params(title)
        started, cpu = time.perf_counter(), time.process_time()
        result = site.publish_site(work / "html", parts, params=params, state=work / listing.STATE_NAME,
                                   previous_state=None if case == "from nothing" else state,
                                   previous_site=output / "html")
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {"wall": wall, "cpu": cpu, "peak_mb": peak, "read": len(result.listing.read),
                "made": result.listing.written, "reused": len(result.listing.reused)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the output folder of a build")
    parser.add_argument("-r", type=int, default=1, help="runs of each case")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.output.resolve(), args.case)))
        return
    import os

    for case in CASES:
        for _ in range(args.r):
            load = os.getloadavg()[0]
            done = subprocess.run([sys.executable, __file__, str(args.output), "--case", case],
                                  capture_output=True, text=True, check=True)
            figures = json.loads(done.stdout.splitlines()[-1])
            made = figures["made"]
            shown = ", ".join(made[:4]) + (f", … ({len(made)})" if len(made) > 4 else "")
            print(f"  {case:<16} wall {figures['wall']:6.2f} s  cpu {figures['cpu']:6.2f} s  "
                  f"peak {figures['peak_mb']:4.0f} MB  digests read {figures['read']:>5}  "
                  f"made {len(made):>3} ({shown})  reused {figures['reused']:>3}  load {load:.1f}", flush=True)


if __name__ == "__main__":
    main()
