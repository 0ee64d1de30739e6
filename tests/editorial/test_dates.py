"""Dates and times in running text (edition/editorial/dates.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from edition.editorial.dates import tag_dates

FIXTURES = Path(__file__).parents[1] / "fixtures" / "editorial"
NS = {"t": "http://www.tei-c.org/ns/1.0"}


def tagged(body: str, editorial: dict | None = None):
    text = (FIXTURES / "skeleton.xml").read_text(encoding="utf-8").replace("<!--BODY-->", body)
    root = etree.fromstring(text.encode("utf-8"))
    report = tag_dates(root, editorial or {})
    found = [(el.tag.split("}")[1], el.get("when") or f"{el.get('from')}/{el.get('to')}", el.text)
             for el in root.iterfind(".//t:body//*", NS) if el.tag.split("}")[1] in ("date", "time")]
    return found, report


@pytest.mark.parametrize("phrase, when", [
    ("2 October 1958", "1958-10-02"), ("October 2, 1958", "1958-10-02"), ("November 1957", "1957-11"),
    ("1871", "1871"), ("16 July", "1959-07-16"), ("April of this year", "1959-04"), ("last year", "1958"),
    ("next year", "1960"), ("August", "1959-08"), ("October–November 1956", "1956-10/1956-11"),
])
def test_dates_become_iso(phrase, when):
    found, _ = tagged(f"<p>It was {phrase} then.</p>")
    assert found == [("date", when, phrase)]


@pytest.mark.parametrize("phrase", ["No. 1838", "page 1958", "tlač 1840", "č. 1840", "Drucksache 1838"])
def test_the_number_of_a_thing_is_no_year(phrase):
    """A number after "No.", "page", the Slovak "tlač" (print) and "č." (number), the German "Drucksache"
    counts documents or pages; the year in "since 1949" stays a year."""
    found, _ = tagged(f"<p>It was {phrase} since 1949.</p>")
    assert found == [("date", "1949", "1949")]


def test_the_context_year_comes_from_the_editorial_file_first():
    found, report = tagged("<p>At a meeting 16 July we decided.</p>", {"dates": {"year": 1958}})
    assert found == [("date", "1958-07-16", "16 July")]
    assert report[0]["kind"] == "date-inferred" and "1958-07-16" in report[0]["message"]


def test_times_and_not_numbers():
    found, _ = tagged("<p>It began at 21:30 and cost 1,958 roubles; 2000 tons; 99% sure; May we go?</p>")
    assert found == [("time", "21:30:00", "21:30")]


def test_existing_dates_and_times_are_left_as_they_are():
    found, _ = tagged('<p>At <time when="21:30:00">21:30</time> on <date when="1958-10-02">2 October 1958</date>.</p>')
    assert found == [("time", "21:30:00", "21:30"), ("date", "1958-10-02", "2 October 1958")]


def test_relative_years_can_be_switched_off():
    found, _ = tagged("<p>This year and in 1958.</p>", {"dates": {"relative": False}})
    assert found == [("date", "1958", "1958")]


def test_a_date_entry_settles_a_phrase_by_hand():
    found, report = tagged("<p>On the Day of the Fleet we met.</p>",
                           {"date": [{"anchor": "the Day of the Fleet", "when": "1958-07-27"}]})
    assert found == [("date", "1958-07-27", "the Day of the Fleet")]
