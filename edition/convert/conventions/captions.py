"""The ``caption-cues`` layout: a subtitle or caption file (WebVTT, SubRip) read as running text.

Recognised by its structure, never by its file name: a WebVTT file opens with the line ``WEBVTT``; a SubRip
file opens with a numbered cue (``1``, then ``00:00:01,000 --> 00:00:04,000``) and most of its blocks are
such cues. A transcript that merely contains an arrow is neither.

* The cues are joined into running text: a line break inside a cue, and the break between two cues of the
  same speaker, are spaces, not paragraph breaks. A new paragraph begins where the speaker changes, and
  where a pause of ``PAUSE_SECONDS`` or more follows a cue that ends a sentence.
* Who speaks: a WebVTT voice span (``<v Name>…</v>``, ``<v.loud Name>``) gives the name for certain; a
  cue that opens with a label (``NAME:``, ``John Smith:``) opens a turn as any label does; a broadcast
  caption's speaker-change marker ``>>`` (also ``&gt;&gt;``) and a dialogue dash (``- ``) say that someone
  else speaks, with the label after them if there is one (``>> SENATOR SMITH:``). A change with no name
  after it is attributed to no one: its text is narrative, and the classifier says so (a doubt).
* Each paragraph keeps the start of its first cue as its position in the recording (``milestone
  unit="timecode" rend="cue"``, as the other conventions' timecodes); cue numbers and identifiers,
  timing lines (their end times and settings such as ``align:start position:10%``), the header, ``NOTE``,
  ``STYLE`` and ``REGION`` blocks, the tags of the cue text (voice spans, ``<c>``, ``<i>``, ``<b>``,
  inline timestamps ``<00:00:05.000>``) and the change markers are set aside, each listed in the
  conversion report with its line. A voice span's name is written before its text as a label
  (``Name: …``), which the report's paragraph text shows.
* The escapes ``&amp;``, ``&lt;``, ``&gt;``, ``&nbsp;`` (and ``&lrm;``, ``&rlm;``) are decoded; no other
  entity is expanded (the text is untrusted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from collections import Counter

from ..paragraphs import TIMECODE, SourceParagraph
from ..source import SourceText
from .brackets import bracket_role
from .layout import Furniture, Layout
from .shapes import looks_like_name, match_label

#: A cue timing line: start, arrow, end, then the cue settings (WebVTT) or coordinates (SubRip).
#: (Microsoft Teams writes its times without leading zeros: ``0:0:0.570``.)
_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3}"
TIMING = re.compile(rf"^[ \t]*(?P<start>{_TIME})[ \t]*-->[ \t]*(?P<end>{_TIME})(?P<settings>[ \t]+\S.*?)?[ \t]*$")
_WEBVTT = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_CUE_NUMBER = re.compile(r"^[ \t]*\d+[ \t]*$")
_BLOCK_KEYWORD = re.compile(r"^(?P<kind>NOTE|STYLE|REGION)(?:[ \t].*)?$")
#: the tags of cue text (voice, class, italics, bold, underline, ruby, language, SubRip's font), an inline
#: timestamp, and the speaker-change marker of broadcast captions (as written or escaped)
_TOKEN = re.compile(r"<v(?:\.[^\s<>]*)?(?:[ \t]+(?P<voice>[^<>]*))?>|</v>|<(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}>"
                    r"|</?(?:c|i|b|u|ruby|rt|lang|font|span)(?:[.\s][^<>]*)?>|(?P<change>>>|&gt;&gt;)")
#: a name in brackets at the start of a cue, the speech after it: subtitles for the deaf and hard of hearing
#: name a speaker so ("[Alba] En 1928, …"); a sound in brackets ("[Music]", "[laughs]") is no name
#: (WhisperX writes its speakers so, with a colon: "[SPEAKER_00]: …")
_BRACKET_NAME = re.compile(r"^\[(?P<name>[^\[\]\n]{1,40})\]:?[ \t]*(?=\S)")
_DASH = re.compile(r"^(?P<dash>[-–][ \t]*)(?=[^\s-])")
_ESCAPES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": "\u00a0", "&lrm;": "\u200e", "&rlm;": "\u200f"}
_ESCAPE = re.compile("|".join(_ESCAPES))
_SENTENCE_END = re.compile(r"[.?!…\"”’)\]]\s*$")
#: a pause this long after a cue that ends a sentence opens a new paragraph (same speaker or none)
PAUSE_SECONDS = 3.0
#: at least this share of a SubRip file's blocks are cues
_SRT_MIN_CUES = 0.5

TIMECODE_DESTINATION = "milestone[@unit='timecode']/@n"


@dataclass
class Captions:
    """What the classifier must know of a caption file besides its paragraphs (by paragraph number)."""

    format: str                                            # "webvtt" or "srt"
    starts: dict[int, str] = field(default_factory=dict)   # the start of the paragraph's first cue
    #: the name that opens it for certain, and how: a voice span (``webvtt-voice``) or a bracketed name
    #: (``caption-bracket-name``)
    voices: dict[int, tuple[str, str]] = field(default_factory=dict)
    unnamed: set[int] = field(default_factory=set)         # opened by a change marker with no name after it
    cue_lines: dict[int, int] = field(default_factory=dict)  # the line of that first cue's timing
    resumed: set[int] = field(default_factory=set)         # the same speaker on after a pause: no marker
    #: where each piece of a paragraph's text stands in the file: (offset in the text, line, column)
    pieces: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)

    def source_position(self, number: int, column: int) -> tuple[int, int] | None:
        """The line and column in the file of the character at ``column`` (1-based) of paragraph ``number``
        (a paragraph joins pieces of several lines of cue text)."""
        found = [piece for piece in self.pieces.get(number, ()) if piece[0] <= column - 1]
        if not found:
            return None
        offset, line, start = found[-1]
        return line, start + column - 1 - offset


@dataclass
class _Cue:
    line: int                       # line of the timing line
    identifier: tuple[int, str] | None
    timing: str
    start: str
    seconds: float
    end_seconds: float
    text: list[tuple[int, str]]     # (line, text) of each line of the cue text


def caption_format(text: str) -> str | None:
    """``webvtt``, ``srt`` or None: what the structure of the text says it is."""
    first, _, rest = text.partition("\n")
    if _WEBVTT.match(first):
        return "webvtt" if any(TIMING.match(line) for line in rest.split("\n")) else None
    lines = text.lstrip("\n").split("\n", 2)
    if len(lines) < 2 or not _CUE_NUMBER.match(lines[0]) or not TIMING.match(lines[1]):
        return None
    blocks = _blocks(text.split("\n"))
    cues = sum(1 for block in blocks if _srt_timing_index(block) is not None)
    return "srt" if cues >= _SRT_MIN_CUES * len(blocks) else None


def caption_cues(source: SourceText) -> Layout | None:
    """The ``caption-cues`` layout unit: None unless the text is a WebVTT or SubRip file."""
    kind = caption_format(source.text)
    if kind is None:
        return None
    return _CaptionReader(kind).read(source.text.split("\n"))


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line with its 1-based number; a timing line inside a run opens a cue of
    its own (a file that left out the blank line before it), with the cue number just before it."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        if line.strip() and current and TIMING.match(line):
            timing = _srt_timing_index(current)
            if timing is not None or len(current) >= 2:
                cut = len(current)
                if timing is not None and len(current) - timing >= 3 and _CUE_NUMBER.match(current[-1][1]):
                    cut -= 1   # "…\n2\n00:00:04,000 --> …": the next cue's number
                blocks.append(current[:cut])
                current = current[cut:]
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _srt_timing_index(block: list[tuple[int, str]]) -> int | None:
    """Where a block's timing line is: first (a cue without identifier) or second (after it)."""
    for index in (0, 1):
        if index < len(block) and TIMING.match(block[index][1]):
            return index
    return None


