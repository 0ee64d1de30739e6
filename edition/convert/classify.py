"""Paragraphs → document model: which paragraph is heading, header fact, speech, narrative or leftover.

Rules run in a fixed order and each decision is recorded (``Decision``) with the name of the rule, so
that the conversion report can say why every paragraph became what it became. The conventions a text may
follow (layouts, label shapes, header fields, bracket roles) are units of ``conventions/``, each family
run in its declared order; what the converter is unsure of is a doubt (``Classification.doubts``). The editor overrides
any decision in the editorial file (``[[override]]``) without touching the source.

Zones: front matter (web-page leftovers, title, date lines, funder line, ``KEY: value`` header fields,
the heading) → body (stage directions, narrative, speaker turns, lists) up to a closing signature
(``Recorded by …``) → back matter (summary, archival citation, rights statement, leftovers).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from . import labels as label_rules
from ..errors import SourceError
from ..editorial.metadata import DocumentMetadata, Override, check_overrides
from .model import (
    ArchivalSource, Closer, Continuation, Document, Head, ItemList, Label, ListItem, Narrative, Origin,
    PageBreak, Paragraph, Person, SetAside, Stage, StageBlock, Timecode, Turn,
)
from .source import SourceText
from .conventions import Unit, headers, in_order
from .conventions.captions import TIMECODE_DESTINATION
from .conventions.layout import (has_embedded_label, lay_out, split_embedded_colon_labels, split_embedded_labels,
                                 split_glued_labels, split_turn_lines, split_unwrapped_lines)
from .paragraphs import TIMECODE, InlineContext, SourceParagraph, classify_parenthetical, parse_inline

BOILERPLATE = [
    r"skip to (main )?content", r"document information", r"original uploaded date", r"record id",
    r"share( this)?", r"print", r"download", r"menu", r"search", r"related documents", r"back to top",
    r"home", r"citation", r"cite this", r"tags", r"keywords", r"print this page", r"download pdf",
]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
_MONTH = r"(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"   # "14", "14th" (a Commonwealth record: "14th March, 1990")
DATE_PATTERNS = [
    re.compile(_MONTH + r"\s+" + _DAY + r",?\s+(?P<year>\d{4})"),
    re.compile(_DAY + r"(?:\s+of)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"),
    re.compile(_DAY + r"\s+" + _MONTH.upper().replace("?P<MONTH>", "?P<month>") + r",?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
    re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"),
]
FUNDER = re.compile(r"^This (?:document|publication|record|translation|edition|project) (?:was|is|has been) "
                    r"(?:made possible|supported|funded|translated)(?: with (?:the )?support)? (?:from|by) "
                    r"(?:the )?(?P<name>.+?)\.?$", re.I)
#: ``KEY: value`` of a record's header, in any letter case (the units of ``conventions/headers.py``).
HEADER_FIELD = headers.FIELD_LINE
#: "PARTICIPANTS" alone, the values in the paragraphs that follow (FRUS and State Department memoranda).
KEY_HEADING = re.compile(r"^(?P<key>PARTICIPANTS|PRESENT|SUBJECTS?|Participants|Present|Subjects?)\s*:?$")
#: "Taipei, March 14, 1958, 8:30 p.m.": place, date and time of the record.
DATELINE = re.compile(r"^(?P<place>[A-Z][\w.’'-]*(?:[ -][A-Z][\w.’'-]*){0,3}),\s+(?P<date>.*?\d{4})"
                      r"(?:,\s+(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?"
                      r"(?:\s*[–-]\s*(?P<hour2>\d{1,2})(?:[:.](?P<minute2>\d{2}))?)?\s*(?P<half>[ap])\.?\s?m\.?)?\.?$")
#: "USDel/MC–7", "No. 312": a reference number of the record, one token with digits.
REFERENCE = re.compile(r"^(?:No\.\s*)?(?=[^()]*\d)[A-Z][\w/.–-]*(?:\s+[A-Z0-9][\w/.–-]*){0,2}"
                       r"(?:\s+\([^()]{1,40}\))?$")
CLOSER = re.compile(r"^(?P<lead>(?:Recorded|Prepared|Drafted|Written|Transcribed|Compiled|Noted|Minutes taken|"
                    r"Memorandum prepared|Taken down)(?: down)? by[ \t\u00a0]+)(?P<name>.+?)(?P<tail>\.?)$")
ARCHIVAL = re.compile(
    r"^(?P<abbr>[A-Z][A-Za-z]{1,9}),?\s+f\.\s*(?P<fond>[\w-]+),\s*op\.\s*(?P<opis>[\w-]+),"
    r"(?:\s*(?P<year>\d{4}),)?\s*d\.\s*(?P<delo>[\w-]+)"
    r"(?:,\s*ll?\.\s*(?P<first>\d+)(?:\s*[-–]\s*(?P<last>\d+))?)?\.?")
TRANSLATOR = re.compile(r"(?:Obtained and )?[Tt]ranslated(?: from [A-Z]\w+)?(?: for \S+(?: \S+)*?)? by "
                        r"(?P<name>[^\n]+?)\.?\s*$")
RIGHTS = re.compile(r"copyright|rights (?:holder|status)|permission|reuse|licen[cs]e|all rights reserved", re.I)
_PRONOUNS = re.compile(r"\b(?:I|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself|"
                       r"yourselves|Let[’']s)\b|\b(?:We|Us|Our|You|Your|My|Me)\b")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_REPORTING = re.compile(
    r"\b(?:greet(?:s|ed)|asks?|asked|says|said|saying|repl(?:y|ies|ied)|answer(?:s|ed)|conclud(?:es|ed)|"
    r"began|begins|ended|ends|entered|came into|presented|rose|raised a toast|proposes|proposed|continued|"
    r"interrupt(?:s|ed)|remarked|noted|stated|the conversation|the meeting|the talks?)\b", re.I)
#: "The Secretary suggested …", "Mr. Smith replied that …": speech reported by the recorder.
_REPORTED = re.compile(
    r"^(?!(?:I|We|You|He|She|They|It|One|This|That|There)\b)"
    r"(?:(?:The|Mr\.|Mrs\.|Ms\.|Dr\.|Comrade|Cde\.)\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}\s+"
    r"(?:then\s+|also\s+|again\s+|further\s+)?"
    r"(?:said|says|replied|replies|asked|asks|suggested|stated|remarked|noted|observed|answered|agreed|added|"
    r"continued|commented|explained|pointed out|emphasized|emphasised|stressed|accepted|questioned|interrupted|"
    r"recalled|responded|expressed|read|thanked|proposed|declared|inquired|objected|concluded)\b")
_HONORIFIC_NAME = re.compile(r"\b(?:Comrade|Cde\.|Mr\.|Mrs\.|Premier|Chairman|President|Secretary)\s+[A-Z]")
def _surname_in_capitals(name: str) -> bool:
    """Is the last word of a speaker's name written in capitals ("JUSTICE GINSBURG", "Secretary RUSK")?"""
    words = [w for w in re.findall(r"[^\W\d_][^\W\d_'’.-]*", name)]
    return bool(words) and len(words[-1]) > 1 and words[-1].isupper()


def _labels_in_capitals(found, counts: dict[str, int]) -> bool:
    """Are the speakers' names of a transcript written in capitals: at least three that open more than one
    paragraph, all with their last word in capitals (court and hearing records, "MR. LONG:")?"""
    names = {key: match.name for match, key in found if counts.get(key, 0) >= 2}
    return len(names) >= 3 and all(_surname_in_capitals(name) for name in names.values())


def _runs_on(para) -> bool:
    """Does this paragraph end mid-sentence (no full stop, question or exclamation mark, closing quotation mark,
    dash or colon at its end)?"""
    text = para.text.rstrip() if para is not None else ""
    return bool(text) and text[-1] not in ".?!:;\"”’)]-–—…"


# a dash, en dash, bullet or asterisk opening a line: a list item; not "**bold**", not "*Really* it was" (Markdown
# italics: an asterisk closed on the line), and not a double hyphen (or a hyphen with a soft hyphen), which writes a
# dash: "-- rule." is speech taken up after an interruption
_LIST_ITEM = re.compile(r"^(?P<marker>-(?![-\u00ad])|[–•]|\*(?!\*)(?![^*\n]+\*))(?=\S)|^(?P<marker2>[-–•*])[ \t]")
#: "**Break:** [25:53]": a section of a podcast or broadcast, not speech
_SECTION_MARKER = re.compile(r"^\**(?:Break|Intro|Outro|Music|Ad break|Sponsor)\**\s*[:：]?\**\s*(?:[\[(\\].*)?$", re.I)
_TIME = re.compile(r"\b(\d{1,2})[:.](\d{2})\b")


@dataclass(frozen=True)
class Decision:
    """What one source paragraph became, and which rule decided."""

    number: int
    line: int
    rule: str
    result: str
    text: str


@dataclass
class Classification:
    """The document model plus the record of every decision."""

    document: Document
    decisions: list[Decision] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: the warnings about who speaks that ``--strict`` makes errors: labels not resolved or seen once,
    #: starts that look like labels but were read as text, turns attributed only by continuation
    doubts: list[str] = field(default_factory=list)


