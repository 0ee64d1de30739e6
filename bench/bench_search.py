"""Size of the search data and the time MiniSearch takes to index it when the search page loads.

    .venv/bin/python bench/bench_search.py [--documents 50]

Two sites: the memorandum repeated N times (N documents of its size, as an edition of 50 records
would be) and the real corpus (the memorandum and ../shared/corpus/frus). For each: the size of
assets/search-index.js (bytes, gzipped), the size the former format (one object a passage,
repeating the document's title and URL) would have had, and the time node takes to index the
passages with the vendored MiniSearch (what the browser pays once per search page).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SOURCE = REPO / "sources" / "memorandum-1958-10-02.txt"
SHARED = Path(os.environ.get("EDITION_SHARED", REPO.parent / "shared"))
MINISEARCH = REPO / "xslt" / "assets" / "vendor" / "minisearch.min.js"

NODE_INDEX = r"""
const MiniSearch = require(process.argv[2]);
const fs = require("fs");
const text = fs.readFileSync(process.argv[3], "utf8");
const data = JSON.parse(text.slice(text.indexOf("=") + 1).trim().replace(/;$/, ""));
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’][\p{L}]+)*/gu;
const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
const runs = [];
for (let r = 0; r < 5; r++) {
  const t = process.hrtime.bigint();
  const engine = new MiniSearch({fields: ["text"], tokenize: (s) => s.match(WORD) || [], processTerm: fold});
  engine.addAll(data.passages.map((p, i) => ({id: i, text: p[4]})));
  engine.search("war");
  runs.push(Number(process.hrtime.bigint() - t) / 1e6);
}
runs.sort((a, b) => a - b);
console.log(JSON.stringify({passages: data.passages.length, ms: runs[2]}));
"""


def old_format_size(data: dict) -> int:
    """The bytes the former index (one object a passage) would take for the same passages."""
    entries = [{"url": f"{data['docs'][p[0]][3]}#{p[1]}", "doc": data["docs"][p[0]][1],
                "who": data["speakers"][p[3]] if p[3] >= 0 else "", "text": p[4]} for p in data["passages"]]
    return len(("window.EDITION_SEARCH = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
                + ";\n").encode("utf-8"))


def measure(label: str, documents, out: Path) -> None:
    from edition.publish.html.site import render_site

    render_site(documents=documents, out_dir=out, project_title="Benchmark", odd_path=None)
    index = out / "assets" / "search-index.js"
    raw = index.read_bytes()
    text = raw.decode("utf-8")
    data = json.loads(text[text.index("=") + 1:].strip().rstrip(";"))
    timing = "node not found"
    if shutil.which("node"):
        with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False) as script:
            script.write(NODE_INDEX)
        try:
            done = subprocess.run(["node", script.name, str(MINISEARCH), str(index)], capture_output=True,
                                  text=True, check=True)
            timing = f"{json.loads(done.stdout)['ms']:.0f} ms to index in node (median of 5)"
        finally:
            os.unlink(script.name)
    print(f"{label}: {len(documents)} documents, {len(data['passages'])} passages")
    print(f"  search-index.js  {len(raw) / 1e6:6.2f} MB  ({len(gzip.compress(raw, 9)) / 1e6:.2f} MB gzipped)")
    print(f"  former format    {old_format_size(data) / 1e6:6.2f} MB")
    print(f"  {timing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50)
    args = parser.parse_args()
    from edition.publish.html.site import SiteDocument, load_document

    memo = load_document(SOURCE)
    copies = [SiteDocument(f"{memo.id}-{n:03d}", None, memo.tree, memo.tei_bytes) for n in range(args.documents)]
    with tempfile.TemporaryDirectory() as tmp:
        measure(f"the memorandum x {args.documents}", copies, Path(tmp) / "copies")
        frus = sorted((SHARED / "corpus" / "frus").glob("*.xml"))
        if frus:
            measure("the memorandum and the FRUS corpus", [memo, *map(load_document, frus)], Path(tmp) / "real")


if __name__ == "__main__":
    main()
