"""The document model: what a transcript says, before any XML.

The classifier (``classify.py``) fills these from the source text; ``tei.py``
turns them into TEI. Every block remembers where it came from in the source
(``Origin``), so that the conversion report and error messages can point there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

#: Closed list of ``stage/@type`` values the converter writes.
STAGE_TYPES = ("time", "laughter", "silence", "applause", "delivery", "action")
#: Closed list of ``supplied/@reason`` values.
SUPPLIED_REASONS = ("implied", "clarification")


@dataclass(frozen=True)
class Origin:
    """Where a piece of the model starts in the source: 1-based line and column."""

    line: int
    column: int = 1


# ---------------------------------------------------------------- inline content

@dataclass(frozen=True)
class Stage:
    """A stage direction written in parentheses: ``(Laughter)``."""

    type: str
    content: tuple["Inline", ...]
    origin: Origin


@dataclass(frozen=True)
class Supplied:
    """Words in square brackets that someone added to complete the sense."""

    reason: str
    resp: str
    content: tuple["Inline", ...]
    origin: Origin


@dataclass(frozen=True)
class Gloss:
    """Square brackets that explain rather than supply: ``Sophia [Bulgaria]``."""

    resp: str
    content: tuple["Inline", ...]
    origin: Origin


@dataclass(frozen=True)
class PageBreak:
    """A form feed in the source, or a page's furniture: the start of a new page."""

    origin: Origin
    n: str | None = None   # the page's number, where the source prints it


@dataclass(frozen=True)
class Timecode:
    """A position in the recording an interview was transcribed from: ``[00:12:45]``."""

    value: str            # "00:12:45"
    brackets: str         # "[]" or "()", as written; "" none; "cue": a caption cue's start, from its timing line
    origin: Origin


@dataclass(frozen=True)
class Note:
    """A note of the source, written at the end (``[1]`` in the text, ``[1] Source: …`` under "Notes"),
    put where its marker is."""

    n: str                # the marker: "1"
    text: str             # the note as written, without its marker
    origin: Origin


@dataclass(frozen=True)
class Mark:
    """A transcriber's mark in brackets, by its role (``conventions/brackets.py``): ``[inaudible]`` a
    gap, ``[crosstalk]`` an incident, ``[laughs]`` a vocal sound, ``[Nolton?]`` words heard with doubt."""

    element: str          # gap | unclear | incident | vocal
    reason: str | None    # gap/@reason, unclear/@reason
    text: str             # the words inside the brackets, as written
    brackets: str         # "[]" or "()"
    resp: str             # who made the mark (transcriber, translator, editor)
    rule: str             # the role's name
    origin: Origin


Inline = Union[str, Stage, Supplied, Gloss, PageBreak, Timecode, Note, Mark]


# ---------------------------------------------------------------- blocks

@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text (speech or narrative)."""

    content: tuple[Inline, ...]
    origin: Origin
    number: int  # the source paragraph number


@dataclass(frozen=True)
class ListItem:
    content: tuple[Inline, ...]
    origin: Origin
    number: int
    marker: str  # as written, e.g. "-"


@dataclass(frozen=True)
class ItemList:
    """Consecutive paragraphs starting with a dash."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class StageBlock:
    """A paragraph that is only a stage direction."""

    stage: Stage
    tail: str  # text after the closing parenthesis, e.g. "."
    number: int


@dataclass(frozen=True)
class Label:
    """A speaker label as written, and what the editor made of it."""

    text: str                    # as written, without the colon: "Cde. Efremeov"
    who: str                     # participant id: "efremov"
    corrected: str | None = None  # the label with a slip corrected: "Cde. Efremov"
    stage: Stage | None = None    # "(after the translation ended)"
    separator: str = ":"          # the colon and the spaces after it, as written
    origin: Origin = Origin(1)
    timecode: "Timecode | None" = None  # "[00:12:45] INTERVIEWER:": where the turn starts in the recording
    supplied: bool = False        # "[Clifford:]": the label was supplied in brackets by the source's editors


@dataclass(frozen=True)
class Continuation:
    """A label such as "Mao Zedong continues:" inside a speaker's turn."""

    label: Label


SpeechBlock = Union[Paragraph, ItemList, StageBlock, Continuation]


@dataclass
class Turn:
    """A speaker's turn: the label, then paragraphs until someone else speaks."""

    label: Label
    blocks: list[SpeechBlock]
    first_content: tuple[Inline, ...]  # text on the label's own line
    label_alone: bool = False          # the label is a paragraph of its own; the speech follows


@dataclass(frozen=True)
class Narrative:
    """The recorder's own words, outside any speech."""

    paragraph: Paragraph


@dataclass(frozen=True)
class Closer:
    """A closing signature: "Recorded by Vl. Rogov."."""

    text: str          # whole line as written
    role: str          # "recorder"
    name: str          # "Vl. Rogov"
    name_start: int    # offset of the name in ``text``
    origin: Origin
    number: int


@dataclass(frozen=True)
class Head:
    """The heading of the record, possibly written over several paragraphs."""

    lines: tuple[str, ...]
    origin: Origin
    numbers: tuple[int, ...]


BodyBlock = Union[Head, StageBlock, Narrative, Turn, Closer, ItemList]


# ---------------------------------------------------------------- header facts

@dataclass(frozen=True)
class Person:
    """A participant of the conversation (``particDesc``)."""

    id: str
    name: str
    role: str = "participant"   # participant | speaker | recorder | translator
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArchivalSource:
    """An archival citation such as "GARF f. 9576, op. 18, 1958, d. 26, l. 312-322"."""

    citation: str
    repository_abbr: str
    repository: str
    settlement: str | None
    country: str | None
    fond: str | None
    opis: str | None
    year: str | None
    delo: str | None
    folios: tuple[str, str] | None


@dataclass(frozen=True)
class SetAside:
    """Source text not encoded in the body, and why."""

    number: int
    origin: Origin
    text: str
    reason: str
    destination: str | None = None  # header field it went to, if any


@dataclass
class Document:
    """Everything the converter knows about one transcript."""

    id: str
    source_path: str
    title: str | None = None
    subtitle: str | None = None
    date: str | None = None          # ISO date of the conversation
    date_text: str | None = None     # as written
    time_from: str | None = None     # "21:30"
    time_to: str | None = None
    place: str | None = None
    funder: str | None = None
    translator: str | None = None
    recorder: str | None = None
    transcriber: str | None = None
    notes: dict[str, str] = field(default_factory=dict)   # the source's own notes, by marker
    archival_source: ArchivalSource | None = None
    abstract: list[str] = field(default_factory=list)
    rights: list[str] = field(default_factory=list)
    header_notes: list[str] = field(default_factory=list)  # other "KEY: value" lines of a record's header
    participants: list[Person] = field(default_factory=list)
    body: list[BodyBlock] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    encoding: str = "utf-8"
    bracket_resp: str = "translator"
    line_breaks: bool = False      # lines broken inside paragraphs (a hard-wrapped transcript)
    line_end_hyphens: int = 0      # of which ending in a hyphen before a lower-case letter
    captions: str | None = None    # a caption file's format ("WebVTT", "SubRip"), else None
    #: how the transcript's speaker labels end, for the editorial declaration: "colon", "period", "tab",
    #: "dash" or "line" (a name alone on the line above the speech)
    label_marks: tuple[str, ...] = ()

    def participant(self, pid: str) -> Person | None:
        return next((p for p in self.participants if p.id == pid), None)
