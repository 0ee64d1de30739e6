"""What the build transaction costs: a whole build of the real transcripts, and the step that puts the new
output folder in place of the old one (the exchange and the removal of the old folder).

    .venv/bin/python bench/bench_build.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import timed  # noqa: E402

from edition.build.run import build  # noqa: E402
from edition.fsio import _exchange, staging_dir  # noqa: E402
from edition.project import load_project  # noqa: E402

SHARED = Path(os.environ.get("EDITION_SHARED", ROOT.parent / "shared"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = sorted((SHARED / "corpus" / "transcripts").glob("*.txt"))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "project"
        (folder / "sources").mkdir(parents=True)
        lines = ['[edition]\ntitle = "Benchmark"\noutput = "output"\n']
        for source in sources:
            shutil.copy(source, folder / "sources" / source.name)
            lines.append(f'\n[[document]]\nsource = "sources/{source.name}"\n')
        (folder / "edition.toml").write_text("".join(lines), encoding="utf-8")
        project = load_project(folder / "edition.toml")
        times = timed(lambda: build(project, pdf=False), args.repeat)
        output = project.output_dir
        files = [p for p in output.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        print(f"edition build --no-pdf, {len(sources)} transcripts: median {statistics.median(times):.2f} s "
              f"over {args.repeat} runs; output {len(files)} files, {size / 1e6:.1f} MB")

        exchanges: list[float] = []
        removals: list[float] = []
        for _ in range(args.repeat):
            new = staging_dir(output)
            shutil.copytree(output, new, dirs_exist_ok=True)
            start = time.perf_counter()
            assert _exchange(new, output), "this system cannot exchange two folders in one step"
            exchanges.append(time.perf_counter() - start)
            start = time.perf_counter()
            shutil.rmtree(new)  # now the old output
            removals.append(time.perf_counter() - start)
        print(f"putting the new output in place: exchange median {statistics.median(exchanges) * 1e6:.0f} µs, "
              f"removing the old folder median {statistics.median(removals) * 1000:.0f} ms "
              f"over {args.repeat} runs")


if __name__ == "__main__":
    main()