def header_fields(text: str) -> list[tuple[str, str]]:
    """``KEY: value`` lines of a record's header block; a line without a key continues the value above."""
    fields: list[tuple[str, str]] = []
    for line in text.strip().split("\n"):
        match = headers.match_field(line)
        if match:
            fields.append((match[1].upper(), match[2].strip()))
        elif fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value}\n{line.strip()}".strip())
    return fields


def is_participant_line(text: str) -> bool:
    """A short line naming someone under a "PARTICIPANTS" heading (not a sentence, not another key)."""
    return (not KEY_HEADING.match(text) and len(text.split()) <= 10 and "\n" not in text
            and not text.startswith(("(", "["))
            and not (re.search(r"[.!?:;]$", text) and not re.search(r"\b[A-Z][a-z]?\.$", text)))


def parse_date(text: str) -> str | None:
    """ISO date of the first full date in ``text`` ("October 2, 1958" → "1958-10-02")."""
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            month = match.group("month")
            number = int(month) if month.isdigit() else next(
                i for i, m in enumerate(MONTHS, 1) if m.startswith(month.rstrip(".").lower()[:3]))
            return f"{int(match.group('year')):04d}-{number:02d}-{int(match.group('day')):02d}"
    return None


_WEEKDAY = re.compile(r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+")


def is_date_line(text: str) -> bool:
    """A paragraph that is only a date (its weekday before it or not: "Wednesday, 14th March, 1990")."""
    return any(p.fullmatch(_WEEKDAY.sub("", text.strip().rstrip("."))) for p in DATE_PATTERNS)


_PAGE_NUMBER = re.compile(r"(?P<n>\d{1,3})")   # not four digits: "1969" alone is an answer, not a page
#: "Page 4.", or a running head in capitals with a year, then the page's number: "MARCH 21, 1973 FROM … A.M. 4"
_PAGE_HEADING = re.compile(r"(?:Page|PAGE|p\.)\s+(?P<n>\d{1,4})\.?|[^a-z\n]{0,60}?\b\d{4}\b[^a-z\n]{0,60}\s(?P<n2>\d{1,3})")
_RUNNING_HEAD = re.compile(r"\d{1,2} [A-Z][a-z]{2}-[A-Z]-[A-Z]{2,5}(?:-\d+)+-[A-Z][\w]+")
_TITLE_DATE = re.compile(r"^(?P<title>[^\n]{3,200})\n(?P<date>[^\n]{4,80})$")
_WITH_LINE = re.compile(r"\bWith (?P<list>(?:the )?[A-Z][^.;:]{3,200})$")
#: "BY MR. SMITH:" alone: the lawyer who asks the questions (Q.) that follow
_EXAMINATION = re.compile(r"(?:(?:CROSS|DIRECT|REDIRECT|RECROSS)[- ]EXAMINATION\s+)?BY\s+(?P<name>(?:MR|MRS|MS|DR|MISS)\.?\s+"
                          r"[A-Z][A-Z’'-]+(?:\s+[A-Z][A-Z’'-]+)?)\s*:?")
_INITIALS = re.compile(r"[A-Z]{2,4}")
_LINE_END_HYPHEN = re.compile(r"\w-\n[a-z]")
#: the start of a paragraph that looks like a label of some kind ("DR. NO-NAME, PH.D.: …")
_LABEL_LIKE = re.compile(r"^\s*\**\[?[A-ZÀ-ÞА-Я][^:\n.!?\"“]{0,50}[:：]\**\]?\s")
_PROCEEDINGS = re.compile(r"P ?R ?O ?C ?E ?E ?D ?I ?N ?G ?S")
_COUNSEL = re.compile(r"(?P<name>[A-Z][A-Z.]*(?:\s+[A-Z][A-Z.]*){1,3}?),(?:\s+JR\.,)?\s+ESQ\.")
_NOTES_HEADING = re.compile(r"^(?:Notes|NOTES|Footnotes|FOOTNOTES|Endnotes|ENDNOTES)$")
_NOTE_LINE = re.compile(r"^\[(?P<n>\d{1,3})\][ \t]+(?=\S)")
_NOTE_MARKER = re.compile(r"\s?\[\d{1,3}\]$")
_CLOSING = re.compile(r"[.!?:;…)\]”\"]$")
_CLOSING_MARKED = re.compile(r"[.!?:;…\]”\"]$")
_MARKDOWN_HEADING = re.compile(r"#{1,6} \S")
#: ``<h1>Interview with Ken Thompson</h1>``: an HTML heading left in text copied from a web page
_HTML_HEADING = re.compile(r"<h(?P<level>[1-6])\b[^>\n]*>[^<>\n]{1,200}</h(?P=level)>", re.I)


def is_heading_like(text: str) -> bool:
    """Short, one line, no closing punctuation (a note marker ``[1]`` aside): a title or heading."""
    stripped = text.strip()
    if stripped.endswith("]"):
        stripped = _NOTE_MARKER.sub("", stripped)
    closing = _CLOSING_MARKED if stripped != text.strip() else _CLOSING  # "(Ball)[1]" may end in ")"
    if stripped.startswith("#") and _MARKDOWN_HEADING.match(stripped):
        return "\n" not in stripped   # a Markdown heading, "## About me"
    if stripped.startswith("<") and _HTML_HEADING.fullmatch(stripped):
        return True   # an HTML heading, "<h3>Developing UNIX</h3>"
    return (len(stripped) < 250 and "\n" not in stripped and not stripped.startswith(("(", "[", "-"))
            and not closing.search(stripped)
            and (stripped[:1].isupper() or re.match(r"\d+\.\s+[A-Z]", stripped) is not None))


class Classifier:
    """Applies the rules to the paragraphs of one source."""

    def __init__(self, source: SourceText, meta: DocumentMetadata, register=None, doc_id: str = "document"):
        self.source = source
        self.meta = meta
        self.register = register
        self.bracket_resp = bracket_responsibility(source, meta)
        self.doc = Document(id=doc_id, source_path=source.path, encoding=source.encoding,
                            bracket_resp=self.bracket_resp, transcriber=meta.transcriber)
        self.result = Classification(self.doc)
        self.boilerplate = [re.compile(rf"^{p}$", re.I) for p in BOILERPLATE] + \
            [re.compile(p, re.I) for p in meta.boilerplate]
        self.context = self._inline_context(False)
        self.people: dict[str, Person] = {}
        self.forms: dict[str, str] = {}   # normalised form -> participant id
        self.turn: Turn | None = None
        self.after_narrative = False
        self.awaiting_speech = False  # a label alone in its paragraph: the speech follows
        self.pending_key: str | None = None  # "PARTICIPANTS" seen: its values follow
        self.title_parties: list[str] = []   # the two persons a title says the conversation is between
        self.label_ids: set[str] = set()      # participants made from labels (not declared)
        self.answers_given = False
        self.page_numbers: dict[int, str] = {}   # the layout's page numbers of form feeds, by line
        self.questioner: str | None = None       # "BY MR. SMITH:": who asks the questions (Q.) that follow
        self.sole_speaker: str | None = None     # the one speaker a front matter names
        self.front_title: str | None = None      # the title a front matter gives
        self.last_dateline: SourceParagraph | None = None
        self._body_rules = [getattr(self, "_rule_" + rule.name.replace("-", "_")) for rule in BODY_RULES]
        self.page_start = 0   # where in the body the current page began
        self.captions = None   # a caption file's cues (``conventions/captions.py``)
        self.cue_starts_placed: set[int] = set()
        self.unnamed_changes: list[SourceParagraph] = []
        self.header_block_seen = False
        for spec in meta.participants:
            self._add_person(Person(spec.id, spec.name, spec.role, spec.forms), spec.forms + (spec.name,))

    # ------------------------------------------------------------------ bookkeeping
    def decide(self, para: SourceParagraph, rule: str, result: str) -> None:
        self.result.decisions.append(Decision(para.number, para.line, rule, result, para.text))

    def set_aside(self, para: SourceParagraph, reason: str, rule: str, destination: str | None = None) -> None:
        self.doc.set_aside.append(SetAside(para.number, para.origin, para.text, reason, destination))
        self.decide(para, rule, f"set aside ({reason})" if destination is None else f"header: {destination}")

    def warn(self, para: SourceParagraph | None, message: str) -> None:
        where = f"{self.source.path}:{para.line}:1: " if para else f"{self.source.path}: "
        self.result.warnings.append(where + message)

    def doubt(self, para: SourceParagraph | None, message: str) -> None:
        """A warning about who speaks: listed among the doubts too (errors with ``--strict``)."""
        self.warn(para, message)
        self.result.doubts.append(self.result.warnings[-1])

    def _add_person(self, person: Person, forms) -> None:
        if person.id not in self.people:
            self.people[person.id] = person
        for form in forms:
            self.forms.setdefault(label_rules.normalise_name(form), person.id)

    # ------------------------------------------------------------------ entry point
    def classify(self) -> Classification:
        layout = lay_out(self.source)
        paragraphs = layout.paragraphs
        if not paragraphs:
            raise SourceError("empty transcript: no paragraphs", path=self.source.path)
        check_overrides(self.meta, paragraphs, self.source.path)
        self.layout = layout.rule
        self.page_numbers = layout.page_numbers
        self.captions = layout.captions
        self.context = self._inline_context(False)
        for item in layout.furniture:
            self.doc.set_aside.append(SetAside(0, Origin(item.line), item.text, item.reason, item.destination))
        for message in layout.warnings:
            self.warn(None, message)
        if self.captions is not None:
            self.doc.captions = {"webvtt": "WebVTT", "srt": "SubRip"}[self.captions.format]
            return self._classify_body(paragraphs, "body")   # cues: no front matter, paragraphs as laid out
        paragraphs = self._take_notes(paragraphs)
        paragraphs = self._take_caption(paragraphs)
        paragraphs, line_cuts = split_unwrapped_lines(paragraphs, _opens_turn)
        if line_cuts:
            self.layout += " + one-paragraph-per-line"
            self.warn(SourceParagraph(0, line_cuts[0] - 1, ""), f"{len(line_cuts)} line breaks without a blank "
                      "line read as paragraph breaks: the lines are not wrapped, each is a paragraph "
                      "(one-paragraph-per-line)")
        paragraphs, cut = split_turn_lines(paragraphs, _opens_turn)
        if cut:
            self.layout += " + one-turn-per-line"
        surnames = _label_surnames(paragraphs) if has_embedded_label(self.source.text) else set()
        paragraphs, cuts = split_embedded_labels(paragraphs, surnames)
        paragraphs, colon_cuts = split_embedded_colon_labels(paragraphs, label_rules.looks_like_name)
        cuts += colon_cuts
        for line, label in cuts:
            self.doubt(SourceParagraph(0, line, ""), f"speaker label {label!r} inside a paragraph: a turn of its own "
                      "from there (embedded-label)")
        paragraphs, glued_cuts = split_glued_labels(paragraphs, _capital_labels(paragraphs))
        for line, label in glued_cuts:
            self.doubt(SourceParagraph(0, line, ""), f"speaker label {label!r} run into the word before it: a turn "
                       "of its own from there (glued-label)")
        body_texts = [p.text for p in paragraphs]
        self.doc.line_breaks = any("\n" in text for text in body_texts)
        self.doc.line_end_hyphens = sum(len(_LINE_END_HYPHEN.findall(text)) for text in body_texts if "-\n" in text)
        self._collect_participant_fields(paragraphs)
        return self._classify_body(paragraphs, "front")

    def _classify_body(self, paragraphs: list[SourceParagraph], zone: str) -> Classification:
        """Resolve the labels, then take the paragraphs zone by zone (front matter, body, back matter)."""
        self.declared = bool(self.people) or self.register is not None
        self._resolve_labels(paragraphs)
        self.doc.label_marks = tuple(sorted({_label_mark(label.separator) for label in self.labels.values()}))
        headings: list[list[SourceParagraph]] = []
        for para in paragraphs:
            override = self._override(para)
            if override is not None and override.role:
                zone = self._apply_override(para, override, zone, headings)
                continue
            if zone == "front":
                zone = self._front(para, headings)
                if zone == "front":
                    continue
                self._place_headings(headings)
            if zone == "body":
                zone = self._caption_body(para) if self.captions is not None else self._body(para)
            elif zone == "back":
                self._back(para)
        if zone == "front":
            self._place_headings(headings)
        self._finish()
        return self.result

    # ------------------------------------------------------------------ overrides
    def _override(self, para: SourceParagraph) -> Override | None:
        for override in self.meta.overrides:
            if override.matches(para.number, para.line, para.text):
                self.context = self._inline_context(override.literal_brackets)
                return override
        self.context = self._inline_context(False)
        return None

    def _inline_context(self, literal: bool) -> InlineContext:
        return InlineContext(self.source.path, self.bracket_resp, literal, self.result.warnings,
                             getattr(self, "page_numbers", {}), self.doc.notes)

    def _take_notes(self, paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
        """``notes-section``: a "Notes" heading and ``[1] …`` lines after it are the source's notes; each
        is put where its marker ``[1]`` stands in the text (a note whose marker is missing is reported)."""
        for index, para in enumerate(paragraphs[:-1]):
            if not _NOTES_HEADING.match(para.text.strip()) or not _NOTE_LINE.match(paragraphs[index + 1].text):
                continue
            end = index + 1
            while end < len(paragraphs) and _NOTE_LINE.match(paragraphs[end].text):
                end += 1
            notes: dict[str, str] = {}
            for note_para in paragraphs[index + 1:end]:
                for line in note_para.lines:
                    marker = _NOTE_LINE.match(line)
                    if marker:
                        notes[marker.group("n")] = line[marker.end():].strip()
                    elif notes:
                        last = list(notes)[-1]
                        notes[last] += "\n" + line.strip()
            self.doc.notes.update(notes)
            self.set_aside(para, "heading of the source's notes", "notes-section")
            for note_para in paragraphs[index + 1:end]:
                self.set_aside(note_para, "the source's notes, each put at its marker", "notes-section",
                               "note[@place='foot']")
            missing = [n for n in notes if not re.search(rf"\[{n}\]", self.source.text[:self._offset(para)])]
            if missing:
                self.warn(para, f"note(s) {', '.join(missing)} have no marker in the text: kept in the report only")
                for n in missing:
                    del self.doc.notes[n]
            return paragraphs[:index] + paragraphs[end:]
        return paragraphs

    def _take_caption(self, paragraphs: list[SourceParagraph]) -> list[SourceParagraph]:
        """``official-caption``: in an official court transcript, everything before ``P R O C E E D I N G S``
        (the caption, the appearances of counsel, the contents) is front matter: its date and place go
        to the header, the counsel it names are participants."""
        index = next((i for i, p in enumerate(paragraphs[:80]) if _PROCEEDINGS.fullmatch(p.text.strip())), None)
        if not index:
            return paragraphs
        front = paragraphs[:index]
        text = "\n".join(p.text for p in front)
        for para in front:
            flat = " ".join(para.text.split())
            if self.doc.date is None and is_date_line(flat):
                self.doc.date, self.doc.date_text = parse_date(flat), flat
            elif self.doc.place is None and re.fullmatch(r"[A-Z][\w.]+(?:[ ,]+[A-Z][\w.]*){0,3}", flat) and "," in flat:
                self.doc.place = flat
            self.set_aside(para, "caption, appearances or contents of the official transcript", "official-caption",
                           "settingDesc/setting; particDesc/listPerson")
        appearances = re.search(r"APPEARANCES:(?P<list>.*?)(?:C ?O ?N ?T ?E ?N ?T ?S|$)", " ".join(text.split()))
        counsel = _COUNSEL.finditer(appearances.group("list")) if appearances else ()
        lines = text.split("\n")
        rules = [i for i, line in enumerate(lines) if re.fullmatch(r"(?:- ?){5,}x?", line.strip())]
        if len(rules) >= 2 and self.doc.title is None:   # the parties, between the caption's two rules
            parties = [re.split(r"\s{3,}|\s+:", line.strip())[0] for line in lines[rules[0] + 1:rules[1]]]
            self.doc.title = " ".join(" ".join(parties).split())
        for name in dict.fromkeys(m.group("name") for m in counsel):
            pid = label_rules.slugify(label_rules.normalise_name(name))
            self._add_person(Person(pid, label_rules.display_name(name), "participant"), (name,))
        return paragraphs[index:]

    def _offset(self, para: SourceParagraph) -> int:
        """Offset of a paragraph's first line in the source text."""
        offset = 0
        for _ in range(para.line - 1):
            offset = self.source.text.index("\n", offset) + 1
        return offset

    def _apply_override(self, para, override: Override, zone: str, headings) -> str:
        rule = f"override #{override.index}"
        role = override.role
        if zone == "front" and role in ("narrative", "speech", "stage", "head"):
            self._place_headings(headings)
            zone = "body"
        if role == "set-aside":
            self.set_aside(para, override.reason or "set aside by the editor", rule)
        elif role == "abstract":
            self.doc.abstract.append(para.text)
            self.set_aside(para, "summary of the document", rule, "profileDesc/abstract")
        elif role == "title":
            self.doc.title = para.text
            self.set_aside(para, "title", rule, "titleStmt/title")
        elif role == "head":
            self._add_head([para], rule)
        elif role == "narrative":
            self._narrative(para, rule)
        elif role == "stage":
            self._stage_paragraph(para, rule)
        elif role == "speech":
            who = override.who
            if who not in self.people:
                self._add_person(Person(who, who.replace("-", " ").title(), "speaker"), ())
            if self.turn is None or self.turn.label.who != who or self.after_narrative:
                self._open_turn(Label("", who, origin=para.origin, timecode=next(iter(self._cue_start(para)), None)),
                                (), para, rule, silent=True)
            self._speech_paragraph(para, rule)
        return zone

    # ------------------------------------------------------------------ front matter
    def _front(self, para: SourceParagraph, headings: list[list[SourceParagraph]]) -> str:
        text = para.text.strip()
        if para.number in self.labels:
            return "body"
        if self._page_furniture(para):
            return "front"
        title_date = _TITLE_DATE.match(text)
        if title_date and not headings and self.doc.title is None and parse_date(title_date.group("date")) \
                and not headers.match_field(title_date.group("title")) and not self.labels.get(para.number):
            self.doc.title = title_date.group("title").strip()
            self.doc.date, self.doc.date_text = parse_date(title_date.group("date")), title_date.group("date").strip()
            self.set_aside(para, "title and date of the record", "title-and-date", "titleStmt/title; settingDesc/setting/date")
            return "front"
        with_line = _WITH_LINE.search(text) if (self.doc.date or headings) and "\n" not in text else None
        if with_line and not self.labels.get(para.number):
            self.set_aside(para, "those present, named in the front matter", "with-line", "particDesc/listPerson")
            if self.doc.date is None and parse_date(text):
                self.doc.date = parse_date(text)
            return "front"
        if self.pending_key is not None:
            if self._key_value(para, text):
                return "front"
        key = KEY_HEADING.match(text)
        if key:
            self.pending_key = key.group("key").upper()
            self.header_block_seen = True
            self.set_aside(para, f"heading of the record's {key.group('key').lower()}", "header-key",
                           "titleStmt/title" if self.pending_key.startswith("SUBJECT") else "particDesc/listPerson")
            return "front"
        if self.header_block_seen and is_heading_like(text):
            return "body"  # a section heading after the record's header: the text has begun
        if any(p.match(text) for p in self.boilerplate):
            self.set_aside(para, "web-page leftover", "boilerplate")
            return "front"
        if headers.role_line(text):
            self.set_aside(para, f"{headers.role_line(text)[1]} named in the front matter", "role-line",
                           "particDesc/listPerson")
            return "front"
        front_matter = headers.parse_front_matter(text) if para.number == 1 else None
        if front_matter is not None:
            destinations = [self._header_field(key, value) for key, value in front_matter]
            self.set_aside(para, "front matter: " + ", ".join(k for k, _ in front_matter), "front-matter",
                           "; ".join(dict.fromkeys(destinations)))
            return "front"
        if is_date_line(text):
            self._date_line(para)
            return "front"
        dateline = DATELINE.match(text)
        if dateline and parse_date(dateline.group("date")) and self.doc.date is None:
            self._dateline(para, dateline)
            return "front"
        if REFERENCE.match(text) and (headings or self.doc.date):
            self.doc.header_notes.append(f"Reference: {text}")
            self.set_aside(para, "reference number of the record", "reference-number", "fileDesc/notesStmt")
            return "front"
        funder = FUNDER.match(text)
        if funder:
            self.doc.funder = funder.group("name")
            self.set_aside(para, "funding statement", "funder-line", "sourceDesc/bibl/funder")
            return "front"
        field_match = headers.match_field(text)
        if field_match:
            self.header_block_seen = True
            fields = header_fields(text)
            destinations = [self._header_field(key, value) for key, value in fields]
            self.set_aside(para, "header of the record: " + ", ".join(k for k, _ in fields), "header-field",
                           "; ".join(dict.fromkeys(destinations)))
            return "front"
        if is_heading_like(text):
            headings.append([para])
            return "front"
        if headings and text[:1].islower() and "\n" not in text and len(text) < 250:
            headings[-1].append(para)
            return "front"
        return "body"

    def _key_value(self, para: SourceParagraph, text: str) -> bool:
        """A paragraph under "PARTICIPANTS" or "SUBJECT": a participant's name, or the subject."""
        key = self.pending_key
        if key.startswith("SUBJECT"):
            # one subject, or under "SUBJECTS" as many heading-like lines as follow
            if KEY_HEADING.match(text) or len(text) > 250 or (self.doc.subtitle and not is_heading_like(text)):
                self.pending_key = None
                return False
            if key == "SUBJECT":
                self.pending_key = None
            self.doc.subtitle = f"{self.doc.subtitle}; {text}" if self.doc.subtitle else text
            self.set_aside(para, "subject of the conversation", "header-key-value", "titleStmt/title[@type='sub']")
            return True
        if not is_participant_line(text):
            self.pending_key = None
            return False
        self.set_aside(para, "a participant named in the record's header", "header-key-value",
                       "particDesc/listPerson")
        return True

    def _dateline(self, para: SourceParagraph, match) -> None:
        self.doc.date, self.doc.date_text = parse_date(match.group("date")), match.group("date").strip()
        self.doc.place = self.doc.place or match.group("place").strip()
        if match.group("hour"):
            hour = int(match.group("hour")) % 12 + (12 if match.group("half") == "p" else 0)
            self.doc.time_from = self.doc.time_from or f"{hour:02d}:{match.group('minute') or '00'}"
            if match.group("hour2"):   # "7–8 p.m."
                hour2 = int(match.group("hour2")) % 12 + (12 if match.group("half") == "p" else 0)
                self.doc.time_to = self.doc.time_to or f"{hour2:02d}:{match.group('minute2') or '00'}"
        self.set_aside(para, "place, date and time of the record", "dateline", "settingDesc/setting")
        self.last_dateline = para

    def _date_line(self, para: SourceParagraph) -> None:
        iso = parse_date(para.text)
        if self.doc.date is None:
            self.doc.date, self.doc.date_text = iso, para.text.strip()
            self.set_aside(para, "date of the document", "date-line", "settingDesc/setting/date")
        elif iso == self.doc.date:
            self.set_aside(para, "date line repeating the date of the document", "duplicate-date-line")
        else:
            self.warn(para, f"date line {para.text.strip()!r} differs from the document date {self.doc.date}")
            self.set_aside(para, "a second, different date line", "other-date-line")

    def _collect_participant_fields(self, paragraphs: list[SourceParagraph]) -> None:
        """Participants named in the record's header (``PARTICIPANTS: a; b`` or a ``PARTICIPANTS`` heading
        with a name per paragraph) are known before any label is resolved."""
        names: list[str] = []
        roles: dict[str, str] = {}
        role_forms: dict[str, str] = {}
        under_heading = False
        for para in paragraphs:
            text = para.text.strip()
            if para.number <= 3 and "\n" not in text:
                parties = headers.title_persons(text)
                names += [person for person, _office in parties]
                if len(parties) == 2 and not self.title_parties:
                    self.title_parties = [person for person, _office in parties]
            with_line = _WITH_LINE.search(text) if para.number <= 5 and "\n" not in text else None
            if with_line and not label_rules.match_label(text):
                names += headers.split_persons(with_line.group("list"))
            role = headers.role_line(text)
            if role:
                names.append(role[0])
                roles[role[0]] = role[1]
                continue
            if under_heading and is_participant_line(text):
                names.append(text)
                continue
            under_heading = False
            key = KEY_HEADING.match(text)
            if key:
                under_heading = key.group("key").upper() in ("PARTICIPANTS", "PRESENT")
                continue
            match = headers.match_field(text)
            front = headers.parse_front_matter(text) if para.number == 1 else None
            fields = header_fields(para.text) if match else front or ()
            if front is not None:
                self.front_title = next((v for k, v in front if k == "title"), None)
            for field, value in fields:
                unit = headers.field_for(field)
                if unit is not None and unit.kind in ("participants", "interpreters", "interviewer"):
                    names += headers.split_persons(value)
                    if unit.kind != "participants":
                        roles.update((n, unit.kind.rstrip("s")) for n in headers.split_persons(value))
                        if len(headers.split_persons(value)) == 1:   # "Interviewer: M. Mahoney", then "Interviewer:"
                            role_forms[unit.kind.rstrip("s")] = headers.split_persons(value)[0]
                    if field.casefold() == "speakers" and len(headers.split_persons(value)) == 1:
                        self.sole_speaker = headers.split_persons(value)[0]
            if match is None and front is None and label_rules.match_label(para.text):
                break  # the header block is over once someone speaks
        for name in names:
            person_name = re.sub(r"\s*\(.*?\)", "", name).strip()
            if not person_name:
                continue
            pid = self._register_id(person_name) or label_rules.slugify(label_rules.normalise_name(person_name))
            self._add_person(Person(pid, label_rules.display_name(person_name), roles.get(name, "participant")),
                             (person_name,))
        for role, name in role_forms.items():
            pid = self.forms.get(label_rules.normalise_name(re.sub(r"\s*\(.*?\)", "", name).strip()))
            if pid:
                self.forms.setdefault(role, pid)

    def _header_field(self, key: str, value: str) -> str:
        """Take one ``KEY: value`` of the record's header; return where it went in the TEI header."""
        unit = headers.field_for(key)
        kind = unit.kind if unit is not None else "note"
        if kind in ("participants", "interpreters", "interviewer"):
            return "particDesc/listPerson"
        if kind == "subject":
            self.doc.subtitle = value
            return "titleStmt/title[@type='sub']"
        if kind == "date":
            self.doc.date, self.doc.date_text = parse_date(value) or self.doc.date, value
            if key.casefold().startswith("date and"):
                self._times(value)
            return "settingDesc/setting/date"
        if kind == "time":
            self._times(value)
            return "settingDesc/setting/date"
        if kind == "place":
            self.doc.place = value.rstrip(".\u00ad")
            return "settingDesc/setting/placeName"
        if kind == "title" and value:
            self.doc.title = self.doc.title or value
            return "titleStmt/title"
        if kind == "transcriber" and value:
            self.doc.transcriber = value
            return "titleStmt/respStmt"
        if kind == "recorder" and value:
            self.doc.recorder = self.doc.recorder or value
            return "titleStmt/respStmt"
        if kind == "summary" and value:
            self.doc.abstract.append(value)
            return "profileDesc/abstract"
        self.doc.header_notes.append(f"{key.capitalize()}: {value}")
        return "fileDesc/notesStmt"

    def _place_headings(self, headings: list[list[SourceParagraph]]) -> None:
        if not headings:
            return
        if len(headings) >= 2:
            title = headings.pop(0)
            self.doc.title = " ".join(p.text.strip() for p in title)
            for para in title:
                self.set_aside(para, "title of the web page", "first-heading", "titleStmt/title")
        for extra in headings[:-1]:
            for para in extra:
                self.set_aside(para, "heading between title and record", "extra-heading")
        self._add_head(headings[-1], "heading")
        headings.clear()

    def _add_head(self, paras: list[SourceParagraph], rule: str) -> None:
        self.doc.body.append(Head(tuple(p.text for p in paras), paras[0].origin, tuple(p.number for p in paras)))
        for para in paras:
            self.decide(para, rule, "body: head")
        if self.doc.title is None:
            self.doc.title = " ".join(p.text.strip() for p in paras)

    # ------------------------------------------------------------------ body
    def _page_furniture(self, para: SourceParagraph) -> bool:
        """``page-number`` (``121`` alone, the foot of a page), ``page-heading`` (``Page 4.``, a running
        head ending in the page's number at the top of a page), ``running-head`` (a court reporter's
        session code, ``10 Dec-A-GES-12-1-Lehnhardt``): a page break with its number, not text."""
        text = para.text.strip()
        if len(text) > 90:
            return False
        foot, top = _PAGE_NUMBER.fullmatch(text), _PAGE_HEADING.fullmatch(text)
        if foot:
            self.doc.body.insert(self.page_start, PageBreak(para.origin, foot.group("n")))
            self.page_start = len(self.doc.body)
            self.set_aside(para, "page number at the foot of a page", "page-number", "pb/@n")
            return True
        if top:
            self.doc.body.append(PageBreak(para.origin, top.group("n") or top.group("n2")))
            self.page_start = len(self.doc.body)
            self.set_aside(para, "page heading", "page-heading", "pb/@n")
            return True
        if para.number == 1 and _RUNNING_HEAD.fullmatch(text):
            self.set_aside(para, "running head of the page", "running-head")
            return True
        return False

    def _caption_body(self, para: SourceParagraph) -> str:
        """A caption paragraph joins lines of several cues: an error or a warning about its text names the
        line and column of the file, not of the paragraph."""
        warned, doubted = len(self.result.warnings), len(self.result.doubts)
        where = re.compile(rf"^{re.escape(self.source.path)}:{para.line}:(\d+): ")

        def in_file(match) -> str:
            found = self.captions.source_position(para.number, int(match.group(1)))
            return f"{self.source.path}:{found[0]}:{found[1]}: " if found else match.group()
        try:
            zone = self._body(para)
        except SourceError as error:
            found = self.captions.source_position(para.number, error.column or 1) if error.line == para.line else None
            if found is None:
                raise
            raise SourceError(error.detail, path=error.path, line=found[0], column=found[1]) from None
        for index in range(warned, len(self.result.warnings)):
            self.result.warnings[index] = where.sub(in_file, self.result.warnings[index])
        for index in range(doubted, len(self.result.doubts)):
            self.result.doubts[index] = where.sub(in_file, self.result.doubts[index])
        return zone

    def _body(self, para: SourceParagraph) -> str:
        """The first body rule (``BODY_RULES``, in their order) that takes the paragraph decides."""
        text = para.text
        for rule in self._body_rules:
            zone = rule(para, text)
            if zone is not None:
                return zone
        raise AssertionError("continues-turn takes every paragraph")

    # ------------------------------------------------------------------ body rules (see BODY_RULES)
    def _rule_page_furniture(self, para, text):
        return "body" if self._page_furniture(para) else None

    def _rule_closing_signature(self, para, text):
        closer = CLOSER.match(text.strip())
        if not closer or len(text) >= 150:
            return None
        self._close_empty_turn()
        name = closer.group("name")
        self.doc.recorder = name
        self.doc.body.append(Closer(text.strip(), "recorder", name, len(closer.group("lead")),
                                    para.origin, para.number))
        self.decide(para, "closing-signature", "body: closer/signed")
        self.turn = None
        return "back"

    def _rule_stage_paragraph(self, para, text):
        if not self._is_stage_paragraph(text):
            return None
        self._stage_paragraph(para, "stage-paragraph")
        return "body"

    def _rule_examination_by(self, para, text):
        examiner = _EXAMINATION.fullmatch(text.strip()) if text[:1] in "BCDR" else None
        if not examiner:
            return None
        name = examiner.group("name")
        self.questioner, _ = self._resolve(name, label_rules.normalise_name(name), {}, para)
        self._close_empty_turn()
        self._narrative(para, "examination-by")
        self.turn, self.after_narrative = None, False
        return "body"

    def _rule_unnamed_speaker_change(self, para, text):
        """A caption's speaker-change marker (``>>``, a dialogue dash) with no name after it: someone else
        speaks, and nothing says who. Narrative, attributed to no one; one doubt for all of them."""
        if self.captions is None or para.number not in self.captions.unnamed:
            return None
        self._close_empty_turn()
        self._narrative(para, "unnamed-speaker-change")
        self.turn, self.after_narrative = None, False
        self.unnamed_changes.append(para)
        return "body"

    def _rule_speaker_label(self, para, text):
        label = self.labels.get(para.number)
        if label is None:
            return None
        if label.text in ("Q", "Q.") and self.questioner:
            label = Label(label.text, self.questioner, None, label.stage, label.separator, label.origin,
                          label.timecode)   # "BY MR. SMITH:" says who asks the questions that follow
        elif label.text in ("A", "A.") and self.sole_speaker:
            who = self.forms.get(label_rules.normalise_name(self.sole_speaker))
            if who and who != label.who:   # after a talk, the one speaker the front matter names answers
                if not self.answers_given:
                    self.doubt(para, f"'A' read as {who!r}, the one speaker the front matter names (sole-speaker)")
                self.answers_given = True
                label = Label(label.text, who, None, label.stage, label.separator, label.origin, label.timecode)
        self._turn_paragraph(para, label)
        return "body"

    def _rule_caption_pause(self, para, text):
        """A caption paragraph opened by a pause, no marker saying that someone else speaks: the turn goes on."""
        if self.captions is None or para.number not in self.captions.resumed or self.turn is None \
                or self.after_narrative:
            return None
        self._speech_paragraph(para, "caption-pause")
        return "body"

    def _rule_speech_after_bare_label(self, para, text):
        if not self.awaiting_speech:
            return None
        self.awaiting_speech = False
        self._speech_paragraph(para, "speech-after-bare-label")
        return "body"

    def _rule_section_marker(self, para, text):
        if not _SECTION_MARKER.match(text.strip()):
            return None
        self._narrative(para, "section-marker")
        return "body"

    def _rule_list_item(self, para, text):
        if self.turn is None or not _LIST_ITEM.match(text):
            return None
        self._speech_paragraph(para, "list-item")
        return "body"

    def _rule_sole_speaker(self, para, text):
        if self.turn is not None or not self.sole_speaker or is_heading_like(text) \
                or self._is_narrative(text) or text.lstrip().startswith(("<", "(", "[")):
            return None
        who = self.forms.get(label_rules.normalise_name(self.sole_speaker))
        self._open_turn(Label("", who, origin=para.origin), (), para, "sole-speaker", silent=True)
        self._speech_paragraph(para, "sole-speaker")
        self.doubt(para, f"no label: given to {who!r}, the one speaker the front matter names (sole-speaker)")
        return "body"

    def _rule_before_first_turn(self, para, text):
        if self.turn is not None:
            return None
        self._narrative(para, "before-first-turn")
        return "body"

    def _rule_run_on_line(self, para, text):
        if self.turn is None or para.number not in self.run_on_lines:
            return None
        self._speech_paragraph(para, "run-on-line")   # the doubt was said when its label was set aside
        return "body"

    def _rule_heading_in_body(self, para, text):
        if not is_heading_like(text):
            return None
        self._narrative(para, "heading-in-body")
        return "body"

    def _rule_bracketed_paragraph(self, para, text):
        if not re.fullmatch(r"\[[^\[\]]*\][.\s]*", text.strip()):
            return None
        self._narrative(para, "bracketed-paragraph")
        return "body"

    def _rule_reported_speech(self, para, text):
        if not _REPORTED.match(text):
            return None
        self._narrative(para, "reported-speech")
        return "body"

    def _rule_third_person_narrative(self, para, text):
        if not self._is_narrative(text):
            return None
        self._narrative(para, "third-person-narrative")
        return "body"

    def _rule_continues_turn(self, para, text):
        if _LABEL_LIKE.match(text) and len(text.split(":")[0].split()) <= 6:
            self.doubt(para, f"{text.split(':')[0].strip()!r} starts like a speaker label but has no label's "
                             f"shape: kept in the turn of {self.turn.label.who!r}")
        if self.after_narrative:
            self._open_turn(Label("", self.turn.label.who, origin=para.origin), (), para,
                            "resumes-after-narrative", silent=True)
            self.doubt(para, f"no label: given to {self.turn.label.who!r}, who spoke before the narrative "
                             "paragraph above (resumes-after-narrative)")
        self._speech_paragraph(para, "continues-turn")
        return "body"

    def _is_stage_paragraph(self, text: str) -> bool:
        stripped = text.strip()
        match = re.fullmatch(r"\((?P<inner>[^()]*(?:\([^()]*\)[^()]*)*)\)(?P<tail>[.\s\u00a0]*)", stripped)
        return bool(match) and classify_parenthetical(match.group("inner")) is not None

    def _stage_paragraph(self, para: SourceParagraph, rule: str) -> None:
        text = para.text
        lead = len(text) - len(text.lstrip())
        close = text.rstrip().rfind(")")
        inner = text[lead + 1:close]
        content = parse_inline(inner, Origin(para.line, lead + 2), self.context)
        stage_type = classify_parenthetical(inner) or "action"
        if stage_type == "time":
            self._times(inner)
        if self.doc.date is None and not any(isinstance(b, Turn) for b in self.doc.body) and parse_date(inner):
            self.doc.date, self.doc.date_text = parse_date(inner), inner   # "(THE HEARING RE-CONVENED … 9 DECEMBER 1946)"
        block = StageBlock(Stage(stage_type, content, Origin(para.line, lead + 1)), text[close + 1:], para.number)
        if self.turn is not None and not self.after_narrative:
            self.turn.blocks.append(block)
            self.decide(para, rule, f"sp: stage[@type='{stage_type}']")
        else:
            self.doc.body.append(block)
            self.decide(para, rule, f"body: stage[@type='{stage_type}']")

    def _times(self, text: str) -> None:
        times = [f"{int(h):02d}:{m}" for h, m in _TIME.findall(text)]
        if times and self.doc.time_from is None:
            self.doc.time_from = times[0]
            if len(times) > 1:
                self.doc.time_to = times[1]

    def _is_narrative(self, text: str) -> bool:
        unquoted = _QUOTED.sub("", text)
        if _PRONOUNS.search(unquoted):
            return False
        if _REPORTING.search(unquoted) or _HONORIFIC_NAME.search(unquoted):
            return True
        normalised = " " + label_rules.normalise_name(unquoted) + " "
        return any(f" {form} " in normalised for form in self.forms if len(form) > 3)

    def _narrative(self, para: SourceParagraph, rule: str) -> None:
        content = self._cue_start(para) + parse_inline(para.text, para.origin, self.context)
        self.doc.body.append(Narrative(Paragraph(content, para.origin, para.number)))
        self.decide(para, rule, "body: p[@type='narrative']")
        if self.turn is not None:
            self.after_narrative = True

    def _turn_paragraph(self, para: SourceParagraph, label: Label) -> None:
        offset = self._rest[para.number]
        segments = self._segments(para.text[offset:], Origin(para.line, offset + 1))
        first = ()
        if segments and segments[0][0] == "text":
            _, text, origin = segments.pop(0)
            first = parse_inline(text, origin, self.context)
        if label.corrected is not None:
            self.warn(para, f"speaker label {label.text!r} read as {label.corrected!r} (a slip)")
        continuation = label_rules.CONTINUES.search(label.text)
        if continuation and self.turn is not None and self.turn.label.who == label.who and not self.after_narrative:
            self.turn.blocks.append(Continuation(label))
            if first:
                self.turn.blocks.append(Paragraph(first, para.origin, para.number))
            self.decide(para, "continuation-label", f"sp[@who='#{label.who}'] continues")
        else:
            self._close_empty_turn()
            self._open_turn(label, first, para, _label_rule(self.label_shapes.get(para.number)))
        self._append_segments(segments, para)
        self.awaiting_speech = not first and not segments and not self.turn.blocks
        if self.awaiting_speech:
            self.turn.label_alone = True

    def _close_empty_turn(self) -> None:
        """A label followed by no speech at all is not a turn: its paragraph becomes narrative."""
        turn = self.turn
        if turn is None or turn.first_content or turn.blocks or not turn.label.text:
            return
        self.doc.body.remove(turn)
        text = self._written_labels.get(turn.label.origin.line) or \
            turn.label.text + (turn.label.separator.strip() or ":")
        self.doc.body.append(Narrative(Paragraph((text,), turn.label.origin, 0)))
        self.warn(None, f"line {turn.label.origin.line}: label {turn.label.text!r} has no speech after it: "
                        "kept as narrative")
        self.awaiting_speech = False
        self.turn = None

    def _open_turn(self, label: Label, content, para, rule: str, silent: bool = False) -> None:
        self.turn = Turn(label, [], tuple(content))
        self.doc.body.append(self.turn)
        self.after_narrative = False
        if not silent:
            self.decide(para, rule, f"sp[@who='#{label.who}']")

    def _speech_paragraph(self, para: SourceParagraph, rule: str) -> None:
        assert self.turn is not None
        segments = self._segments(para.text, para.origin)
        kinds = {kind for kind, _, _ in segments}
        blocks = len(self.turn.blocks)
        self._append_segments(segments, para)
        start = self._cue_start(para) if len(self.turn.blocks) > blocks else ()
        if start and isinstance(self.turn.blocks[blocks], Paragraph):   # a caption's cue start opens it
            first = self.turn.blocks[blocks]
            self.turn.blocks[blocks] = Paragraph(start + first.content, first.origin, first.number)
        what = "list/item" if kinds == {"item"} else "p" if kinds == {"text"} else "p and list/item"
        self.decide(para, rule, f"sp[@who='#{self.turn.label.who}']: {what}")

    @staticmethod
    def _segments(text: str, origin: Origin) -> list[tuple[str, str, Origin]]:
        """Split a paragraph's lines into runs of text and list items (lines starting with a dash)."""
        segments: list[tuple[str, str, Origin]] = []
        for number, line in enumerate(text.split("\n")):
            where = Origin(origin.line + number, origin.column if number == 0 else 1)
            if _LIST_ITEM.match(line):
                segments.append(("item", line, where))
            elif segments and segments[-1][0] == "text":
                kind, previous, start = segments[-1]
                segments[-1] = (kind, previous + "\n" + line, start)
            elif line:
                segments.append(("text", line, where))
        return segments

    def _append_segments(self, segments, para: SourceParagraph) -> None:
        blocks = self.turn.blocks
        for kind, text, origin in segments:
            if kind == "text":
                blocks.append(Paragraph(parse_inline(text, origin, self.context), origin, para.number))
                continue
            marker = _LIST_ITEM.match(text)
            mark = marker.group("marker") or marker.group("marker2")
            item = ListItem(parse_inline(text[len(mark):], Origin(origin.line, origin.column + len(mark)),
                                         self.context), origin, para.number, mark)
            if blocks and isinstance(blocks[-1], ItemList):
                blocks[-1] = ItemList(blocks[-1].items + (item,))
            else:
                blocks.append(ItemList((item,)))

    # ------------------------------------------------------------------ labels
    def _register_id(self, name: str) -> str | None:
        if self.register is None:
            return None
        entry = self.register.match_label(name)
        return getattr(entry, "id", None) if entry is not None else None

    def _resolve_labels(self, paragraphs: list[SourceParagraph]) -> None:
        """Find every label first, so that a rare misspelling can be matched to a frequent form."""
        found: dict[int, tuple[label_rules.LabelMatch, str]] = {}
        counts: dict[str, int] = {}
        for para in paragraphs:
            if any(o.matches(para.number, para.line, para.text) and o.role for o in self.meta.overrides):
                continue
            if not counts and (headers.match_field(para.text) or para.number == 1 and
                               headers.parse_front_matter(para.text) is not None):
                continue   # a header field is never a speaker
            match = self._voice_label(para) or label_rules.match_label(para.text)
            if match is None or match.name == self.front_title \
                    or para.text[:1] in "BCDR" and _EXAMINATION.fullmatch(para.text.strip()):
                continue   # "Drivechain: An interoperability layer…" after a front matter titled "Drivechain"
            if match.shape == "name-line-label" and is_date_line(para.lines[1] if len(para.lines) > 1 else ""):
                continue   # "HANSARD" / "Wednesday, 14th March, 1990": a record's heading and its date
            name = label_rules.CONTINUES.sub("", match.resolve_name)
            key = label_rules.normalise_name(name)
            found[para.number] = (match, key)
            counts[key] = counts.get(key, 0) + 1
        by_number = {p.number: p for p in paragraphs}
        shouted = _labels_in_capitals(found.values(), counts)
        #: paragraphs that are a line of the turn before, wrapped where a word and a colon began a line
        self.run_on_lines: set[int] = set()
        # ``shape-of-the-turns``: a shape whose labels, each with the time into the recording, open the turns of
        # this transcript (two names or more, each opening two paragraphs or more) takes a name seen once too
        # ("00:00:53 [Bob Therriault]", later "BT"); without a time it may be a heading ("INTRODUCTION")
        confirmed = Counter(shape for shape, key in {(m.shape, k) for m, k in found.values()
                                                     if m.candidate and m.timecode} if counts[key] >= 2)
        for number, (match, key) in list(found.items()):
            if match.candidate and match.timecode and counts[key] < 2 and confirmed[match.shape] >= 2:
                self.doubt(by_number[number], f"{match.name!r} opens no other paragraph, but labels of its shape "
                           f"({match.shape}) open the turns of this transcript: read as a speaker label "
                           "(shape-of-the-turns)")
            elif match.candidate and counts[key] < 2:
                del found[number]  # "NATO. The alliance…" once is a sentence, not a speaker
                counts[key] -= 1
                self.doubt(by_number[number], f"{match.name + match.separator.strip()!r} starts like a speaker label "
                           f"({match.shape}) but opens no other paragraph: read as text")
            elif shouted and counts[key] < 2 and not _surname_in_capitals(match.name) \
                    and _runs_on(by_number.get(number - 1)):
                # "…at issue in Reed / Elsevier: "No civil action…"": a line of speech wrapped before a word and
                # a colon, where every speaker's name is in capitals and the line before ends mid-sentence
                del found[number]
                counts[key] -= 1
                self.run_on_lines.add(number)
                self.doubt(by_number[number], f"{match.name + match.separator.strip()!r} starts like a speaker label "
                           "but is not in capitals as every speaker's name here is, opens no other paragraph and "
                           "follows a line that does not end a sentence: read as text")
        self.labels: dict[int, Label] = {}
        self.label_shapes: dict[int, str] = {}
        self.initials_labels = {m.name for m, _ in found.values() if _INITIALS.fullmatch(m.name)}
        # initials last ("JFK", "RH"): by then the other labels have told who is who
        once: list[tuple[SourceParagraph, str, str]] = []   # (paragraph, label, who) of labels seen once
        for number, (match, key) in sorted(found.items(), key=lambda item: _INITIALS.fullmatch(item[1][0].name) is not None):
            para = by_number[number]
            name = label_rules.CONTINUES.sub("", match.resolve_name)
            declared = key in self.forms or self._register_id(name) is not None
            who, corrected = self._resolve(name, key, counts, para)
            if counts[key] == 1 and not declared and corrected is None and match.shape != "webvtt-voice":
                # a slip is reported as such; a voice span names its speaker for certain
                once.append((para, match.name, who))
            if match.office_names:
                # "The Prime Minister (Mr Tony Blair)": the office alone names him later
                self.forms.setdefault(label_rules.normalise_name(match.office), who)
            stage = None
            timecode = None
            if match.stage and not match.timecode and TIMECODE.fullmatch(match.stage.strip()):
                # "Speaker 7 (00:00):": where in the recording the turn begins, not a time of day
                timecode = Timecode(match.stage.strip(), "()", para.origin)
            elif match.stage:
                stage = Stage(classify_parenthetical(match.stage) or "delivery",
                              (match.stage,), Origin(para.line, match.stage_offset))
                stage = Stage("delivery" if stage.type == "action" else stage.type, stage.content, stage.origin)
            if match.timecode:
                code = match.timecode
                timecode = Timecode(code[1:-1], code[0] + code[-1], para.origin) if code[0] in "[(" \
                    else Timecode(code, "", para.origin)
            if timecode is None:
                timecode = next(iter(self._cue_start(para)), None)
            name = match.name + ("." if match.period else "")
            self.labels[number] = Label(name, who, corrected and corrected + ("." if match.period else ""),
                                        stage, match.separator, para.origin, timecode, supplied=match.supplied)
            self.label_shapes[number] = match.shape
        self._rest = {n: m.rest_offset for n, (m, _) in found.items()}
        #: each label as written (its stage or timecode and separator too), by its line
        self._written_labels = {by_number[n].line: by_number[n].text[:m.rest_offset].strip()
                                for n, (m, _) in found.items()}
        turns = Counter(label.who for label in self.labels.values())
        for para, written, who in once:   # "Mr. MITCHELL" once, after "Mr. GEORGE MITCHELL": his second turn
            if turns[who] == 1:
                self.doubt(para, f"speaker label {written!r} is seen once: check that it names who speaks")

    def _voice_label(self, para: SourceParagraph) -> label_rules.LabelMatch | None:
        """``webvtt-voice``: the name of the WebVTT voice span (``<v Name>``) that opens a caption paragraph,
        written before its text as ``Name: ``: a label for certain, whatever its shape;
        ``caption-bracket-name``: a name in brackets at the start of a cue (``[Alba] …``), likewise."""
        voice = self.captions.voices.get(para.number) if self.captions is not None else None
        if voice is None:
            return None
        name, shape = voice
        separator = para.text[len(name):len(name) + 2]
        return label_rules.LabelMatch(name, None, -1, separator, len(name) + len(separator), False, shape=shape)

    def _unplaced_cue_starts(self) -> None:
        """A cue timing whose start became no milestone (its paragraph went elsewhere) is in the report only."""
        placed = {self.captions.cue_lines[n] for n in self.cue_starts_placed}
        unplaced = set(self.captions.cue_lines.values()) - placed
        self.doc.set_aside = [replace(item, destination=None) if item.origin.line in unplaced and item.number == 0
                              and item.destination == TIMECODE_DESTINATION else item for item in self.doc.set_aside]

    def _cue_start(self, para: SourceParagraph) -> tuple[Timecode, ...]:
        """A caption paragraph's position in the recording, the start of its first cue: once."""
        if self.captions is None or para.number in self.cue_starts_placed or para.number not in self.captions.starts:
            return ()
        self.cue_starts_placed.add(para.number)
        return (Timecode(self.captions.starts[para.number], "cue", para.origin),)

    def _resolve(self, name: str, key: str, counts: dict[str, int], para) -> tuple[str, str | None]:
        registered = self._register_id(name)
        if registered:
            self._add_person(Person(registered, label_rules.display_name(name), "speaker"), (name,))
            return registered, None
        if key in self.forms:
            return self.forms[key], None
        tokens = key.split()
        candidates = {pid for form, pid in self.forms.items() if tokens and set(tokens) <= set(form.split())}
        if len(tokens) == 1 and len(tokens[0]) == 1:
            candidates |= {pid for form, pid in self.forms.items()
                           if any(w.startswith(tokens[0]) for w in form.split())}
        if len(candidates) == 1:
            pid = candidates.pop()
            self.forms[key] = pid
            return pid, None
        if not candidates:
            candidates = self._by_initials(name) or self._by_office(key) or self._other_party(name, para)
        if len(candidates) == 1:
            pid = candidates.pop()
            self.forms[key] = pid
            return pid, None
        if len(candidates) > 1:
            self.doubt(para, f"speaker label {name!r} could be any of {', '.join(sorted(candidates))}; "
                            "treated as a participant of its own (set who in an [[override]] to decide)")
        # a rare form a slip of a frequent one?
        for other, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            if counts[key] == 1 and count > 1 and key not in self.forms and label_rules.is_slip(key, other):
                pid = self.forms.get(other) or label_rules.slugify(other)
                written_word = next((w for w in name.split() if label_rules.normalise_name(w) and
                                     label_rules.normalise_name(w) not in other.split()), None)
                corrected_word = next((w for w in other.split() if w not in key.split()), None)
                corrected = None
                if len(key.split()) != len(other.split()):
                    # a slip in the spacing ("MR. WASIKE— NDOMBI" for "MR. WASIKE—NDOMBI"): the frequent form's
                    # words after the written honorifics, not one word put in another's place
                    corrected = _respelled(name, other)
                elif written_word and corrected_word:
                    corrected = name.replace(written_word, _match_case(corrected_word, written_word))
                return pid, corrected or other
        pid = base = label_rules.slugify(key)
        number = 1
        # another label's participant with the same id is another person ("Хрущёв" and "Chruščov" may
        # spell one name two ways, but that is the editor's call): a numbered id, never a merge
        while pid in self.people and (pid in self.label_ids or pid not in self.forms.values()):
            number += 1
            pid = f"{base}-{number}"
        if number > 1:
            self.doubt(para, f"speaker label {name!r} makes the id of another label's participant, {base!r}: "
                             f"a participant of its own, {pid!r} (declare one participant with both forms if they "
                             "are one person)")
        if self.declared and pid not in self.people:
            where = "the register or the participants" if self.register is not None else "the participants"
            self.doubt(para, f"speaker label {name!r} matches none of {where}: a new participant "
                            f"'{pid}' (declare it, or set who in an [[override]])")
        self._add_person(Person(pid, label_rules.display_name(name), "speaker"), (name,))
        self.label_ids.add(pid)
        return pid, None

    def _by_initials(self, name: str) -> set[str]:
        """``initials``: "MSM" is Michael S. Mahoney (all initials); "JFK", "GWB" are whoever's surname
        starts with the last letter (Kennedy, Ball), when only one person's does."""
        if not re.fullmatch(r"[A-Z]{2,4}", name):
            return set()
        letters = name.casefold()
        known = {form: pid for form, pid in self.forms.items() if len(form.split()) > 1 or len(form) > 2}
        exact = {pid for form, pid in known.items() if "".join(w[0] for w in form.split()) == letters}
        if exact:
            return exact
        return {pid for form, pid in known.items() if form.split()[-1].startswith(letters[-1])
                and len(form.split()[-1]) > 2}

    def _other_party(self, name: str, para) -> set[str]:
        """``other-party``: in a conversation the title says is between two persons, initials that fit
        neither ("JFK" with Hilsman, already "RH", and "the President") go to the party who has no
        initials yet; a doubt, since the text does not say so."""
        if not _INITIALS.fullmatch(name) or len(self.title_parties) != 2:
            return set()
        parties = {self.forms.get(label_rules.normalise_name(p)) for p in self.title_parties} - {None}
        with_initials = {pid for form, pid in self.forms.items() if _INITIALS.fullmatch(form.upper())}
        for other in self.initials_labels - {name}:   # "RH" fits Hilsman by its letters
            fits = self._by_initials(other)
            with_initials |= fits if len(fits) == 1 else set()
        left = parties - with_initials
        if len(parties) == 2 and len(left) == 1:
            self.doubt(para, f"speaker label {name!r} fits neither party of the title by its letters: given to "
                             f"{next(iter(left))!r}, the party without initials (other-party)")
            return left
        return set()

    def _by_office(self, key: str) -> set[str]:
        """``office``: "The President" is the one participant named with that office ("President Kennedy")."""
        words = [w for w in key.split() if w != "the"]
        if not words or not all(w in label_rules.TITLES for w in words):
            return set()
        return {pid for pid, person in self.people.items()
                if set(words) <= set(person.name.casefold().replace(".", " ").split())}

    # ------------------------------------------------------------------ back matter
    def _back(self, para: SourceParagraph) -> None:
        text = para.text.strip()
        if any(p.match(text) for p in self.boilerplate):
            self.set_aside(para, "web-page leftover", "boilerplate")
        elif ARCHIVAL.match(text) or TRANSLATOR.search(text):
            self._citation(para)
        elif RIGHTS.search(text):
            self.doc.rights.append(para.text)
            self.set_aside(para, "rights statement as received", "rights-statement",
                           "publicationStmt/availability")
        elif self.doc.funder and text.rstrip(".") == self.doc.funder:
            self.set_aside(para, "repeats the funder named above", "duplicate-funder")
        elif is_date_line(text):
            self._date_line(para)
        elif len(text.split()) >= 15:
            self.doc.abstract.append(para.text)
            self.set_aside(para, "summary of the document", "summary-after-record", "profileDesc/abstract")
        else:
            self.warn(para, "unrecognised text after the end of the record: set aside")
            self.set_aside(para, "unrecognised text after the end of the record", "unrecognised-back-matter")

    def _citation(self, para: SourceParagraph) -> None:
        text = para.text.strip()
        archival = ARCHIVAL.match(text)
        if archival:
            abbr = archival.group("abbr")
            known = self.meta.archive(abbr)
            if known is None:
                self.warn(para, f"archive abbreviation {abbr!r} unknown: add [archives.{abbr}] to the editorial file")
            name, settlement, country = known or (abbr, None, None)
            first, last = archival.group("first"), archival.group("last")
            self.doc.archival_source = ArchivalSource(
                citation=archival.group(0).rstrip("."), repository_abbr=abbr,
                repository=f"{name} ({abbr})" if known else abbr, settlement=settlement, country=country,
                fond=archival.group("fond"), opis=archival.group("opis"), year=archival.group("year"),
                delo=archival.group("delo"), folios=(first, last or first) if first else None)
        translator = TRANSLATOR.search(text)
        if translator:
            self.doc.translator = translator.group("name")
        self.set_aside(para, "archival citation and translator", "archival-citation",
                       "sourceDesc/msDesc and titleStmt/respStmt")

    # ------------------------------------------------------------------ end
    def _finish(self) -> None:
        self._close_empty_turn()
        dateline = self.last_dateline
        if dateline is not None and all(isinstance(b, (Head, PageBreak)) for b in self.doc.body):
            # a record with no text but its heading and dateline: the dateline stays text as well
            self.doc.set_aside = [s for s in self.doc.set_aside if s.number != dateline.number]
            self.result.decisions = [d for d in self.result.decisions if d.number != dateline.number]
            self._narrative(dateline, "dateline-as-text")
        if self.doc.date is None and self.doc.title and parse_date(self.doc.title):
            self.doc.date = parse_date(self.doc.title)   # "Národná rada Slovenskej republiky – 1996-06-25"
            self.doc.date_text = self.doc.date
        if self.doc.place is None and self.doc.title:
            # "…, China, 2 October 1958": a title that ends in place and date
            match = re.search(r",\s*(?P<place>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}),\s*[^,]*\d{4}\s*$", self.doc.title)
            if match and parse_date(self.doc.title[match.end("place"):]):
                self.doc.place = match.group("place")
        speakers = {b.label.who for b in self.doc.body if isinstance(b, Turn)}
        people = []
        for person in self.people.values():
            if person.id in self.label_ids and person.id not in speakers:
                continue   # a label's participant whose turns all went to someone else ("A" after a talk)
            role = "speaker" if person.id in speakers and person.role == "participant" else person.role
            people.append(Person(person.id, person.name, role, person.forms))
        self.doc.participants = people
        if self.unnamed_changes:
            self.doubt(self.unnamed_changes[0], f"{len(self.unnamed_changes)} speaker change(s) marked in the captions "
                       "('>>' or a dialogue dash) with no name after them: their text is narrative, attributed to "
                       "no one (this is the first; name the speakers in the editorial file with [[override]])")
        if self.captions is not None:
            self._unplaced_cue_starts()
        if not speakers:
            self.warn(None, "no speaker labels found: the text is encoded as narrative only")


#: The rules for a paragraph of the record's body, in their order: the first that takes it decides, and
#: its name is the report's rule (a rule may name a finer one: "speaker-label: caption-label").
BODY_RULES = in_order([
    Unit("page-furniture", 10),
    Unit("closing-signature", 20),
    Unit("stage-paragraph", 30),
    Unit("examination-by", 40),
    Unit("unnamed-speaker-change", 45),
    Unit("speaker-label", 50),
    Unit("caption-pause", 55),
    Unit("speech-after-bare-label", 60),
    Unit("section-marker", 70),
    Unit("list-item", 80),
    Unit("sole-speaker", 90),
    Unit("before-first-turn", 100),
    Unit("run-on-line", 105),
    Unit("heading-in-body", 110),
    Unit("bracketed-paragraph", 120),
    Unit("reported-speech", 130),
    Unit("third-person-narrative", 140),
    Unit("continues-turn", 1000),
])


def bracket_responsibility(source: SourceText, meta: DocumentMetadata) -> str:
    """Whose brackets these are: the editorial file's ``bracket_resp``; else the translator's when the
    text is a translation (an original language in the editorial file, a translator named in the text);
    else the transcriber's. No translator is invented for a text that is not a translation."""
    if "bracket_resp" in meta.raw:
        return meta.bracket_resp
    if meta.original_language and meta.original_language != meta.language or any(
            TRANSLATOR.search(line) for line in source.text.split("\n") if "ranslated" in line and len(line) < 400):
        return "translator"
    return "transcriber"


def _label_rule(shape: str | None) -> str:
    """The report's rule for a turn opened by a label of this shape."""
    return "speaker-label" if shape in (None, "colon-label") else f"speaker-label: {shape}"


def _label_surnames(paragraphs: list[SourceParagraph]) -> set[str]:
    """Surnames in capitals of the labels that open two paragraphs or more ("MITCHELL")."""
    counts: dict[str, int] = {}
    for para in paragraphs:
        match = label_rules.match_label(para.text)
        if match is not None and not match.candidate:
            last = match.resolve_name.split()[-1] if match.resolve_name.split() else ""
            if last.isupper() and len(last) > 2:
                counts[last] = counts.get(last, 0) + 1
    return {name for name, count in counts.items() if count > 1}


def _capital_labels(paragraphs: list[SourceParagraph]) -> set[str]:
    """Labels in capitals that open two paragraphs or more ("MOLER"), as written."""
    counts = Counter(match.name for match in map(label_rules.match_label, (p.text for p in paragraphs))
                     if match is not None and not match.candidate and match.name.isupper())
    return {name for name, count in counts.items() if count > 1}


_SEPARATOR_TIMECODE = re.compile(rf"[\[(]?{TIMECODE.pattern}[\])]?")


def _label_mark(separator: str) -> str:
    """How a label ends, as the editorial declaration says it (``Document.label_marks``); a timecode written with
    it (``John G. Roberts, Jr. [00:00:00]``) is none of its marks."""
    mark = _SEPARATOR_TIMECODE.sub("", separator).strip()
    if ":" in mark or "：" in mark:
        return "colon"
    if mark.startswith("."):
        return "period"
    if "\t" in separator:
        return "tab"
    return "dash" if mark and mark[0] in "—–-" else "line"


def _opens_turn(line: str) -> bool:
    """A line that opens with a label of a certain shape (not a candidate, but for a name and a tab: the columns
    of a table, a line a turn): for ``one-turn-per-line``; the classifier still weighs a candidate."""
    match = label_rules.match_label(line)
    return match is not None and (not match.candidate or match.shape == "dash-or-tab-label" and "\t" in match.separator)


def _respelled(name: str, form: str) -> str | None:
    """``name`` as written with its words after the honorifics replaced by those of the normalised ``form``, in
    the case of the name's first such word: ("MR. WASIKE— NDOMBI", "wasike—ndombi") → "MR. WASIKE—NDOMBI"."""
    words = name.split()
    first = next((i for i, w in enumerate(words) if label_rules.normalise_name(w)), None)
    if first is None:
        return None
    return " ".join(words[:first] + [_match_case(w, words[first]) for w in form.split()])


def _match_case(word: str, model: str) -> str:
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def classify(source: SourceText, meta: DocumentMetadata, register=None, doc_id: str = "document") -> Classification:
    """Classify the paragraphs of a transcript into a ``Document``."""
    return Classifier(source, meta, register, doc_id).classify()
