"""What a reader can read: the words of a TEI document's text against the words of its page.

The words of a document are those of ``text``, ``sourceDoc``, ``msDesc`` and ``correspDesc``
(wherever they stand), the words of a page those of its HTML without scripts and styles.
Both are multisets of ``\\w+`` tokens; ``coverage`` is the share of the document's words found
on the page (each occurrence counted once). The benchmark and the tests share this.
"""

from __future__ import annotations

import re
from collections import Counter

import lxml.html
from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
PARTS = ("text", "sourceDoc", "msDesc", "correspDesc", "surface")
_WORD = re.compile(r"\w+")


def words(text: str) -> Counter:
    return Counter(w.casefold() for w in _WORD.findall(text))


def _outermost(root: etree._Element) -> list[etree._Element]:
    found = []
    for el in root.iter(*(f"{{{TEI_NS}}}{p}" for p in PARTS)):
        if not any(a in found for a in el.iterancestors()):
            found.append(el)
    return found


def tei_words(root: etree._Element) -> Counter:
    """The words of the parts of a TEI document a reader needs."""
    total = Counter()
    for part in _outermost(root):
        total += words(" ".join(part.xpath(".//text()")))
    return total


def page_words(html: str | bytes) -> Counter:
    """The words of an HTML page, scripts and styles left out."""
    doc = lxml.html.fromstring(html.encode("utf-8") if isinstance(html, str) else html)
    for el in doc.xpath("//script | //style | //head"):
        el.drop_tree()
    return words(" ".join(doc.xpath("//text()")))


def coverage(expected: Counter, found: Counter) -> float:
    """Share of the expected words (with their counts) that are found."""
    need = sum(expected.values())
    if need == 0:
        return 1.0
    return sum(min(n, found[w]) for w, n in expected.items()) / need


def missing(expected: Counter, found: Counter, limit: int = 12) -> list[tuple[str, int]]:
    """The words most often missing from the page."""
    gap = Counter({w: n - found[w] for w, n in expected.items() if n > found[w]})
    return gap.most_common(limit)
