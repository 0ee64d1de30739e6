"""The apparatus in the HTML edition, in a real headless Chromium: variants, popovers, the witness
switch, two witnesses side by side, the apparatus list; on a collation of ours and on the real
PTA editions (parallel segmentation, rdgGrp, witDetail)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.collate import collate_witnesses
from edition.convert import serialize_tei
from edition.project import WitnessSpec
from edition.publish.html.site import render_site

playwright_api = pytest.importorskip("playwright.sync_api")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "collate"
PTA = ("13-apparatus-pta-greek-parallel-seg.xml", "14-apparatus-pta-greek-witdetail-large.xml")


@pytest.fixture(scope="module")
def site(tmp_path_factory, shared_dir) -> Path:
    folder = tmp_path_factory.mktemp("apparatus")
    collation = collate_witnesses([
        WitnessSpec(FIXTURES / "talk-a.txt", "A", "Record A", True, FIXTURES / "talk-a.toml"),
        WitnessSpec(FIXTURES / "talk-b.txt", "B", "Record B", False, None)])
    tei = folder / "talk.xml"
    tei.write_bytes(serialize_tei(collation.result.root))
    wild = [shared_dir / "corpus" / "tei-wild" / name for name in PTA]
    render_site([tei, *wild], folder / "html", project_title="Apparatus")
    return folder / "html"


def text_of(pg, selector: str) -> str:
    return re.sub(r"\s+", " ", pg.locator(selector).first.inner_text()).strip()


def open_talk(page, site):
    page.goto((site / "documents" / "talk-1958-10-02.html").as_uri())


def test_established_text_marks_variants_and_a_popover_lists_the_readings(page, site):
    open_talk(page, site)
    assert "To the final victory of socialism" in text_of(page, "#p-1")
    assert "communism" not in text_of(page, "#p-1")
    page.locator("#appref-app-1").click()
    popover = page.locator(".app-popover")
    assert re.sub(r"\s+", " ", popover.inner_text()).replace("×", "").strip() == "socialism] A; communism B"
    page.keyboard.press("Escape")
    assert page.locator(".app-popover").count() == 0
    assert page.problems == []


def test_apparatus_list_links_both_ways(page, site):
    open_talk(page, site)
    entries = page.locator(".apparatus-list li")
    assert entries.count() == 7
    assert text_of(page, "#crit-app-2").startswith("morning] A; om. B")
    assert page.locator("#appref-app-2").get_attribute("href") == "#crit-app-2"
    page.locator("#crit-app-2 .backref").click()
    assert page.evaluate("location.hash") == "#appref-app-2"


def test_witness_switch_shows_one_witness_text(page, site):
    open_talk(page, site)
    page.locator("input[name=witness][value=B]").check()
    assert "To the final victory of communism" in text_of(page, "#p-1")
    assert "socialism" not in text_of(page, "#p-1")
    assert "We need to defeat imperialism, not tomorrow, of course." in text_of(page, "#p-2")
    assert "in many different ways. Later or sooner" in text_of(page, "#p-3")
    body = text_of(page, ".text-body")
    assert "A toast to friendship." in body and "Warsaw" not in body
    page.locator("input[name=witness][value='']").check()
    body = text_of(page, ".text-body")
    assert "Warsaw" in body and "A toast to friendship." not in body and "socialism" in body


def test_two_witnesses_side_by_side_turns_aligned_differences_highlighted(page, site):
    open_talk(page, site)
    page.locator(".compare-open").click()
    rows = page.locator(".compare-table tbody tr")
    cells = [[re.sub(r"\s+", " ", c.inner_text()).strip() for c in row.locator("td").all()] for row in rows.all()]
    assert [c for c in cells if "Thank you for everything." in c[0]][0][1].endswith("Thank you for everything.")
    warsaw = [c for c in cells if "Warsaw" in c[0]][0]
    assert warsaw[1] in ("", "⟨om.⟩")
    toast = [c for c in cells if "A toast to friendship." in c[1]][0]
    assert toast[0] in ("", "⟨om.⟩")
    highlighted = page.locator(".compare-table td:nth-child(2) .differs")
    texts = [t.strip() for t in highlighted.all_inner_texts()]
    assert "communism" in texts and "many" in texts and "Later" in texts
    assert [t.strip() for t in page.locator(".compare-table td:nth-child(1) .differs").all_inner_texts()][:2] == \
        ["socialism", "morning"]
    assert page.locator(".text-body").is_hidden()
    page.locator(".compare-close").click()
    assert page.locator(".text-body").is_visible()
    assert page.problems == []


@pytest.mark.parametrize("name", PTA)
def test_real_apparatus_sigla_from_listwit_and_witness_switch(page, site, name):
    page.goto((site / "documents" / name.replace(".xml", ".html")).as_uri())
    entries = page.locator(".apparatus-list li")
    assert entries.count() > 400
    listing = " ".join(entries.all_inner_texts())
    assert "#" not in listing                    # sigla, never raw pointers
    assert " om. " in listing and "add." in listing
    if name.startswith("14"):
        assert "(Ba: sic)" in listing           # witDetail
    page.locator("a.app-ref:visible").nth(3).click()
    assert page.locator(".app-popover").count() == 1
    page.keyboard.press("Escape")
    witness = page.locator("input[name=witness]").nth(2)
    siglum = witness.get_attribute("value")
    before = text_of(page, ".text-body")
    witness.check()
    after = text_of(page, ".text-body")
    assert after != before and len(after) > 1000
    page.locator(".compare-open").click()            # the first two witnesses side by side
    assert page.locator(".compare-table tbody tr").count() > 5
    assert page.locator(".compare-table .differs").count() > 20
    assert siglum and page.problems == []
