"""No script of a TEI file ever runs from the site (real headless Chromium).

A TEI document valid against tei_all may carry XHTML ``<script>``, an SVG ``onload`` or an XHTML
``onerror`` inside ``egXML``. The site offers each TEI file byte for byte; a browser that renders the
copy as XML runs those scripts on the site's origin. Each script here would set ``window.pwned`` and
send a request to a listener on 127.0.0.1: neither may happen, whatever file of the site is opened,
through the preview server or from file://.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from tests.loopback import recording_server

from edition.publish.html.site import render_site
from edition.validate.tei import jing_command, validate_files

playwright_api = pytest.importorskip("playwright.sync_api")

from tests.chromium import served
MINIMAL = Path(__file__).parents[2] / "fixtures" / "validate" / "minimal.xml"
DOC_ID = "scripted"


def _scripted_tei(port: int) -> bytes:
    def run(name: str) -> str:
        return f"window.pwned='{name}';fetch('http://127.0.0.1:{port}/{name}',{{mode:'no-cors'}})"

    example = (
        '<egXML xmlns="http://www.tei-c.org/ns/Examples">'
        f'<h:script xmlns:h="http://www.w3.org/1999/xhtml">{run("xhtml-script")}</h:script>'
        f'<svg:svg xmlns:svg="http://www.w3.org/2000/svg" onload="{run("svg-onload")}"/>'
        f'<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="missing.png" onerror="{run("xhtml-onerror")}"/>'
        '</egXML>')
    # script as text too: in the title (pages, citations) and in a paragraph (pages, search index)
    as_text = f"&lt;script&gt;{run('text')}&lt;/script&gt; \"';{run('quote')};'"
    text = MINIMAL.read_text(encoding="utf-8").replace('xml:id="minimal"', f'xml:id="{DOC_ID}"', 1)
    text = text.replace('<title type="main">', f'<title type="main">{as_text} ', 1)
    return text.replace("<closer>", f"<p>An example: {example}</p><p>{as_text}</p><closer>", 1).encode("utf-8")


@pytest.fixture(scope="module")
def listener():
    """Records every request a script of a TEI file would send."""
    with recording_server(status=204) as found:
        yield found


@pytest.fixture(scope="module")
def scripted(tmp_path_factory, listener) -> Path:
    path = tmp_path_factory.mktemp("scripted") / f"{DOC_ID}.xml"
    path.write_bytes(_scripted_tei(listener[0]))
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory, scripted) -> Path:
    out = tmp_path_factory.mktemp("site") / "html"
    render_site([scripted], out, project_title="Scripts")
    return out


@pytest.fixture(scope="module")
def server(site):
    yield from served(site)


def _open(context, url: str) -> dict:
    """Open ``url`` as a reader following a link would; what ran, and what the browser made of it."""
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    downloaded = False
    try:
        response = page.goto(url, wait_until="load")  # after the load event: onload and onerror have run
        content_type = response.headers.get("content-type", "") if response else ""
    except playwright_api.Error as exc:  # a download: nothing rendered
        if "Download is starting" not in str(exc):
            raise
        downloaded, content_type = True, ""
    page.wait_for_timeout(100)  # and a moment for a fetch a script would send
    pwned = None if downloaded else page.evaluate("() => window.pwned === undefined ? null : String(window.pwned)")
    text = "" if downloaded else page.evaluate("() => document.body ? document.body.innerText : ''")
    page.close()
    return {"pwned": pwned, "dialogs": dialogs, "content_type": content_type, "downloaded": downloaded,
            "text": text}


def test_the_scripted_document_is_valid_tei(scripted, tei_all_path):
    """The danger is real: tei_all accepts the document (egXML takes any element)."""
    if jing_command() is None:
        pytest.skip("jing not installed")
    report = validate_files([scripted], mode="tei-all", schema=tei_all_path, engine="jing")
    assert report.exit_status == 0, report.to_text()


def test_the_tei_link_is_the_document_byte_for_byte(site, scripted):
    page = lxml.html.fromstring((site / "documents" / f"{DOC_ID}.html").read_bytes())
    (link,) = [a for a in page.cssselect(".downloads a") if a.text == "TEI P5 (XML)"]
    target = (site / "documents" / link.get("href")).resolve()
    assert target.read_bytes() == scripted.read_bytes()
    assert link.get("download") == f"{DOC_ID}.xml"  # saved under the document's own name


def test_no_file_a_host_serves_as_markup_holds_the_tei(site):
    """A static host types a file by its name: only the tool's own pages may be XML, HTML or SVG."""
    import mimetypes

    for path in site.rglob("*"):
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.is_file() and ("xml" in kind or "html" in kind or "svg" in kind):
            assert b"<h:script" not in path.read_bytes(), path


def test_no_script_of_a_tei_file_runs_from_the_site(site, server, browser, listener):
    port, requests = listener
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert f"documents/{DOC_ID}.html" in files
    page = lxml.html.fromstring((site / "documents" / f"{DOC_ID}.html").read_bytes())
    tei_href = next(a.get("href") for a in page.cssselect(".downloads a") if a.text == "TEI P5 (XML)")
    urls = [server.url + name for name in files]
    # the link, followed from the page, and the old address of the copy
    urls += [server.url + "documents/" + tei_href, server.url + f"tei/{DOC_ID}.xml"]
    urls += [(site / "documents" / tei_href).resolve().as_uri()]  # the site opened from file://
    context = browser.new_context(accept_downloads=True)
    seen = {url: _open(context, url) for url in urls}
    context.close()
    ran = {url: r for url, r in seen.items() if r["pwned"] or r["dialogs"]}
    assert ran == {}
    assert requests == []
    copy = seen[server.url + "documents/" + tei_href]
    assert copy["content_type"] == "text/plain; charset=utf-8", copy
    # shown as the text it is, characters intact (“teacher” is in the document)
    assert "\u201cteacher\u201d" in copy["text"] and "<h:script" in copy["text"]
