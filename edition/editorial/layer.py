"""The editorial layer: the register, corrections, notes, names, dates, quantities and quotations on a TEI tree.

The converter calls ``apply_editorial_layer`` on the TEI it built from the bare text. The passes run in
a fixed order, each on what the previous ones left:

1. corrections and regularisations (``choice``), then editorial notes — anchored to phrases as written,
   so they run while the text is closest to the source;
2. quotations (``soCalled``, ``mentioned``, ``q``);
3. names (``persName``/``placeName``/``orgName``/``name[@type=event]`` with ``@ref``);
4. dates and times; 5. quantities (``measure``);
6. the header: the register entries the document uses (``sourceDesc/listPerson|listPlace|listOrg|
   listEvent``), details for the participants in ``particDesc``, and ``@ref`` on the header's names.

Nothing here reads or changes the source transcript; the editorial file and the register say it all.
"""

from __future__ import annotations

import re

from collections import Counter
from pathlib import Path

from .corrections import Anchors, apply_choice, apply_note, interventions, read_source_text
from .dates import tag_dates
from ..errors import ConfigError
from .linking import link_header_names, link_names
from .measures import tag_measures
from .quotes import tag_quotes
from .register import LIST_ELEMENT, Entry, Register, table_lines
from .textnodes import XML_ID, ReadingView, local, make, phrase_pattern, tei

EDITOR_ID = "editor"
_KNOWN_TABLES = {"correction", "regularisation", "regularization", "note", "date", "dates", "quotes", "measures"}


def apply_editorial_layer(root, *, register: Register | None, editorial: dict | None, source_name: str | None,
                          editorial_path: str | None = None, source_text: str | None = None) -> list[dict]:
    """Apply the editorial layer to ``root`` in place; returns report entries (kind, line, message).

    ``editorial`` is the parsed editorial file (its ``[[correction]]``, ``[[note]]``, ``[dates]``, … tables);
    ``editorial_path`` (default: the ``.toml`` beside ``source_name``) is named in error messages;
    ``source_text`` is the decoded transcript (for source line numbers in the report).
    Raises ``ConfigError`` for a stale or ambiguous anchor or a malformed entry.
    """
    editorial = editorial or {}
    transcript = source_name
    if source_name and Path(source_name).suffix == ".toml":
        # named by its editorial file: the transcript is the .txt beside it
        editorial_path = editorial_path or source_name
        transcript = str(Path(source_name).with_suffix(".txt"))
    if editorial_path is None and source_name:
        candidate = Path(source_name).with_suffix(".toml")
        editorial_path = str(candidate) if candidate.is_file() else None
    lines = table_lines(editorial_path)
    if source_text is None:  # the converter passes the text it decoded; read it only when called alone
        source_text = read_source_text(transcript)
    report: list[dict] = []

    starts: dict[int, int] = {}

    def line_of(phrase: str, container=None) -> int | None:
        """The source line of ``phrase``, searched from where ``container``'s text starts in the source."""
        if not source_text:
            return None
        begin = 0
        if container is not None:
            key = id(container)
            if key not in starts:
                words = ReadingView(container).text.split()[:8]
                found = phrase_pattern(" ".join(words)).search(source_text) if words else None
                starts[key] = found.start() if found else 0
            begin = starts[key]
        match = phrase_pattern(phrase).search(source_text, begin) or phrase_pattern(phrase).search(source_text)
        return source_text.count("\n", 0, match.start()) + 1 if match else None

    items = interventions(editorial, lines, editorial_path)
    if items or register is not None:
        _ensure_editor(root)
    anchors = Anchors(root, editorial_path=editorial_path, source_text=source_text)
    for item in items:
        if item.table in ("correction", "regularisation"):
            report.extend(apply_choice(anchors, item))
    number = 1
    for item in items:
        if item.table == "note":
            added = apply_note(anchors, item, number)
            number += len(added)
            report.extend(added)
    _renumber_notes(root)
    report.extend(tag_quotes(root, editorial, editorial_path=editorial_path))
    used: Counter = Counter()
    if register is not None:
        used, linked = link_names(root, register, line_of=line_of)
        report.extend(linked)
    report.extend(tag_dates(root, editorial, editorial_path=editorial_path, line_of=line_of,
                            date_lines=lines.get("date", [])))
    report.extend(tag_measures(root, editorial, editorial_path=editorial_path, line_of=line_of))
    if register is not None:
        used.update(link_header_names(root, register))
        _enrich_participants(root, register)
        _add_register_lists(root, register, used)
        report.append({"kind": "names", "line": None,
                       "message": f"{sum(used.values())} names tagged for {len(used)} register entries"})
    return report


# ---------------------------------------------------------------------- header

def _header_part(root, *path: str):
    node = root
    for name in path:
        child = node.find(tei(name))
        if child is None:
            return None
        node = child
    return node


