"""The editor's interventions anchored to phrases: corrections, regularisations and notes.

The editorial file beside a source lists them (see ``docs/editorial.md``)::

    [[correction]]                  # a slip of the source: <choice><sic>…</sic><corr resp="#editor">…</corr></choice>
    sic = "Czecholsovakia"
    corr = "Czechoslovakia"
    context = "Poland and Czecholsovakia"   # optional: a longer phrase around sic that says where
    occurrence = 1                          # optional: which of several matches (1-based); or all = true

    [[regularisation]]              # a spelling made regular: <choice><orig>…</orig><reg resp="#editor">…</reg></choice>
    orig = "Sophia"
    reg = "Sofia"

    [[note]]                        # an editorial note placed right after its anchor phrase
    anchor = "Minister of Defense, Zhu De"
    text = "Zhu De was not Minister of Defense in 1958 …"

An anchor is a phrase as it is written in the source (brackets and parentheses included, white space
free); it must match exactly one place of the body, or ``occurrence``/``all`` must say which. An anchor
that matches nothing, or several places without saying which, is an error that names the editorial file
and the entry: editorial decisions never go silently stale.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from .textnodes import ReadingView, containers, insert_at, local, make, phrase_pattern, tei, wrap

EDITOR = "#editor"


@dataclass
class Intervention:
    """One ``[[correction]]``, ``[[regularisation]]`` or ``[[note]]`` entry of the editorial file."""

    table: str          # "correction" | "regularisation" | "note"
    index: int          # 0-based position among entries of its table
    data: dict
    line: int | None    # line of its [[table]] header in the editorial file

    @property
    def label(self) -> str:
        key = {"correction": "sic", "regularisation": "orig"}.get(self.table, "anchor")
        value = self.data.get(key)
        return f"[[{self.table}]] #{self.index + 1}" + (f" ({key} = {value!r})" if isinstance(value, str) else "")


@dataclass(frozen=True)
class Hit:
    view: ReadingView
    start: int
    end: int
    free: bool          # False when the phrase lies inside markup that must not be re-encoded


class Anchors:
    """Finds editors' phrases in the body and turns failures into one-line errors."""

    def __init__(self, root, *, editorial_path: str | None, source_text: str | None) -> None:
        self.root = root
        self.editorial_path = editorial_path
        self.source_text = source_text
        # the text containers stay the same while entries are applied (markup goes inside them);
        # the plain text of each is kept until an entry changes that container (``changed``)
        # the body's containers, then the archive's summary in the header (its slips are edited too)
        self._containers = containers(root) + root.findall(f"./{tei('teiHeader')}/{tei('profileDesc')}/"
                                                           f"{tei('abstract')}/{tei('p')}")
        self._texts: list[str] = [""] * len(self._containers)   # by position in ``_containers``
        self._stale: set[int] = set(range(len(self._containers)))  # positions whose text is to be read
        self._positions: dict[int, list[int]] = {}
        for position, container in enumerate(self._containers):
            self._positions.setdefault(id(container), []).append(position)
        self._views: dict[int, ReadingView] = {}   # likewise the reading view of each container

    def _plain_texts(self) -> list[str]:
        """The plain text of every container, by position (read again where an entry changed one)."""
        for position in self._stale:
            self._texts[position] = "".join(self._containers[position].itertext())
        self._stale.clear()
        return self._texts

    def _view(self, container) -> ReadingView:
        key = id(container)
        if key not in self._views:
            self._views[key] = ReadingView(container)
        return self._views[key]

    def changed(self, container) -> None:
        """Say that an entry changed ``container``: its text and view are read again by the next ``find``."""
        self._stale.update(self._positions.get(id(container), ()))
        self._views.pop(id(container), None)

    def views(self) -> list[ReadingView]:
        return [ReadingView(c) for c in containers(self.root)]

    def find(self, phrase: str) -> list[Hit]:
        hits = []
        pattern = phrase_pattern(phrase)
        # a container can only hold the phrase if its text has the phrase's longest word: build the
        # reading view (the costly part) only for those
        words = re.findall(r"\w+", phrase)
        longest = max(words, key=len) if words else ""
        candidates = [c for c, text in zip(self._containers, self._plain_texts()) if longest in text]
        for view in (self._view(c) for c in candidates):
            for match in pattern.finditer(view.text):
                hits.append(Hit(view, match.start(), match.end(), _free(view, match.start(), match.end())))
        return hits

    def source_lines(self, phrase: str) -> list[int]:
        """Lines of the source transcript where ``phrase`` is written (for messages)."""
        if not self.source_text:
            return []
        pattern = phrase_pattern(phrase)
        return [self.source_text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(self.source_text)]

    def fail(self, item: Intervention, message: str) -> ConfigError:
        return ConfigError(f"{item.label}: {message}", path=self.editorial_path, line=item.line)

    def select(self, item: Intervention, phrase: str, hits: list[Hit]) -> list[Hit]:
        """The hits an entry means: exactly one, the ``occurrence``-th, or ``all``."""
        free = [h for h in hits if h.free]
        if not free:
            if hits:
                return []   # only inside markup the converter already wrote (e.g. a corrected label)
            raise self.fail(item, f"anchor {phrase!r} matches nothing in the text: "
                                  "the source or the entry changed; correct the phrase or remove the entry")
        occurrence = item.data.get("occurrence")
        if item.data.get("all") is True:
            return free
        if occurrence is not None:
            if not isinstance(occurrence, int) or not 1 <= occurrence <= len(free):
                raise self.fail(item, f"occurrence must be a number from 1 to {len(free)}")
            return [free[occurrence - 1]]
        if len(free) > 1:
            lines = self.source_lines(phrase)
            where = f" (source lines {', '.join(map(str, lines))})" if lines else ""
            raise self.fail(item, f"anchor {phrase!r} matches {len(free)} places{where}: "
                                  "make it longer, or set occurrence = N or all = true")
        return free


