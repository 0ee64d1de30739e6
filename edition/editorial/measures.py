"""Quantities in running text become ``measure`` with ``@quantity``, ``@unit`` and ``@commodity``.

* weights: "5.35 million tons" → ``quantity="5350000" unit="t"``; a range "75-80 million ton" →
  ``type="range" quantity="77500000" unit="t"`` (charted at its midpoint; the text keeps the bounds);
* counted things: "700,000 agricultural collectives" → ``quantity="700000" unit="count"
  commodity="agricultural collectives"``;
* the commodity of a weight is the nearest commodity word before it, in the same paragraph or up to
  ``LOOKBACK`` text containers earlier ("Take as an example … the production of steel." → steel).

The editorial file extends the defaults::

    [measures]
    count_nouns = ["people’s communes", "households"]     # counted things, as written (plural)
    [measures.commodities]                                 # word in the text = commodity value
    "agricultural goods" = "agricultural goods"

Values are computed with decimals, never binary floats, so 5.35 million is exactly 5350000.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from ..errors import ConfigError
from .textnodes import (DATE_TAGS, MEASURE_TAGS, NAME_TAGS, ReadingView, containers, make, matches_at, plain_text,
                        slots, wrap)

DEFAULT_COMMODITIES = {
    "steel": "steel", "pig iron": "pig iron", "iron ore": "iron ore", "iron": "iron", "coal": "coal",
    "oil": "oil", "petroleum": "oil", "grain": "grain", "wheat": "wheat", "rice": "rice", "cotton": "cotton",
    "cement": "cement", "fertiliser": "fertiliser", "fertilizer": "fertiliser", "harvest": "harvest",
    "agricultural goods": "agricultural goods", "agricultural products": "agricultural goods",
}
DEFAULT_COUNT_NOUNS = ("agricultural collectives", "collectives", "people’s communes", "people's communes",
                       "communes", "households", "cooperatives", "collective farms", "state farms",
                       "factories", "enterprises", "tractors", "workers", "peasants")
LOOKBACK = 8
_MULTIPLIER = {"thousand": Decimal(1000), "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9, None: Decimal(1)}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WEIGHT = re.compile(
    rf"(?<![\w.,])(?P<a>{_NUMBER})(?:\s*[-–]\s*(?P<b>{_NUMBER}))?"
    r"\s+(?:(?P<mult>thousand|million|billion)\s+)?(?P<unit>tons|ton|tonnes|tonne)\b")
_BLOCKED = frozenset(NAME_TAGS | DATE_TAGS | MEASURE_TAGS | {"choice"})
_DIGIT = re.compile(r"\d")
#: Where a number can begin: a digit with no word character, point or comma before it (checked behind the
#: digit, so that the regex engine skips through text to the next digit).
_NUMBER_START = re.compile(r"\d(?<![\w.,]\d)")


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _plain(value: Decimal) -> str:
    value = value.normalize()
    text = format(value, "f")
    return text


def tag_measures(root, editorial: dict, *, editorial_path: str | None = None, line_of=None) -> list[dict]:
    """Tag weights and counted things in every text container; returns report entries."""
    line_of = line_of or (lambda text, container=None: None)
    settings = editorial.get("measures", {})
    if not isinstance(settings, dict):
        raise ConfigError("[measures] must be a table", path=editorial_path)
    commodities = dict(DEFAULT_COMMODITIES)
    extra = settings.get("commodities", {})
    if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
        raise ConfigError("[measures.commodities] must map words to commodity names", path=editorial_path)
    commodities.update(extra)
    nouns = settings.get("count_nouns", [])
    if not isinstance(nouns, list) or not all(isinstance(n, str) for n in nouns):
        raise ConfigError("[measures] count_nouns must be a list of strings", path=editorial_path)
    nouns = sorted(set(DEFAULT_COUNT_NOUNS) | set(nouns), key=len, reverse=True)
    counted = re.compile(rf"(?<![\w.,])(?P<a>{_NUMBER})\s+(?:(?P<mult>thousand|million|billion)\s+)?"
                         rf"(?P<noun>{'|'.join(re.escape(n) for n in nouns)})\b")
    keyword = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(commodities, key=len, reverse=True))
                         + r")\b", re.I)
    report: list[dict] = []
    all_containers = containers(root)
    view_texts: dict[int, str] = {}

    def view_text(index: int) -> str:  # reading views are costly: only where a quantity needs context
        if index not in view_texts:
            view_texts[index] = ReadingView(all_containers[index]).text
        return view_texts[index]

    for position, container in enumerate(all_containers):
        if not _DIGIT.search(plain_text(container)):
            continue
        # the container's reading view, made when a quantity needs it; wrapping a text node in ``measure``
        # changes neither the view's text nor where the other text nodes start in it
        view = None
        for slot in list(slots(container, _BLOCKED)):
            text = slot.value
            if not _DIGIT.search(text):   # every quantity begins with a digit
                continue
            spans = []
            for match in (_WEIGHT.finditer(text) if "ton" in text else ()):   # tons, tonnes
                multiplier = _MULTIPLIER[match.group("mult")]
                attrs = {"unit": "t"}
                low = _number(match.group("a")) * multiplier
                if match.group("b"):
                    high = _number(match.group("b")) * multiplier
                    # a range is charted at its midpoint; the text keeps its bounds
                    attrs.update(type="range", quantity=_plain((low + high) / 2))
                else:
                    attrs["quantity"] = _plain(low)
                after = re.match(r"\s+of\s+(?:the\s+)?(\w[\w ]{0,30})", text[match.end():])
                following = keyword.match(after.group(1)) if after else None
                if following:
                    commodity = commodities.get(following.group(1)) or commodities.get(following.group(1).lower())
                else:   # the nearest commodity word before: this container up to here, then earlier ones
                    if view is None:
                        view = ReadingView(container)
                    before = view.text[:_offset_in_view(view, slot, match.start())]
                    earlier = (view_text(i) for i in range(position - 1, max(0, position - LOOKBACK) - 1, -1))
                    commodity = _nearest(keyword, itertools.chain([before], earlier), commodities)
                if commodity:
                    attrs["commodity"] = commodity
                else:
                    report.append({"kind": "measure", "line": line_of(match.group(0), container),
                                   "message": f"{match.group(0)!r}: commodity not found nearby; "
                                              "add its word to [measures.commodities]"})
                spans.append((match.start(), match.end(), make("measure", attrs)))
            for match in matches_at(counted, text, [found.start() for found in _NUMBER_START.finditer(text)]):
                if any(s < match.end() and match.start() < e for s, e, _ in spans):
                    continue
                value = _number(match.group("a")) * _MULTIPLIER[match.group("mult")]
                spans.append((match.start(), match.end(), make("measure", {
                    "quantity": _plain(value), "unit": "count",
                    "commodity": match.group("noun").replace("'", "’")})))
            wrap(slot, sorted(spans, key=lambda s: s[0]))
    return report


def _offset_in_view(view: ReadingView, slot, offset: int) -> int:
    for piece in view.pieces:
        if piece.slot == slot:
            return piece.start + offset
    return len(view.text)


def _nearest(keyword: re.Pattern, texts_backwards, commodities: dict[str, str]) -> str | None:
    """The commodity of the last keyword in the first of ``texts_backwards`` (nearest first) that has one."""
    for text in texts_backwards:
        found = list(keyword.finditer(text))
        if found:
            word = found[-1].group(1)
            return commodities.get(word) or commodities.get(word.lower())
    return None
