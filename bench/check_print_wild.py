"""Print and render every real TEI file of ../shared/corpus/tei-wild and ../shared/corpus/frus with
the command line, as a user would, and read the PDFs back.

    .venv/bin/python bench/check_print_wild.py [--only PATTERN] [--out DIR] [--json OUT] [--no-volumes]

For each file: ``edition print FILE -o DIR/NAME.pdf`` (exit code, wall and processor time of the
child, its stderr: a traceback or more than one line of error is a defect), then the words of the
TEI's text (tests/render/words.py: text, sourceDoc, msDesc, correspDesc) against the words
``pdftotext`` reads from the PDF (a word broken by a hyphen at the end of a line joined again):
the share found, and the words most often missing. At the end ``edition render`` of all the files
into one site (exit code, pages written). One line per file, a summary; --json writes the rows.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("EDITION_SHARED", REPO.parent / "shared"))
EDITION = [sys.executable, "-c", "from edition.cli import main; main()"]


def corpus_files(volumes: bool) -> list[Path]:
    wild = sorted((SHARED / "corpus" / "tei-wild").glob("*.xml"))
    frus = SHARED / "corpus" / "frus"
    files = wild + sorted(frus.glob("*.xml")) + sorted((frus / "extra").glob("*.xml"))
    return files + (sorted((frus / "volumes").glob("*.xml")) if volumes else [])


def pdf_words(pdf: Path) -> Counter:
    from tests.render.words import words

    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = re.sub(r"(\w)[-\u2010\u00ad]\n(\w)", r"\1\2", text)     # hyphenation at the end of a line
    return words(text)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="only files whose name contains this")
    parser.add_argument("--out", type=Path, help="folder of the PDFs and the site (default: a new temporary one)")
    parser.add_argument("--json", type=Path, help="write the rows as JSON")
    parser.add_argument("--no-volumes", action="store_true", help="leave out the three FRUS volumes")
    args = parser.parse_args()

    from edition.publish.html.site import read_tei_file
    from tests.render.words import coverage, missing, tei_words

    out = args.out or Path(tempfile.mkdtemp(prefix="check-print-wild-"))
    out.mkdir(parents=True, exist_ok=True)
    files = [p for p in corpus_files(not args.no_volumes) if args.only in p.name]
    rows = []
    for path in files:
        row = {"file": path.name}
        rows.append(row)
        pdf = out / (path.stem + ".pdf")
        pdf.unlink(missing_ok=True)
        start, cpu = time.perf_counter(), child_cpu()
        done = subprocess.run([*EDITION, "print", str(path), "-o", str(pdf)], capture_output=True, text=True)
        row["wall_s"], row["cpu_s"] = round(time.perf_counter() - start, 1), round(child_cpu() - cpu, 1)
        row["exit"] = done.returncode
        errors = [line for line in done.stderr.splitlines() if line.startswith("edition:")]
        row["traceback"] = "Traceback" in done.stderr
        row["error"] = errors[-1] if errors else ""
        row["warnings"] = [line for line in done.stderr.splitlines() if not line.startswith("edition:")][:20]
        line = f"{path.name:58} exit {done.returncode} {row['wall_s']:6.1f}s (cpu {row['cpu_s']:.1f}s)"
        if row["traceback"]:
            line += " TRACEBACK"
        if done.returncode == 0 and pdf.is_file():
            tree, _ = read_tei_file(path)
            expected, found = tei_words(tree.getroot()), pdf_words(pdf)
            row["words"] = sum(expected.values())
            row["coverage"] = round(coverage(expected, found), 4)
            row["missing"] = missing(expected, found, 8)
            line += f" words {row['words']:7} in PDF {row['coverage']:.1%}"
            if row["coverage"] < 0.98:
                line += f" missing {row['missing']}"
        else:
            line += f" {row['error'][:200]}"
        print(line, flush=True)

    site = out / "site"
    start = time.perf_counter()
    done = subprocess.run([*EDITION, "render", *map(str, files), "-o", str(site), "--title", "tei-wild",
                           "--report", str(out / "render-report.json")], capture_output=True, text=True)
    pages = len(list((site / "documents").glob("*.html"))) if (site / "documents").is_dir() else 0
    summary = {"render_exit": done.returncode, "pages": pages, "render_s": round(time.perf_counter() - start, 1),
               "render_stderr_tail": done.stderr.splitlines()[-5:], "traceback": "Traceback" in done.stderr}
    print(f"edition render of {len(files)} files: exit {done.returncode}, {pages} pages in "
          f"{summary['render_s']}s{' TRACEBACK' if summary['traceback'] else ''}")
    failed = [r["file"] for r in rows if r["exit"] != 0]
    short = [r["file"] for r in rows if r.get("coverage", 1) < 0.98]
    print(f"{len(rows)} files: {len(failed)} not printed ({', '.join(failed)}); "
          f"{len(short)} with less than 98% of their words in the PDF ({', '.join(short)})")
    if args.json:
        args.json.write_text(json.dumps({"files": rows, "site": summary}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