_TAGS = re.compile(r"<[^<>\n]*>")


def _rolling_repeats(cues: list[_Cue]) -> set[int]:
    """The cues whose first line repeats the last line of the cue before, when the file is a rolling caption
    (YouTube's automatic captions: each cue shows the line before again above the new one): at least two
    of them, and at least half of the cues that follow a cue with text. Else none: a line said twice in a
    caption file that does not roll is said twice."""
    plain = [[" ".join(_TAGS.sub("", text).split()) for _, text in cue.text] for cue in cues]
    pairs = [index for index in range(1, len(cues)) if plain[index] and plain[index - 1]]
    repeats = {index for index in pairs if plain[index][0] and plain[index][0] == plain[index - 1][-1]}
    return repeats if len(repeats) >= 2 and 2 * len(repeats) >= len(pairs) else set()


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    return sum(float(part) * 60 ** index for index, part in enumerate(reversed(parts)))


def decode_escapes(text: str) -> str:
    """The escapes of cue text, and no other entity."""
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group()], text) if "&" in text else text


@dataclass
class _Paragraph:
    line: int
    start: str                       # the start of its first cue
    cue: int                         # the line of that cue's timing
    pieces: list[str]
    where: list[tuple[int, int]]     # the line and column of each piece
    voice: str | None = None         # a voice span's or bracketed name
    shape: str = "webvtt-voice"      # which
    label: str | None = None         # the label it opens with, normalised
    change: bool = False             # opened by a change marker or a dash
    resumed: bool = False            # the same speaker after a pause: no label of its own


