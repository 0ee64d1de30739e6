"""bench/bench_classic.py without the classic route's tools: it names what is missing and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_classic.py"


def test_bench_classic_names_every_missing_tool_and_exits_0(tmp_path):
    tei = tmp_path / "document.xml"
    tei.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', encoding="utf-8")
    nowhere = tmp_path / "nowhere"
    env = {**os.environ, "EDITION_JAVA": str(nowhere / "java"), "EDITION_JING_JAR": str(nowhere / "jing.jar"),
           "EDITION_SAXON_JAR": str(nowhere / "saxon.jar"), "EDITION_CLASSIC_STYLESHEETS": str(nowhere),
           "EDITION_FOP": str(nowhere / "fop"), "EDITION_TEI_ALL": str(nowhere / "tei_all.rng")}
    done = subprocess.run([sys.executable, str(BENCH), "--no-edition", "-r", "1", str(tei)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    missing = [line for line in done.stdout.splitlines() if line.startswith("missing: ")]
    for tool in ("java", "jing", "Saxon-HE", "TEI Stylesheets", "FOP", "tei_all.rng"):
        assert sum(tool in line for line in missing) >= 1, (tool, done.stdout)
    assert "nothing to run" in done.stdout
