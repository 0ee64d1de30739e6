"""TEI → the reading text as received: the check that conversion lost and added nothing.

Puts back what the converter took away (labels and their colons, parentheses around stage directions,
brackets around supplied words and glosses) and leaves out what the editors added (corrections,
regularisations, editorial notes and supplied words with ``@resp="#editor"``), so that the result can
be compared word for word with the source.
"""

from __future__ import annotations

from lxml import etree

from .. import TEI_NS

T = f"{{{TEI_NS}}}"
EDITOR_ADDITIONS = {T + "corr", T + "reg", T + "expan", T + "ex"}


def reading_paragraphs(root: etree._Element) -> list[str]:
    """The body of a TEI document as the paragraphs of the source, in order."""
    body = root.find(f"{T}text/{T}body")
    if body is None:
        return []
    paragraphs: list[str] = []
    for div in body.iter(T + "div"):
        for block in div:
            _block(block, paragraphs)
    return paragraphs


def reading_text(root: etree._Element) -> str:
    """The reading text as one string, paragraphs separated by blank lines."""
    return "\n\n".join(reading_paragraphs(root)) + "\n"


def _block(node, out: list[str]) -> None:
    tag = node.tag
    if tag == T + "head":
        out.extend(_lines(node))
    elif tag == T + "sp":
        _turn(node, out)
    elif tag == T + "closer":
        out.extend(_inline(child).strip() for child in node)
    elif tag == T + "list":
        out.extend((item.get("n") or "") + _inline_content(item) for item in node.findall(T + "item"))
    elif tag in (T + "p", T + "stage", T + "ab"):
        out.append(_inline(node).strip())


def _lines(node) -> list[str]:
    lines, current = [], [node.text or ""]
    for child in node:
        if child.tag == T + "lb":
            lines.append("".join(current).strip())
            current = [child.tail or ""]
        else:
            current.append(_inline(child))
            current.append(child.tail or "")
    lines.append("".join(current).strip())
    return lines


def _turn(sp, out: list[str]) -> None:
    label = ""
    children = list(sp)
    index = 0
    timecode = ""
    if children and children[0].tag == T + "milestone":
        timecode = _inline(children[0])
        timecode += " " if timecode else ""
        children = children[1:]
    alone = bool(children) and children[0].tag == T + "speaker" and children[0].get("rend") == "own-paragraph"
    if children and children[0].tag == T + "speaker":
        label = _inline_content(children[0]).strip()
        index = 1
        if index < len(children) and children[index].tag == T + "stage" and not children[index].get("rend"):
            label += " (" + _inline_content(children[index]) + ")"
            index += 1
        label += " " if label.endswith((".", ":")) else ": "
    label = timecode + label
    if alone:
        out.append(label.rstrip())
        label = ""
    first = True
    for child in children[index:]:
        before = len(out)
        _block(child, out)
        if first and label and len(out) > before:
            out[before] = label + out[before]
        first = False
    if first and label:
        out.append(label.rstrip())


def _inline_content(node) -> str:
    parts = [node.text or ""]
    for child in node:
        parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _inline(node) -> str:
    """An element's text as received (without its tail)."""
    if not isinstance(node.tag, str):  # comments, processing instructions
        return ""
    tag = node.tag
    if tag in EDITOR_ADDITIONS or node.get("resp") == "#editor" and tag in (T + "note", T + "supplied"):
        return ""
    if tag == T + "choice":
        for preferred in ("sic", "orig", "abbr"):
            kept = node.find(T + preferred)
            if kept is not None:
                return _inline_content(kept)
        return _inline_content(node[0]) if len(node) else ""
    content = _inline_content(node)
    if tag == T + "stage":
        return content + ":" if node.get("rend") == "label" else f"({content})"
    if tag == T + "supplied" or (tag == T + "note" and node.get("type") == "gloss"):
        return f"[{content}]"
    if tag == T + "note" and node.get("type") == "original":
        return f"[{node.get('n', '')}]"   # the note itself is in the source's notes section
    if tag == T + "note":
        return ""
    if tag in (T + "gap", T + "incident", T + "vocal", T + "unclear"):
        words = "".join(node.find(T + "desc").itertext()) if node.find(T + "desc") is not None else content
        return ("({})" if node.get("rend") == "parentheses" else "[{}]").format(words)
    if tag == T + "pb":
        return "\f"
    if tag == T + "milestone" and node.get("unit") == "timecode":
        # a caption cue's start stands in the cue's timing line, not in the text ("cue")
        return {"parentheses": "({})", "plain": "{}", "cue": ""}.get(node.get("rend"), "[{}]").format(node.get("n", ""))
    return content
