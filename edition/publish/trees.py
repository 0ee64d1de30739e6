"""Small edits of lxml trees that the publishing stages share."""

from __future__ import annotations

from lxml import etree


def remove_keeping_tail(element: etree._Element) -> None:
    """Take ``element`` out of its parent; the text after it stays where it was."""
    parent, tail, previous = element.getparent(), element.tail, element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
