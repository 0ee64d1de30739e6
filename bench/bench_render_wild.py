"""Render and print every real TEI file of ../shared/corpus/tei-wild and ../shared/corpus/frus.

    .venv/bin/python bench/bench_render_wild.py [--print] [--open] [--dictionary] [--no-long]
                                                [--only PATTERN] [--json OUT]

For each file: does it load, render (HTML page) and, with --print, print (PDF); how long each
step takes; and the share of the words of its text, sourceDoc, msDesc and correspDesc that the
rendered page shows (tests/render/words.py). --open times how long headless Chromium takes to
load each page (the large ones matter: goal under 5 s) and --print how long each PDF takes
(goal under 60 s; wall and CPU time, as the machine is shared). --dictionary adds a 3.5 MB
dictionary (the entries of 16 repeated), --no-long prints long documents like short ones, for
comparison. The whole site is rendered once at the end (a stylesheet error on one document
must not take down the others). Prints one line per file and a summary.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("EDITION_SHARED", REPO.parent / "shared"))


def corpus_files() -> list[Path]:
    wild = sorted((SHARED / "corpus" / "tei-wild").glob("*.xml"))
    frus = SHARED / "corpus" / "frus"
    return wild + sorted(frus.glob("*.xml")) + sorted((frus / "extra").glob("*.xml")) \
        + sorted((frus / "volumes").glob("*.xml"))


def big_dictionary(path: Path) -> Path:
    """A dictionary of about 3.5 MB: the entries of 16 repeated (ids kept unique)."""
    import copy

    from lxml import etree

    tei = "{http://www.tei-c.org/ns/1.0}"
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    source = SHARED / "corpus" / "tei-wild" / "16-dictionary-freedict-wol-fra-doctype.xml"
    tree = etree.parse(str(source), etree.XMLParser(load_dtd=False, resolve_entities=False, no_network=True))
    body = tree.getroot().find(f"{tei}text/{tei}body")
    entries = body.findall(f".//{tei}entry")
    round_ = 0
    while len(etree.tostring(tree)) < 3_500_000:
        round_ += 1
        for entry in entries:
            clone = copy.deepcopy(entry)
            for el in clone.iter():
                if isinstance(el.tag, str) and el.get(xml_id):
                    el.set(xml_id, f"{el.get(xml_id)}-{round_}")
            body.append(clone)
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    return path


def open_time(html_path: Path) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(html_path.as_uri(), wait_until="load", timeout=600_000)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        took = time.perf_counter() - start
        browser.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", dest="do_print", action="store_true", help="also print each file as PDF")
    parser.add_argument("--open", dest="do_open", action="store_true", help="time Chromium opening each page")
    parser.add_argument("--only", default="", help="only files whose name contains this")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--no-long", action="store_true",
                        help="print long documents like short ones (footnotes, justified), to compare")
    parser.add_argument("--dictionary", action="store_true",
                        help="add a 3.5 MB dictionary made of the entries of 16 repeated (5 MB page)")
    args = parser.parse_args()

    from edition.errors import EditionError
    from edition.publish.print.pdf import PrintOptions, render_pdf
    from edition.publish.html.site import load_document, render_site, render_tree
    from tests.render.words import coverage, missing, page_words, tei_words

    import shutil

    from edition.publish.print import pdf as pdf_module

    if args.no_long:
        pdf_module.LONG_DOCUMENT_WORDS = 10 ** 12
    files = [p for p in corpus_files() if args.only in p.name]
    rows = []
    loaded = []
    out = Path(tempfile.mkdtemp(prefix="bench-wild-"))
    (out / "documents").mkdir()
    shutil.copytree(REPO / "xslt" / "assets", out / "assets")
    if args.dictionary:
        files.append(big_dictionary(out / "big-dictionary.xml"))
    for path in files:
        row = {"file": path.name, "bytes": path.stat().st_size}
        rows.append(row)
        try:
            doc = load_document(path)
        except EditionError as exc:
            row["load"] = f"refused: {exc.format_message()}"
            print(f"{path.name:58} REFUSED {exc.format_message()[:100]}", flush=True)
            continue
        except Exception as exc:
            row["load"] = f"CRASH {type(exc).__name__}: {exc}"
            print(f"{path.name:58} CRASH load {type(exc).__name__}: {str(exc)[:100]}", flush=True)
            continue
        loaded.append(doc)
        start = time.perf_counter()
        try:
            html = render_tree(doc.tree, document_id=doc.id, source_name=str(path), root_href="../")
        except Exception as exc:
            row["render"] = f"failed: {type(exc).__name__}: {exc}"
            print(f"{path.name:58} RENDER FAILED {str(exc)[:160]}", flush=True)
            continue
        row["render_s"] = round(time.perf_counter() - start, 2)
        expected, found = tei_words(doc.tree.getroot()), page_words(html)
        row["words"] = sum(expected.values())
        row["coverage"] = round(coverage(expected, found), 4)
        row["missing"] = missing(expected, found, 6)
        page_path = out / "documents" / f"{doc.id}.html"
        page_path.write_text(html, encoding="utf-8")
        line = f"{path.name:58} render {row['render_s']:6.2f}s words {row['words']:7} on page {row['coverage']:.1%}"
        if args.do_open:
            row["open_s"] = round(open_time(page_path), 2)
            line += f" open {row['open_s']:6.2f}s"
        if args.do_print:
            start, cpu = time.perf_counter(), time.process_time()
            try:
                render_pdf(doc.tree, tei_bytes=doc.tei_bytes, tei_name=path.name, source_name=str(path),
                           options=PrintOptions())
                row["print_s"] = round(time.perf_counter() - start, 1)
                row["print_cpu_s"] = round(time.process_time() - cpu, 1)
                line += f" print {row['print_s']:6.1f}s (cpu {row['print_cpu_s']:.1f}s)"
            except Exception as exc:
                row["print"] = f"failed: {type(exc).__name__}: {exc}"
                line += f" PRINT FAILED {str(exc)[:120]}"
        if row["coverage"] < 0.98:
            line += f" missing {row['missing']}"
        print(line, flush=True)

    start = time.perf_counter()
    try:
        result = render_site(documents=loaded, out_dir=out / "site", project_title="tei-wild", odd_path=None)
        site = f"site of {len(result.documents)} documents in {time.perf_counter() - start:.1f}s"
    except Exception as exc:
        site = f"SITE FAILED: {type(exc).__name__}: {exc}"
    print(site)
    bad = [r["file"] for r in rows if "coverage" not in r or r["coverage"] < 0.98
           or "print" in r or r.get("print_s", 0) > 60 or r.get("open_s", 0) > 5]
    print(f"{len(rows)} files, {len(loaded)} loaded, {len(bad)} short of the goals: {', '.join(bad)}")
    if args.json:
        args.json.write_text(json.dumps({"files": rows, "site": site}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
