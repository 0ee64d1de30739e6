"""The site in a real headless Chromium (Debian's, driven by Playwright): what a reader does.

Served from 127.0.0.1 by the preview server, and opened from file:// as well. Screenshots of the
document page at desktop and phone widths are saved to output/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.publish.html.serve import PreviewServer
from edition.publish.html.site import render_site

playwright_api = pytest.importorskip("playwright.sync_api")

from tests.chromium import served
DOC = "documents/memorandum-1958-10-02.html"
SCREENSHOTS = Path(__file__).resolve().parents[3] / "output" / "screenshots"
TALK = Path(__file__).resolve().parents[2] / "fixtures" / "search" / "talk.txt"  # a short record to rank and filter


@pytest.fixture(scope="module")
def site(tmp_path_factory, memorandum_tei_file) -> Path:
    out = tmp_path_factory.mktemp("browser") / "html"
    render_site([memorandum_tei_file, TALK], out, project_title="Records of Conversation, 1958")
    return out


@pytest.fixture(scope="module")
def server(site):
    yield from served(site)


def visible(pg, selector: str) -> str:
    return re.sub(r"\s+", " ", pg.locator(selector).first.inner_text()).strip()


def test_reading_a_speech(page, server):
    page.goto(server.url + DOC)
    assert visible(page, "#sp-1 .speaker") == "Mao Zedong:"
    assert visible(page, "#p-2") == "To the health of our guests!"
    speech = visible(page, "#p-11")
    assert "Are you prepared [to adopt] such a method? (Laughter). (All are silent)." in speech
    assert page.problems == []


def test_reading_switch_shows_the_reading_as_received_and_remembers_it(page, server):
    page.goto(server.url + DOC)
    paragraph = page.locator("p", has_text="You cannot say that about Poland").first
    assert "Czechoslovakia" in paragraph.inner_text() and "Czecholsovakia" not in paragraph.inner_text()
    switch = page.locator("fieldset.reading-switch")
    assert switch.is_visible()
    page.get_by_label("as received").check()
    assert "Czecholsovakia" in paragraph.inner_text() and "Czechoslovakia" not in paragraph.inner_text()
    page.reload()
    paragraph = page.locator("p", has_text="You cannot say that about Poland").first
    assert "Czecholsovakia" in paragraph.inner_text()
    assert page.get_by_label("as received").is_checked()
    # by keyboard: focus the checked radio, the arrow key moves to the other reading
    page.get_by_label("as received").focus()
    page.keyboard.press("ArrowUp")
    assert page.get_by_label("edited").is_checked()
    assert "Czechoslovakia" in paragraph.inner_text()
    assert page.problems == []


def test_person_popover_opens_and_closes_with_the_keyboard(page, server):
    page.goto(server.url + DOC)
    link = page.locator("#p-1 a[data-entry='zhu-de']").first
    link.focus()
    page.keyboard.press("Enter")
    popover = page.locator(".popover[role=dialog]")
    assert popover.is_visible()
    assert "Marshal of the People’s Liberation Army" in popover.inner_text()
    assert popover.locator("a", has_text="Wikidata").get_attribute("href") == "https://www.wikidata.org/wiki/Q22513"
    assert page.url.endswith(DOC)  # the link did not navigate
    page.keyboard.press("Escape")
    assert popover.count() == 0
    assert page.evaluate("document.activeElement.getAttribute('data-entry')") == "zhu-de"
    assert page.problems == []


def test_following_a_note_and_coming_back(page, server):
    page.goto(server.url + DOC)
    ref = page.locator("a[role=doc-noteref]").first
    target = ref.get_attribute("href")
    ref.click()
    assert page.url.endswith(target)
    note = page.locator(target)
    assert note.is_visible() and "Minister of Defense" in note.inner_text()
    note.locator("a.backref").click()
    assert page.url.endswith("#noteref-" + target[1:])
    assert page.locator("#noteref-" + target[1:]).is_visible()
    assert page.problems == []


def test_search_finds_steel(page, server):
    page.goto(server.url + DOC)
    page.fill("#site-search-q", "steel")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=steel"))
    results = page.locator("#search-results li")
    assert results.count() >= 5
    assert "passages found" in page.locator("#search-status").inner_text()
    assert page.locator("#search-results mark").first.inner_text().lower() == "steel"
    results.first.locator("a").click()
    page.wait_for_url(re.compile(r"documents/memorandum-1958-10-02\.html#"))
    anchor = page.url.split("#")[1]
    assert "steel" in page.locator(f"#{anchor}").inner_text().lower()
    assert page.problems == []


def search(page, server, query: str) -> list[str]:
    page.goto(server.url + "search.html?" + query)
    page.wait_for_function("document.getElementById('search-status').textContent.length > 0")
    return [re.sub(r"\s+", " ", t).strip() for t in page.locator("#search-results li").all_inner_texts()]


def test_search_ranks_whole_words_with_prefixes_phrases_and_filters(page, server):
    talk = "doc=talk"
    hits = search(page, server, f"q=war&{talk}")
    # ranked: the passage that says "war" four times first; "award" is not the word "war"
    assert hits[0].startswith("Conversation of Smith and Jones, 3 March 1961, ¶ 3")
    assert "Smith" in hits[0] and "War, war and war again" in hits[0]
    assert len(hits) == 2 and not any("award" in h for h in hits)
    assert page.locator("#search-doc").input_value() == "talk"
    # the hit names its document and its paragraph, and leads there
    page.locator("#search-results li a.result-link").first.click()
    page.wait_for_url(re.compile(r"documents/talk\.html#p-3$"))
    # a prefix, a phrase
    assert any("Imperialism is a paper tiger" in h for h in search(page, server, f"q=imperial*&{talk}"))
    assert search(page, server, f"q=imperial&{talk}") == []
    assert len(search(page, server, f"q=%22paper+tiger%22&{talk}")) == 1
    assert search(page, server, f"q=%22tiger+paper%22&{talk}") == []
    # filters: by speaker, by date of the document
    assert search(page, server, "q=war&who=Jones") == []
    smith = search(page, server, "q=war&who=Smith")
    assert len(smith) == 2 and all("Smith" in h for h in smith)
    dated = search(page, server, "q=war&from=1958&to=1958-12")
    assert dated and all(h.startswith("Memorandum of Conversation") for h in dated)
    assert any("Mao Zedong" in h for h in dated) and not any("Smith" in h for h in dated)
    # filters chosen on the page
    page.goto(server.url + "search.html")
    page.fill("#search-q", "war")
    page.select_option("#search-who", "Smith")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
    assert "who=Smith" in page.url
    assert page.problems == []


def test_pages_have_no_console_errors_and_no_serious_accessibility_violations(page, server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for name in ("index.html", DOC, "persons.html", "places.html", "search.html?q=steel", "guidelines.html", "about.html"):
        page.goto(server.url + name)
        results = axe.run(page)
        serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
        assert serious == [], f"{name}: " + "; ".join(f"{v['id']}: {v['help']}" for v in serious)
        lang = page.evaluate("document.documentElement.lang")
        assert lang == "en"
        assert page.locator("main").count() == 1 and page.locator("nav").count() >= 1
    assert page.problems == []


def test_works_from_file_urls_without_network(page, site):
    page.goto(site.joinpath(DOC).as_uri())
    page.get_by_label("as received").check()
    assert "Czecholsovakia" in page.locator("p", has_text="You cannot say that about Poland").first.inner_text()
    page.goto(site.joinpath("search.html").as_uri() + "?q=steel")
    assert page.locator("#search-results li").count() >= 5
    assert page.problems == []


DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def top(pg, selector: str) -> float:
    return pg.locator(selector).first.bounding_box()["y"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_text_is_in_the_first_screen(browser, server, viewport):
    context = browser.new_context(viewport=viewport)
    pg = context.new_page()
    pg.goto(server.url + DOC)
    # the record's heading and its first paragraph are on the first screen, with no scrolling
    assert top(pg, ".text-body .head") < viewport["height"] * 0.75
    assert top(pg, "#p-1") < viewport["height"]
    panel = pg.locator("aside.doc-panel")
    if viewport is DESKTOP:
        # header, citation, downloads and contents in a panel beside the text; the header part open
        assert panel.bounding_box()["x"] + panel.bounding_box()["width"] <= pg.locator(".text-body").bounding_box()["x"]
        assert panel.bounding_box()["y"] < viewport["height"] / 2
        assert pg.locator("#about").get_attribute("open") is not None
        assert pg.locator("#toc nav a").count() == 16  # a long record: its turns
    else:
        # after the text, folded; the links under the title open the part they lead to
        assert panel.bounding_box()["y"] > top(pg, "#p-1")
        assert pg.locator("#cite").get_attribute("open") is None
        pg.locator("nav.page-links a", has_text="How to cite").click()
        assert pg.locator("#cite").get_attribute("open") is not None
        assert pg.locator("#citation-text").is_visible()
    assert pg.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    for other in ("search.html?q=war", "persons.html", "index.html"):
        pg.goto(server.url + other)
        assert pg.evaluate("document.documentElement.scrollWidth") <= viewport["width"], other
    context.close()


def test_paragraph_and_turn_numbers_in_the_margin_are_links(page, server):
    page.goto(server.url + "persons.html")
    occurrence = page.locator("#hitler a.occurrence").first
    label = occurrence.inner_text()
    assert label.startswith("¶ ")
    occurrence.click()
    anchor = page.url.split("#")[1]
    number = page.locator(f"#{anchor} > a.permalink")
    assert number.is_visible()
    assert number.evaluate("e => getComputedStyle(e, '::before').content") == f'"{label}"'
    assert number.get_attribute("href") == f"#{anchor}"
    # the number is beside the text, not in it
    assert number.bounding_box()["x"] + number.bounding_box()["width"] <= page.locator(f"#{anchor}").bounding_box()["x"] + 1
    assert label not in page.locator(f"#{anchor}").inner_text()
    turn = page.locator("#sp-2 .speaker > a.permalink")
    assert turn.get_attribute("data-n") == "turn 2" and turn.get_attribute("href") == "#sp-2"
    assert page.problems == []


def test_notes_in_the_margin_on_wide_screens_and_in_popovers_on_phones(browser, server):
    context = browser.new_context(viewport=DESKTOP)
    pg = context.new_page()
    pg.goto(server.url + DOC)
    ref = pg.locator("#p-1 a[role=doc-noteref]")
    margin = pg.locator("#p-1 .sidenote")
    assert margin.is_visible() and "Peng Dehuai" in margin.inner_text()
    assert margin.bounding_box()["x"] > pg.locator("#p-1").bounding_box()["x"] + pg.locator("#p-1").bounding_box()["width"] - 1
    assert abs(margin.bounding_box()["y"] - ref.bounding_box()["y"]) < 40
    context.close()
    context = browser.new_context(viewport=PHONE, has_touch=True)
    pg = context.new_page()
    pg.goto(server.url + DOC)
    assert not pg.locator("#p-1 .sidenote").is_visible()
    ref = pg.locator("#p-1 a[role=doc-noteref]")
    ref.tap()
    popover = pg.locator(".reading-popover[role=dialog]")
    assert popover.is_visible() and "Peng Dehuai" in popover.inner_text()
    assert pg.url.endswith(DOC)  # the reader stays where they read
    pg.keyboard.press("Escape")
    assert popover.count() == 0
    assert pg.evaluate("document.activeElement.getAttribute('role')") == "doc-noteref"
    # the numbered list and its links back are kept
    assert pg.locator("ol.notes li#ednote-1 a.backref").get_attribute("href") == "#noteref-ednote-1"
    context.close()


def test_apparatus_panel_lists_every_intervention_with_links_both_ways(page, server, memorandum_tei):
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    expected = len(memorandum_tei.xpath("//t:text//t:choice[(t:sic or t:orig) and (t:corr or t:reg)] | //t:text//t:supplied",
                                        namespaces=ns))
    page.goto(server.url + DOC)
    entries = page.locator("#apparatus li.app-entry")
    assert entries.count() == expected >= 10
    texts = [re.sub(r"\s+", " ", t) for t in entries.all_inner_texts()]
    assert any("Czechoslovakia] Czecholsovakia as received; corrected by the editor" in t for t in texts)
    assert any("Sofia] Sophia as received; regularised" in t for t in texts)
    assert any("[to adopt] supplied by the translator" in t for t in texts)
    for i in range(expected):
        back = entries.nth(i).locator("a.app-place").get_attribute("href")
        assert page.locator(back).count() == 1
    # from the list to the text and, by keyboard, from the text to its entry
    entries.filter(has_text="to be a member").locator("a.app-place").click()
    target = page.url.split("#")[1]
    intervention = page.locator(f"#{target}")
    assert intervention.get_attribute("role") == "button"
    intervention.focus()
    page.keyboard.press("Enter")
    popover = page.locator(".reading-popover[role=dialog]")
    assert popover.is_visible() and "to a member" in popover.inner_text() and "corrected" in popover.inner_text()
    page.keyboard.press("Escape")
    assert popover.count() == 0
    # inside a name linked to the register, the mark after the name opens the entry
    mark = page.locator("a[data-entry='czechoslovakia'] + a.app-mark").first
    mark.focus()
    page.keyboard.press("Enter")
    assert popover.is_visible() and "Czecholsovakia" in popover.inner_text()
    assert page.url.split("#")[1] == target  # the reader stays where they read
    page.keyboard.press("Escape")
    assert page.problems == []


def test_screenshots_at_desktop_and_phone_width(browser, server):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport, anchor in (("document-desktop.png", DESKTOP, ""), ("document-desktop-text.png", DESKTOP, "#sp-1"),
                                   ("document-phone.png", PHONE, ""), ("document-phone-text.png", PHONE, "#p-11")):
        width = viewport["width"]
        context = browser.new_context(viewport=viewport)
        pg = context.new_page()
        pg.goto(server.url + DOC + anchor)
        # nothing wider than the screen: no sideways scrolling on a phone
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        pg.screenshot(path=str(SCREENSHOTS / name))
        context.close()
        assert (SCREENSHOTS / name).stat().st_size > 10_000


def test_copy_citation_and_print_layout(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url.rstrip("/"))
    pg = context.new_page()
    pg.goto(server.url + DOC)
    pg.locator("#cite > summary").click()  # "How to cite" is folded in the panel
    button = pg.get_by_role("button", name="Copy citation")
    assert button.is_visible()
    button.click()
    pg.wait_for_function("document.querySelector('.copy-status').textContent.length > 0")
    assert pg.locator(".copy-status").inner_text() == "Copied."
    copied = pg.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Rogov, Vl. “Memorandum of Conversation of Mao Zedong")
    bib = pg.request.get(server.url + "documents/memorandum-1958-10-02.bib")
    assert bib.ok and bib.text().startswith("@misc{memorandum-1958-10-02,")
    pg.emulate_media(media="print")
    assert not pg.locator("nav.site-nav").is_visible()
    assert not pg.locator("fieldset.reading-switch").is_visible()
    assert pg.locator("#p-2").is_visible()
    context.close()


def test_preview_reloads_the_page_when_the_site_changes(page, site):
    preview = PreviewServer(site, 0, live_reload=True)
    preview.start()
    try:
        page.goto(preview.url + DOC)
        page.evaluate("window.beforeReload = true")
        page.wait_for_timeout(1200)  # the page has asked for the site's version once
        assert page.evaluate("window.beforeReload === true")
        preview.site_changed()
        page.wait_for_function("window.beforeReload === undefined", timeout=5000)
        assert page.locator("#p-2").is_visible()
    finally:
        preview.stop()