class _CaptionReader:
    def __init__(self, kind: str):
        self.kind = kind
        self.layout = Layout("caption-cues", [], captions=Captions(kind))
        self.captions = self.layout.captions
        self.current: _Paragraph | None = None
        self.column = 1   # the column of the piece of cue text being placed
        self.kept: set[int] = set()   # the cues whose start is a paragraph's
        self.orphans = 0
        self.cue_labels: Counter = Counter()   # the labels that open cues, and how many

    # ---------------------------------------------------------------- blocks
    def read(self, lines: list[str]) -> Layout:
        blocks = _blocks(lines)
        cues: list[_Cue] = []
        for index, block in enumerate(blocks):
            if self.kind == "webvtt" and index == 0:
                self._aside(block, "WebVTT header")
                continue
            keyword = _BLOCK_KEYWORD.match(block[0][1]) if self.kind == "webvtt" else None
            timing = _srt_timing_index(block)
            if keyword and timing is None:
                what = {"NOTE": "WebVTT note (a comment, not shown)", "STYLE": "WebVTT style block",
                        "REGION": "WebVTT region block"}[keyword.group("kind")]
                self._aside(block, what)
                continue
            if timing is None:
                if cues:   # a blank line inside a cue's text (a SubRip slip): the text goes on
                    cues[-1].text.extend(block)
                    self.orphans += 1
                else:
                    self._aside(block, "text before the first cue")
                continue
            number, timing_line = block[timing]
            match = TIMING.match(timing_line)
            identifier = block[0] if timing == 1 else None
            cues.append(_Cue(number, identifier, timing_line.strip(), match.group("start"),
                             _seconds(match.group("start")), _seconds(match.group("end")), block[timing + 1:]))
        previous_end = None
        rolling = _rolling_repeats(cues)
        self.cue_labels = Counter(self._label_key(_TAGS.sub("", cue.text[0][1]).strip()) for cue in cues if cue.text)
        for index, cue in enumerate(cues):
            if index in rolling:   # the line shown again at the top of a rolling caption
                line_number, text = cue.text.pop(0)
                self.layout.furniture.append(Furniture(line_number, text.strip(), "line of the cue before, shown "
                                                       "again (a rolling caption)"))
            self._cue(cue, previous_end)
            previous_end = cue.end_seconds
        self._close()
        for cue in cues:
            settings = " and settings" if TIMING.match(cue.timing).group("settings") else ""
            self.layout.furniture.append(Furniture(cue.line, cue.timing, f"cue timing{settings}",
                                                   TIMECODE_DESTINATION if cue.line in self.kept else None))
        self.layout.furniture.sort(key=lambda item: item.line)
        if self.orphans:
            self.layout.warnings.append(f"{self.orphans} block(s) without a cue timing read as text of the cue "
                                        "before them (a blank line inside a cue)")
        return self.layout

    def _aside(self, block: list[tuple[int, str]], reason: str) -> None:
        self.layout.furniture.append(Furniture(block[0][0], "\n".join(text for _, text in block), reason))

    # ---------------------------------------------------------------- cues
    def _cue(self, cue: _Cue, previous_end: float | None) -> None:
        if cue.identifier is not None:
            self.layout.furniture.append(Furniture(cue.identifier[0], cue.identifier[1].strip(), "cue identifier"))
        dropped: list[str] = []
        pause = previous_end is not None and cue.seconds - previous_end >= PAUSE_SECONDS
        first = True
        for line_number, line in cue.text:
            for kind, name, text in self._segments(line, dropped):
                self.column = line.find(text[:12]) + 1 if text else 1
                shape = "webvtt-voice"
                bracketed = _BRACKET_NAME.match(text) if first or kind == "change" else None
                if bracketed and self._is_bracket_name(bracketed.group("name")):
                    dropped.append(bracketed.group().strip())   # "[Alba] …": the speaker, named by the captioner
                    kind, name, text, shape = "voice", bracketed.group("name").strip(), text[bracketed.end():], \
                        "caption-bracket-name"
                elif first and kind == "text" and self._opens_with_label(text):
                    kind = "change"   # "John Smith: …" at the start of a cue: the label says who speaks
                first = False
                self._place(kind, name, text, line_number, cue, dropped, pause, shape)
                pause = False
        if dropped:
            first_line = cue.text[0][0] if cue.text else cue.line
            self.layout.furniture.append(Furniture(first_line, " ".join(dropped),
                                                   "caption markup: tags, voice spans, speaker-change markers"))

    def _segments(self, line: str, dropped: list[str]):
        """(kind, voice name, text) pieces of one line of cue text: ``text`` goes on, ``change`` is a
        change marker or a dash, ``voice`` a voice span."""
        dash = _DASH.match(line)
        kind, name, start = "text", None, 0
        if dash:
            dropped.append(dash.group("dash").strip())
            kind, start = "change", dash.end()
        pieces: list[tuple[str, str | None, str]] = []
        text: list[str] = []
        for token in _TOKEN.finditer(line, start):
            text.append(line[start:token.start()])
            start = token.end()
            if token.group("change") or (token.group().startswith("<v") and token.group("voice")):
                if "".join(text).strip() or kind != "text":
                    pieces.append((kind, name, decode_escapes("".join(text))))
                text = []
                if token.group("change"):
                    kind, name = "change", None
                else:
                    kind, name = "voice", decode_escapes(token.group("voice").strip())
            dropped.append(token.group())
        text.append(line[start:])
        pieces.append((kind, name, decode_escapes("".join(text))))
        return [(k, n, t.strip()) for k, n, t in pieces if t.strip() or k != "text"]

    @staticmethod
    def _label_key(text: str) -> tuple[str, int] | None:
        """The normalised name of a label at the start of ``text``, and where the speech starts."""
        match = match_label(text) if text else None
        if match is None or match.candidate:
            return None
        return match.resolve_name.casefold(), match.rest_offset

    @staticmethod
    def _is_bracket_name(name: str) -> bool:
        return looks_like_name(name) and bracket_role("[", name) is None and not TIMECODE.fullmatch(name.strip())

    def _opens_with_label(self, text: str) -> bool:
        """A label at the start of a cue, no marker before it, opens a turn when it opens other cues too, or
        when the text before it ends a sentence: a cue may begin anywhere in a sentence ("… the one thing\n
        Remember: …" is no speaker)."""
        match = match_label(text)
        if match is None or match.candidate or match.shape not in (
                "colon-label", "affiliation-label", "surname-first-label", "name-office-label"):
            return False
        current = self.current
        return self.cue_labels[self._label_key(text)] >= 2 or current is None or \
            bool(_SENTENCE_END.search(current.pieces[-1] if current.pieces else ""))

    def _place(self, kind: str, name: str | None, text: str, line: int, cue: _Cue, dropped: list[str],
               pause: bool, shape: str = "webvtt-voice") -> None:
        """Put a piece of cue text where it belongs: in the paragraph going on, or in a new one."""
        current = self.current
        if kind == "voice":
            if current is not None and current.voice == name and not pause:
                self._append(text, line)
            else:
                self._open(line, cue, [f"{name}: {text}" if text else f"{name}:"], voice=name)
                self.current.where[0] = (line, self.column - len(name) - 2)   # "Name: " is not in the file
                # the name is the turn's label now: the report keeps its tag without it ("<v …>", "[…]")
                for index in range(len(dropped) - 1, -1, -1):
                    if dropped[index][:1] in "<[" and name in decode_escapes(dropped[index]):
                        dropped[index] = decode_escapes(dropped[index]).replace(name, "…", 1)
                        break
                self.current.shape = shape
            return
        if kind == "change":
            label = self._label_key(text)
            if label is not None and current is not None and current.label == label[0] and not pause:
                dropped.append(text[:label[1]].strip())   # the same speaker's label again: the turn goes on
                self._append(text[label[1]:], line, label[1])
            else:
                self._open(line, cue, [text], label=label and label[0], change=label is None)
            return
        if current is None:
            self._open(line, cue, [text])
        elif pause and _SENTENCE_END.search(" ".join(current.pieces)):
            self._open(line, cue, [text], current.voice, current.label, current.change, resumed=True)
            self.current.shape = current.shape
        else:
            self._append(text, line)

    def _append(self, text: str, line: int, shift: int = 0) -> None:
        self.current.pieces.append(text)
        self.current.where.append((line, self.column + shift))

    def _open(self, line: int, cue: _Cue, pieces: list[str], voice: str | None = None, label: str | None = None,
              change: bool = False, resumed: bool = False) -> None:
        self._close()
        self.current = _Paragraph(line, cue.start, cue.line, pieces, [(line, self.column)], voice=voice,
                                  label=label, change=change, resumed=resumed)

    def _close(self) -> None:
        paragraph = self.current
        self.current = None
        text = " ".join(piece for piece in paragraph.pieces if piece) if paragraph else ""
        if not text:
            return
        number = len(self.layout.paragraphs) + 1
        offset, positions = 0, []
        for piece, (line, column) in zip(paragraph.pieces, paragraph.where):
            if piece:
                positions.append((offset, line, max(column, 1)))
                offset += len(piece) + 1
        self.captions.pieces[number] = positions
        if paragraph.voice is not None and not paragraph.resumed:
            self.captions.voices[number] = (paragraph.voice, paragraph.shape)
        elif paragraph.change and paragraph.label is None and self._label_key(text) is None:
            self.captions.unnamed.add(number)   # someone else speaks, and no name says who
        if paragraph.resumed:
            self.captions.resumed.add(number)
        self.captions.starts[number] = paragraph.start
        self.captions.cue_lines[number] = paragraph.cue
        self.kept.add(paragraph.cue)
        self.layout.paragraphs.append(SourceParagraph(number, paragraph.line, text))