def _ensure_editor(root) -> None:
    """Interventions carry ``@resp="#editor"``: make sure the header declares that editor."""
    for resp in root.iter(tei("respStmt")):
        if resp.get(XML_ID) == EDITOR_ID:
            return
    title_stmt = _header_part(root, "teiHeader", "fileDesc", "titleStmt")
    if title_stmt is None:
        raise ConfigError("the TEI has no teiHeader/fileDesc/titleStmt to declare the editor in")
    resp_stmt = make("respStmt", {"xml:id": EDITOR_ID})
    resp_stmt.append(make("resp", None, "Editorial interventions"))
    resp_stmt.append(make("name", None, "The editors of this edition"))
    title_stmt.append(resp_stmt)


def _renumber_notes(root) -> None:
    notes = [n for n in root.iter(tei("note")) if (n.get(XML_ID) or "").startswith("ednote-")]
    for number, note in enumerate(notes, 1):
        note.set(XML_ID, f"ednote-{number}")
        note.set("n", str(number))


def _describe(parent, entry: Entry, *, with_name: bool) -> None:
    """Append the register's facts about ``entry`` to a ``person``/``place``/``org``/``event`` element."""
    kind = entry.kind
    if kind == "event":
        if entry.start:
            parent.set("from", entry.start)
        if entry.end:
            parent.set("to", entry.end)
        for system, value in entry.authorities():
            parent.append(make("idno", {"type": system}, value))
        parent.append(make("label", None, entry.name))
        if entry.description:
            parent.append(make("desc", None, entry.description))
        if entry.note:
            parent.append(make("note", {"type": "editorial", "resp": "#" + EDITOR_ID}, entry.note))
        return
    if with_name:
        parent.append(make(entry.name_element, {"type": "preferred"}, entry.name))
    for form in entry.forms:
        if form != entry.name:
            parent.append(make(entry.name_element, {"type": "variant"}, form))
    if kind == "person":
        if entry.birth:
            parent.append(make("birth", {"when": entry.birth}))
        if entry.death:
            parent.append(make("death", {"when": entry.death}))
        if entry.description:
            parent.append(make("note", {"resp": "#" + EDITOR_ID}, entry.description))
    elif entry.description:
        parent.append(make("desc", None, entry.description))
    for system, value in entry.authorities():
        parent.append(make("idno", {"type": system}, value))
    if entry.note:
        parent.append(make("note", {"type": "editorial", "resp": "#" + EDITOR_ID}, entry.note))


def _sort_key_value(entry: Entry) -> str:
    """The register's sort key as a TEI ``sortKey`` (one word: white space is written ``_``)."""
    return re.sub(r"\s+", "_", entry.sort or entry.name)


def _enrich_participants(root, register: Register) -> None:
    """Add the register's facts to the participants the converter listed in ``particDesc``."""
    for person in root.iterfind(".//{*}particDesc//{*}person"):
        entry = register.get(person.get(XML_ID) or "")
        if entry is None or entry.kind != "person":
            continue
        has_name = any(local(child) == "persName" for child in person)
        names = {"".join(child.itertext()).strip() for child in person if local(child) == "persName"}
        if not has_name:
            person.append(make("persName", {"type": "preferred"}, entry.name))
        elif entry.name not in names:
            person.append(make("persName", {"type": "preferred"}, entry.name))
        names.add(entry.name)
        extra = Entry(**{**entry.__dict__, "forms": tuple(f for f in entry.forms if f not in names)})
        _describe(person, extra, with_name=False)
        person.set("sortKey", _sort_key_value(entry))


def _add_register_lists(root, register: Register, used: Counter) -> None:
    """The register entries this document names, in ``sourceDesc`` lists (participants stay in particDesc)."""
    source_desc = _header_part(root, "teiHeader", "fileDesc", "sourceDesc")
    if source_desc is None:
        raise ConfigError("the TEI has no teiHeader/fileDesc/sourceDesc for the register")
    for old in source_desc.findall("*"):
        if old.get("type") == "register":
            source_desc.remove(old)
    ids_in_document = {el.get(XML_ID) for el in root.iter() if el.get(XML_ID)}
    wanted = [e for e in register if used.get(e.id) and e.id not in ids_in_document]
    referenced = {(el.get("ref") or "")[1:] for el in root.iter() if (el.get("ref") or "").startswith("#")}
    named = set(wanted)
    wanted += [e for e in register if e.id in referenced and e.id not in ids_in_document and e not in named]
    wanted_set = set(wanted)
    for kind in ("person", "place", "org", "event"):
        entries = [e for e in register if e in wanted_set and e.kind == kind]
        if not entries:
            continue
        listing = make(LIST_ELEMENT[kind], {"type": "register"})
        for entry in entries:
            element = make(kind, {"xml:id": entry.id, "sortKey": _sort_key_value(entry)})
            _describe(element, entry, with_name=True)
            listing.append(element)
        source_desc.append(listing)

