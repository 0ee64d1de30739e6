"""Entity linking: every register form in the body becomes ``persName``/``placeName``/``orgName``/``name``.

Rules (``docs/editorial.md``):

* the longest form wins ("Politburo CC of the CCP" before "CCP"); a form never matches inside a longer
  word ("Korean" is not "Korea", "Leninism" is not "Lenin");
* names are tagged in paragraphs, list items, heads, speaker labels, stage directions, closers, and inside
  ``supplied``, gloss notes, editorial notes, ``q`` and ``soCalled``; never inside another name, a date,
  a measure or the readings of a ``choice``;
* a ``choice`` whose corrected or regular reading is a form is wrapped whole (``Cde. <persName><choice>
  <sic>Efremeov</sic><corr>Efremov</corr></choice></persName>``);
* a name element the converter wrote without ``@ref`` (``<persName>Vl. Rogov</persName>``) gets one;
* a form that two entries share and ``[register.resolve]`` does not settle is left untagged and reported.
"""

from __future__ import annotations

from collections import Counter

from .register import Register
from .textnodes import DATE_TAGS, MEASURE_TAGS, NAME_TAGS, containers, local, make, plain_text, slots, tei, wrap

_BLOCKED = frozenset(NAME_TAGS | DATE_TAGS | MEASURE_TAGS | {"choice"})


def link_names(root, register: Register, *, line_of=None) -> tuple[Counter, list[dict]]:
    """Tag every register form in the body; returns how often each entry was tagged, and report entries."""
    used: Counter = Counter()
    report: list[dict] = []
    line_of = line_of or (lambda text, container=None: None)
    for container in containers(root):
        _link_choices(container, register, used)
        _link_bare_names(container, register, used)
        if not register.may_name(plain_text(container)):
            continue
        for slot in list(slots(container, _BLOCKED)):
            spans = []
            for match in register.find(slot.value):
                entry = match.entry
                if entry is None:
                    report.append({
                        "kind": "ambiguous-name", "line": line_of(match.form, container),
                        "message": f"{match.form!r} may be any of {', '.join(e.id for e in match.entries)}: "
                                   "not tagged; settle it in [register.resolve]",
                    })
                    continue
                spans.append((match.start, match.end, _name_element(entry)))
                used[entry.id] += 1
            wrap(slot, spans)
    return used, report


def _name_element(entry):
    attrs = {"ref": "#" + entry.id}
    if entry.kind == "event":
        attrs = {"type": "event", "ref": "#" + entry.id}
    return make(entry.name_element, attrs)


def _link_choices(container, register: Register, used: Counter) -> None:
    for choice in list(container.iter(tei("choice"))):
        if any(local(a) in NAME_TAGS for a in choice.iterancestors()):
            continue
        reading = None
        for child in choice:
            if local(child) in ("corr", "reg", "expan"):
                reading = "".join(child.itertext()).strip()
        if not reading:
            continue
        matches = register.find(reading)
        if len(matches) != 1 or matches[0].entry is None or (matches[0].start, matches[0].end) != (0, len(reading)):
            continue
        entry = matches[0].entry
        name = _name_element(entry)
        parent = choice.getparent()
        index = parent.index(choice)
        name.tail, choice.tail = choice.tail, None
        parent.remove(choice)
        name.append(choice)
        parent.insert(index, name)
        used[entry.id] += 1


def _link_bare_names(container, register: Register, used: Counter) -> None:
    for el in container.iter(tei("persName"), tei("placeName"), tei("orgName")):
        if el.get("ref") or len(el):
            continue
        text = " ".join("".join(el.itertext()).split())
        matches = register.find(text)
        if len(matches) == 1 and matches[0].entry is not None and matches[0].end - matches[0].start == len(text):
            entry = matches[0].entry
            if entry.name_element == local(el):
                el.set("ref", "#" + entry.id)
                used[entry.id] += 1


def link_header_names(root, register: Register) -> Counter:
    """Give ``@ref`` to the translator's and recorder's names in the header's ``respStmt``s."""
    used: Counter = Counter()
    for resp in root.iter(tei("respStmt")):
        for el in resp:
            if local(el) != "persName" or el.get("ref"):
                continue
            entry = register.match_label("".join(el.itertext()))
            if entry is not None and entry.kind == "person":
                el.set("ref", "#" + entry.id)
                used[entry.id] += 1
    return used
