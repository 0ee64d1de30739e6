"""Where the seconds of a cold ``edition build`` of the memorandum go: imports, stylesheet compilation,
conversion, validation, the print edition (print.xsl, each WeasyPrint layout, writing the PDF), the site
and the package, each timed once in a fresh process; then the whole cold build as a user runs it.

    .venv/bin/python bench/bench_cold.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EDITION = str(Path(sys.executable).with_name("edition"))


def step(label: str, started: float) -> float:
    now = time.perf_counter()
    print(f"  {label:<38} {now - started:6.2f} s")
    return now


def main() -> None:
    print("in this process, one step after the other:")
    t = time.perf_counter()
    import edition.cli  # noqa: F401
    t = step("import edition.cli", t)
    from edition import build, package, pdf, site, validate  # noqa: F401
    from edition.xslt import compile_stylesheet
    t = step("import the build's modules", t)
    import weasyprint  # noqa: F401
    t = step("import weasyprint", t)
    for stylesheet in (site.HTML_XSL, pdf.PRINT_XSL, package.DATACITE_XSL, package.DC_XSL):
        compile_stylesheet(stylesheet)
        t = step(f"compile {stylesheet.relative_to(ROOT)}", t)
    validate.customisation_rng()
    t = step("load the schema", t)
    from edition.convert import convert_file
    from edition.safexml import parse_xml_bytes

    result = convert_file(ROOT / "sources" / "memorandum-1958-10-02.txt",
                          metadata_path=ROOT / "sources" / "memorandum-1958-10-02.toml",
                          register_path=ROOT / "sources" / "register.toml")
    t = step("convert", t)
    validate.validate_tree(parse_xml_bytes(result.to_bytes(), "m.xml"), "m.xml")
    t = step("validate", t)
    html = pdf.print_html(result.root, options=pdf.PrintOptions(), attachment_name="m.xml", source_name="m")
    t = step("print.xsl", t)
    fetcher = pdf._url_fetcher(weasyprint)
    css = weasyprint.CSS(filename=str(pdf.PRINT_CSS), url_fetcher=fetcher)
    options = {"stylesheets": [css], "pdf_variant": pdf.PDF_VARIANT, "pdf_tags": True}
    base = pdf.PRINT_DIR.resolve().as_uri() + "/"
    body = pdf._without_final_index(pdf._parse_xhtml(html, "m"))
    if body is not None:
        weasyprint.HTML(string=body, base_url=base, url_fetcher=fetcher).render(**options)
        t = step("layout 1 (anchors: without the index)", t)
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher).render(**options)
    t = step("layout 2 (the whole document)", t)
    document.write_pdf(**options)
    t = step("write the PDF", t)
    with tempfile.TemporaryDirectory() as temp:
        tei = Path(temp) / "tei" / "m.xml"
        tei.parent.mkdir()
        tei.write_bytes(result.to_bytes())
        site.render_site([tei], Path(temp) / "html", odd_path=site.DEFAULT_ODD)
        t = step("site (with the guidelines page)", t)
        package.write_package(package.plan_package(tei, html_dir=Path(temp) / "html", sources=[]),
                              Path(temp) / "deposit")
        t = step("package", t)

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "memo"
        folder.mkdir()
        shutil.copytree(ROOT / "sources", folder / "sources")
        shutil.copy(ROOT / "edition.toml", folder / "edition.toml")
        for args, label in ((["--no-pdf"], "cold edition build --no-pdf"), ([], "cold edition build")):
            shutil.rmtree(folder / "output", ignore_errors=True)
            start = time.perf_counter()
            subprocess.run([EDITION, "build", "-q", *args], cwd=folder, check=True, capture_output=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
            print(f"{label:<40} {time.perf_counter() - start:6.2f} s (a new process)")


if __name__ == "__main__":
    main()
