"""``f:safe-url`` (xslt/modules/functions.xsl): what it lets through stays on the site or is an explicit
http(s) link, as a real browser (Chromium's URL parser) reads it."""

from __future__ import annotations


import pytest
from lxml import etree

from edition.publish.html.site import XSLT_DIR
from edition.xslt import compile_stylesheet

pytest.importorskip("playwright.sync_api")  # the hrefs are read by Chromium (the session's browser)

PAGE = "http://site.example/documents/a.html"

# Each must be refused, or read by the browser as a link on the site itself.
HOSTILE = [
    "javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:alert(1)", "jAvAsCrIpT:alert(1)",
    " javascript:alert(1)", "   \t javascript:alert(1)", "\njavascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)", "jav\t\na\rscript:alert(1)",
    "javascript\t:alert(1)", "\u0085javascript:alert(1)", "javascript:alert(1) ",
    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "DATA:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd", "blob:http://site.example/x", "mailto:a@b.example",
    "//evil.example/x", "  //evil.example/x", "\\\\evil.example/x", "/\\evil.example/x", "\\/evil.example/x",
    "\\\\\\evil.example/x", "/\t/evil.example/x", "/\n\\evil.example/x", "\\\t\\evil.example/x",
    "https:evil.example/x", "http:\\\\evil.example/x", "https:/\\evil.example/x", "http:/evil.example",
    "%6A%61%76%61script:alert(1)", "%6Aavascript:alert(1)", "javascript%3Aalert(1)", "javascript%3aalert(1)",
    "\u3000javascript:alert(1)", "\ufeffjavascript:alert(1)",
]
# These are fine and must come through unchanged.
SAFE = ["https://example.org/x?a=b#c", "http://example.org", "HTTPS://example.org/", "../figures/a.png",
        "a.png", "#p-1", "?q=1", "/figures/a.png", "figures/a:b.png"]


@pytest.fixture(scope="module")
def safe_url(tmp_path_factory):
    """f:safe-url over a list of strings, through the real stylesheet (saxonche)."""
    folder = tmp_path_factory.mktemp("safe-url")
    stylesheet = folder / "call.xsl"
    stylesheet.write_text(f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
        xmlns:f="urn:edition:functions" xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xsl:import href="{(XSLT_DIR / 'html.xsl').as_uri()}"/>
      <xsl:output method="json"/>
      <xsl:template match="/">
        <xsl:sequence select="array {{ for $u in /urls/u return (f:safe-url(string($u)), '')[1] }}"/>
      </xsl:template>
    </xsl:stylesheet>""", encoding="utf-8")
    compiled = compile_stylesheet(stylesheet)

    def call(urls: list[str]) -> list[str | None]:
        import json

        root = etree.Element("urls")
        for url in urls:
            etree.SubElement(root, "u").text = url
        return [value or None for value in json.loads(compiled.transform(root))]

    return call


@pytest.fixture(scope="module")
def resolve(browser):
    """How Chromium reads an href on a page of the site: (protocol, host) of the URL it goes to."""
    page = browser.new_page()

    def read(hrefs: list[str]) -> list[tuple[str, str]]:
        return [tuple(pair) for pair in page.evaluate(
            "([hrefs, base]) => hrefs.map(h => { const u = new URL(h, base); return [u.protocol, u.host]; })",
            [hrefs, PAGE])]

    yield read
    page.close()


def test_hostile_urls_are_refused_or_stay_on_the_site(safe_url, resolve):
    results = safe_url(HOSTILE)
    kept = [(url, out) for url, out in zip(HOSTILE, results) if out is not None]
    where = resolve([out for _, out in kept])
    for (url, out), (protocol, host) in zip(kept, where):
        assert protocol in ("http:", "https:"), (url, out, protocol)
        # an explicit web link may go anywhere; anything else stays on the site
        assert host == "site.example" or out.lower().startswith(("http:", "https:")), (url, out, host)
    assert "javascript:alert(1)" not in [out for _, out in kept]


@pytest.mark.parametrize("url", ["\\\\evil.example/x", "/\\evil.example/x", "\\/evil.example/x"])
def test_backslashes_that_browsers_read_as_another_host_are_refused(safe_url, resolve, url):
    assert resolve([url]) == [("http:", "evil.example")]  # what a browser makes of it
    assert safe_url([url]) == [None]


def test_safe_urls_come_through_unchanged(safe_url, resolve):
    assert safe_url(SAFE) == SAFE
    for url, (protocol, host) in zip(SAFE, resolve(SAFE)):
        assert protocol in ("http:", "https:")
        assert host == "site.example" or url.lower().startswith("http")

