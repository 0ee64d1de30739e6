"""Quantities (edition/editorial/measures.py): exact values, units and commodities."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from edition.editorial.measures import tag_measures

FIXTURES = Path(__file__).parents[1] / "fixtures" / "editorial"
NS = {"t": "http://www.tei-c.org/ns/1.0"}


def measures(body: str, editorial: dict | None = None):
    text = (FIXTURES / "skeleton.xml").read_text(encoding="utf-8").replace("<!--BODY-->", body)
    root = etree.fromstring(text.encode("utf-8"))
    report = tag_measures(root, editorial or {})
    return [dict(el.attrib, text=el.text) for el in root.iterfind(".//t:measure", NS)], report


def test_millions_of_tons_are_exact_decimals():
    found, _ = measures("<p>Steel: 5.35 million tons, then 10.7 million tons and 0.3 million tons.</p>")
    assert [m["quantity"] for m in found] == ["5350000", "10700000", "300000"]
    assert {m["unit"] for m in found} == {"t"} and {m["commodity"] for m in found} == {"steel"}


def test_the_commodity_is_found_in_earlier_paragraphs_and_list_items():
    found, report = measures('<p>Take the production of steel.</p><p>This year:</p><list>'
                             '<item>first: 6.2 million tons</item><item>then: 9.0 million tons</item></list>'
                             '<p>The harvest was 155 million tons.</p>')
    assert [(m["quantity"], m["commodity"]) for m in found] == [
        ("6200000", "steel"), ("9000000", "steel"), ("155000000", "harvest")]
    assert report == []


def test_a_commodity_named_after_the_figure_wins():
    found, _ = measures("<p>Steel mills gave 94.1 million tons of coal.</p>")
    assert found[0]["commodity"] == "coal"


def test_a_range_is_charted_at_its_midpoint_and_marked():
    found, _ = measures("<p>The grain: only 75-80 million ton.</p>")
    assert found == [{"unit": "t", "type": "range", "quantity": "77500000", "commodity": "grain",
                      "text": "75-80 million ton"}]


def test_counted_things():
    found, _ = measures("<p>From 700,000 agricultural collectives 20,000 people’s communes, 7,000 households "
                        "each; 12 tractors.</p>", {"measures": {"count_nouns": ["tractors"]}})
    assert [(m["quantity"], m["unit"], m["commodity"]) for m in found] == [
        ("700000", "count", "agricultural collectives"), ("20000", "count", "people’s communes"),
        ("7000", "count", "households"), ("12", "count", "tractors")]


def test_an_unknown_commodity_is_reported_not_guessed():
    found, report = measures("<p>They shipped 3 million tons.</p>")
    assert "commodity" not in found[0]
    assert report[0]["kind"] == "measure" and "3 million tons" in report[0]["message"]
