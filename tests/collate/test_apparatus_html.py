"""The apparatus in the rendered HTML (lxml on the pages; the browser tests are beside this file)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from edition.publish.html.site import render_site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "collate"


@pytest.fixture(scope="module")
def location_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("locref") / "html"
    render_site([FIXTURES / "location-referenced.xml"], out, project_title="Test", odd_path=None)
    return lxml.html.parse(str(out / "documents" / "location-referenced.html")).getroot()


def text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def test_location_referenced_apparatus_does_not_repeat_the_lemma_in_the_text(location_page):
    paragraph = location_page.get_element_by_id("p-1")
    words = text(paragraph)
    assert words.count("brown") == 1 and words.count("lazy") == 1 and "red" not in words
    entries = [text(li) for li in location_page.cssselect(".apparatus-list li")]
    assert entries[0].startswith("brown] red B") and entries[1].startswith("lazy] om. B")
    # no witness switch: the witnesses' texts cannot be rebuilt from a location-referenced apparatus
    assert not location_page.cssselect(".witness-tools")