def _free(view: ReadingView, start: int, end: int) -> bool:
    piece = view.piece_at(start)
    if piece is None:
        return False
    node = piece.slot.parent if piece.slot is not None else piece.element
    while node is not None and node is not view.container:
        if local(node) in ("choice", "sic", "corr", "orig", "reg"):
            return False
        node = node.getparent()
    return True


# ---------------------------------------------------------------------- reading the entries

def interventions(editorial: dict, lines: dict[str, list[int]], editorial_path: str | None) -> list[Intervention]:
    """The entries of the editorial file, checked for their keys, in file order per table."""
    result = []
    aliases = {"regularization": "regularisation"}
    for table in ("correction", "regularisation", "regularization", "note"):
        items = editorial.get(table, [])
        name = aliases.get(table, table)
        if not isinstance(items, list):
            raise ConfigError(f"{table} must be written [[{table}]]", path=editorial_path)
        for index, data in enumerate(items):
            table_lines = lines.get(table, [])
            line = table_lines[index] if index < len(table_lines) else None
            item = Intervention(name, index, data if isinstance(data, dict) else {}, line)
            _check_keys(item, editorial_path)
            result.append(item)
    return result


_REQUIRED = {"correction": ("sic", "corr"), "regularisation": ("orig", "reg"), "note": ("anchor", "text")}
_OPTIONAL = {"context", "occurrence", "all", "reason", "type"}


def _check_keys(item: Intervention, editorial_path: str | None) -> None:
    required = _REQUIRED[item.table]
    for key in required:
        value = item.data.get(key)
        if not isinstance(value, str) or (not value.strip() and key != "corr"):
            raise ConfigError(f"{item.label}: {key} (a non-empty string) is required",
                              path=editorial_path, line=item.line)
    unknown = sorted(set(item.data) - set(required) - _OPTIONAL)
    if unknown:
        raise ConfigError(f"{item.label}: unknown key(s) {', '.join(unknown)}", path=editorial_path,
                          line=item.line)


# ---------------------------------------------------------------------- applying them

def apply_choice(anchors: Anchors, item: Intervention) -> list[dict]:
    """Apply a correction or a regularisation; returns report entries."""
    if item.table == "correction":
        source_el, target_el, phrase, target = "sic", "corr", item.data["sic"], item.data["corr"]
    else:
        source_el, target_el, phrase, target = "orig", "reg", item.data["orig"], item.data["reg"]
    context = item.data.get("context")
    if context is not None and (not isinstance(context, str) or not phrase_pattern(phrase).search(context)):
        raise anchors.fail(item, f"context must be a phrase that contains {phrase!r}")
    anchor = context or phrase
    hits = anchors.select(item, anchor, anchors.find(anchor))
    if not hits:
        return [{"kind": item.table, "line": _first(anchors.source_lines(phrase)),
                 "message": f"{phrase!r} is already encoded (e.g. in a speaker label); entry not applied again"}]
    report = []
    # apply from the last hit backwards so that earlier offsets stay valid
    for hit in sorted(hits, key=lambda h: (id(h.view.container), h.start), reverse=True):
        start, end = hit.start, hit.end
        if context:
            inner = phrase_pattern(phrase).search(hit.view.text, start, end)
            start, end = inner.start(), inner.end()
        located = hit.view.single_slot(start, end)
        if located is None:
            raise anchors.fail(item, f"{phrase!r} crosses other markup (a bracket, a stage direction or a name); "
                                     "correct a phrase that lies within plain text")
        slot, s, e = located
        anchors.changed(hit.view.container)
        choice = make("choice")
        old = make(source_el)
        new = make(target_el, {"resp": EDITOR}, target or None)
        choice.append(old)
        choice.append(new)
        wrap(slot, [(s, e, old)])
        # ``wrap`` put the sic/orig element where the phrase was: move it into the choice
        parent = old.getparent()
        index = parent.index(old)
        choice.tail, old.tail = old.tail, None
        parent.remove(old)
        choice.insert(0, old)
        parent.insert(index, choice)
        report.append({"kind": item.table, "line": _first(anchors.source_lines(anchor)),
                       "message": f"{source_el} {phrase!r} → {target_el} {target!r}"})
    return report


def apply_note(anchors: Anchors, item: Intervention, number: int) -> list[dict]:
    phrase = item.data["anchor"]
    hits = anchors.select(item, phrase, anchors.find(phrase))
    if not hits:
        raise anchors.fail(item, f"anchor {phrase!r} lies only inside corrected text; anchor the note elsewhere")
    report = []
    for offset, hit in enumerate(sorted(hits, key=lambda h: (id(h.view.container), h.start), reverse=True)):
        note = make("note", {"type": item.data.get("type", "editorial"), "resp": EDITOR,
                             "xml:id": f"ednote-{number + len(hits) - 1 - offset}"},
                    " ".join(item.data["text"].split()))
        insert_at(hit.view.insertion_point(hit.end), note)
        anchors.changed(hit.view.container)
        report.append({"kind": "note", "line": _first(anchors.source_lines(phrase)),
                       "message": f"editorial note after {phrase!r}"})
    return report


def _first(lines: list[int]) -> int | None:
    return lines[0] if lines else None


def read_source_text(source_name: str | None) -> str | None:
    if not source_name:
        return None
    try:
        return Path(source_name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None

