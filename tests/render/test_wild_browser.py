"""Pages of real TEI of other kinds in headless Chromium: what the reader sees, with screenshots.

Screenshots of a play, a letter, a catalogue entry, a manuscript page, a parliamentary
debate, a dictionary and an Arabic periodical go to output/screenshots/wild-*.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "output" / "screenshots"

KINDS = {
    "drama": ("01-drama-shakespeare-tempest-castlist.xml", ".castList"),
    "letter": ("05-letter-schnitzler-L00267-correspdesc.xml", "section.correspondence"),
    "msdesc": ("09-msdesc-bodleian-digby-29.xml", "section.manuscripts"),
    "genetic": ("11-genetic-sga-surface-abinger-c57-0037.xml", ".surface"),
    "spoken": ("04-spoken-parlamint-tr-2018-07-07.xml", ".u"),
    "dictionary": ("16-dictionary-freedict-wol-fra-doctype.xml", ".entry"),
    "arabic": ("12-arabic-periodical-zuhur-facsimile.xml", ".tei-text"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kinds_of_text_are_shown_and_photographed(kind, browser, wild_site, wild_documents):
    name, selector = KINDS[kind]
    _, out = wild_site
    page_path = out / "documents" / f"{wild_documents[name].id}.html"
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(page_path.as_uri())
    block = pg.locator(selector).first
    assert block.is_visible()
    assert block.inner_text().strip() != ""
    # images of a facsimile are links, never loaded with the page
    assert not [u for u in requests if u.startswith("http")]
    block.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"wild-{kind}.png"
    pg.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    context.close()


def test_right_to_left_text_runs_right_to_left(browser, wild_site, wild_documents):
    _, out = wild_site
    page_path = out / "documents" / f"{wild_documents['12-arabic-periodical-zuhur-facsimile.xml'].id}.html"
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(page_path.as_uri())
    assert pg.locator(".tei-text").first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    context.close()
