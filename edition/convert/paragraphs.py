"""Source text → paragraphs and inline content. No XML here.

The source format (documented in README.md):

* paragraphs are separated by blank lines;
* ``Label:`` at the start of a paragraph opens a speaker turn (see ``labels.py``);
* ``(...)`` is a stage direction when it reads as one (``(Laughter)``), otherwise plain text;
* ``[...]`` is an insertion by the translator or editor: ``supplied`` words, or a gloss;
* a line starting with ``-`` inside a speech is a list item;
* a form feed is a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import SourceError
from .conventions.brackets import bracket_role
from .model import Gloss, Inline, Mark, Note, Origin, PageBreak, Stage, Supplied, Timecode
from .source import SourceText

_BLANK = re.compile(r"^[ \t\u00a0\u2000-\u200b\u3000]*$")
_OPENERS = {"(": ")", "[": "]"}
_BRACKET = re.compile(r"[()\[\]]")
_CLOSERS = {")": "(", "]": "["}


@dataclass(frozen=True)
class SourceParagraph:
    """A run of non-blank lines, as written (trailing white space of each line dropped)."""

    number: int   # 1-based, in source order
    line: int     # line of its first character
    text: str     # lines joined with "\n"

    @property
    def origin(self) -> Origin:
        return Origin(self.line, 1)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def split_paragraphs(source: SourceText) -> list[SourceParagraph]:
    """Split a transcript into paragraphs at blank lines."""
    paragraphs: list[SourceParagraph] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(source.text.split("\n"), 1):
        if _BLANK.match(line):
            if current:
                paragraphs.append(SourceParagraph(len(paragraphs) + 1, start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line.rstrip())
    if current:
        paragraphs.append(SourceParagraph(len(paragraphs) + 1, start, "\n".join(current)))
    return paragraphs


# ---------------------------------------------------------------- inline parsing

_STAGE_WORDS = (
    # English, and the words of parliamentary records in other languages (German, French, Spanish,
    # Italian, Slovak, Czech, Polish, Russian): "(Heiterkeit)", "(Beifall bei der SPD)", "(Potlesk.)"
    ("laughter", re.compile(r"\blaugh|\bheiterkeit|\blachen\b|\brires?\b|\brisas\b|\brisate\b|\bilarit|"
                            r"\bsmiech|\bsmích|\bśmiech|\bсмех", re.I)),
    ("applause", re.compile(r"\bapplau|\bbeifall|\baplaus|\bpotlesk|\boklask|\bаплодисмент", re.I)),
    ("silence", re.compile(r"\b(silen|pause)", re.I)),
    ("time", re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b(began|begins|ended|ends|adjourn|recess)", re.I)),
)
_SMALL_WORDS = {"of", "the", "and", "de", "van", "von", "la", "le", "du", "al", "el", "in", "on"}


#: A position in a recording, "00:12:45" or "12:45" (with tenths or thousandths): an interview's timecode.
TIMECODE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?")


def classify_parenthetical(content: str) -> str | None:
    """The ``stage/@type`` for a parenthetical that reads as a stage direction, else None."""
    if TIMECODE.fullmatch(content.strip()):
        return None  # a timecode, not the time of a meeting
    words = content.split()
    if not words or not content[:1].isupper() or re.match(r"(?:Note|See|Cf|Source)\b", content):
        return None
    for stage_type, pattern in _STAGE_WORDS:
        if pattern.search(content):
            return stage_type
    lowercase_words = [w for w in words[1:] if w[:1].islower() and w.lower() not in _SMALL_WORDS]
    if len(words) >= 2 and lowercase_words and len(words) <= 15:
        return "action"
    return None


def is_gloss(content: str) -> bool:
    """A bracket that names, dates or explains rather than supplies words: ``[Bulgaria]``,
    ``[November 1957]``, ``[less than 1 line of source text not declassified]``.

    Supplied words are few (a translator completes a phrase); seven words or more explain.
    """
    words = re.findall(r"[\w’'-]+", content)
    if not words:
        return False
    if len(words) >= 7:
        return True
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL_WORDS for w in words) \
        and any(w[:1].isupper() or w[:1].isdigit() for w in words)


@dataclass
class InlineContext:
    """What inline parsing needs to know: where the text is and whose brackets are."""

    path: str
    bracket_resp: str = "translator"
    literal_brackets: bool = False
    warnings: list[str] = field(default_factory=list)
    page_numbers: dict[int, str] = field(default_factory=dict)  # line of a form feed → its page's number
    notes: dict[str, str] = field(default_factory=dict)  # the source's notes by their marker: "1" → text


def parse_inline(text: str, origin: Origin, context: InlineContext) -> tuple[Inline, ...]:
    """Parse parentheses, brackets and form feeds of one paragraph's text.

    ``origin`` is the position of ``text[0]`` in the source; errors point into the source.
    """
    if context.literal_brackets:
        return _split_page_breaks(text, origin)
    for line, column, char in check_brackets(text, origin, context.path):
        context.warnings.append(f"{context.path}:{line}:{column}: closing '{char}' without an opening one: "
                                "kept as text")
    content, _ = _parse_until(text, 0, None, origin, context)
    return normalise_inline(content)


def check_brackets(text: str, origin: Origin, path: str) -> list[tuple[int, int, str]]:
    """Raise ``SourceError`` at an opening bracket that is never closed.

    A closing bracket with no opening one (``]]>``, ``a)``) is plain text; its position is returned so
    that the report can name it.
    """
    stack: list[tuple[str, int]] = []
    stray: list[tuple[int, int, str]] = []
    for match in _BRACKET.finditer(text):
        index, char = match.start(), match.group()
        if char in _OPENERS:
            stack.append((char, index))
        elif char in _CLOSERS:
            if not stack or stack[-1][0] != _CLOSERS[char]:
                stray.append((*_position(text, index, origin), char))
                continue
            stack.pop()
    if stack:
        char, index = stack[-1]
        line, column = _position(text, index, origin)
        raise SourceError(f"unbalanced '{char}': no closing '{_OPENERS[char]}' in this paragraph; if the source "
                          "really has it, set literal_brackets for this paragraph in the editorial file",
                          path=path, line=line, column=column)
    return stray


def _position(text: str, index: int, origin: Origin) -> tuple[int, int]:
    line_offset = text.count("\n", 0, index)
    if line_offset:
        return origin.line + line_offset, index - text.rfind("\n", 0, index)
    return origin.line, origin.column + index


_SPECIAL = re.compile(r"[()\[\]\f]")


def _parse_until(text: str, start: int, closer: str | None, origin: Origin, context: InlineContext):
    """Parse from ``start`` up to the matching ``closer``; return (content, index after closer)."""
    parts: list[Inline] = []
    index = start
    while True:
        match = _SPECIAL.search(text, index)
        if match is None:
            if index < len(text):
                parts.append(text[index:])
            return tuple(parts), len(text)
        found = match.start()
        char = text[found]
        if found > index:
            parts.append(text[index:found])
        if closer and char == closer:
            return tuple(parts), found + 1
        if char in _OPENERS:
            inner, after = _parse_until(text, found + 1, _OPENERS[char], origin, context)
            line, column = _position(text, found, origin)
            inner_text = text[found + 1:after - 1]
            if char == "[" and found and text[found - 1] == "\\" and inner_text.endswith("\\"):
                # Markdown's escaped brackets, "\\[laughter\\]": the backslashes are the format's, not text
                inner_text = inner_text[:-1]
                inner = _drop_last_char(inner)
                parts[-1] = parts[-1][:-1]
                if not parts[-1]:
                    parts.pop()
            parts.append(_bracketed(char, inner, inner_text, Origin(line, column), context,
                                    in_sentence=_inside_sentence(text, found, after)))
            index = after
        elif char == "\f":
            where = Origin(*_position(text, found, origin))
            parts.append(PageBreak(where, context.page_numbers.get(where.line)))
            index = found + 1
        else:  # a closing bracket that closes nothing here: plain text
            parts.append(char)
            index = found + 1


#: ``aside-in-sentence``: the words before a parenthesis run on (they end in a letter, a digit or a comma) and
#: a word in lower case follows it: "… from him (Larry Shampine was there too) and we did …".
_RUNS_ON = re.compile(r"[\w,;’'\"”]$")
_LOWER_WORD_AFTER = re.compile(r"[ \t\n]+[a-zà-ÿ]")


def _inside_sentence(text: str, opening: int, after: int) -> bool:
    """Does the parenthesis opening at ``opening`` (and closing before ``after``) stand inside a sentence? Not
    when it fills a line of its own: a record sets a heckler's words or an incident apart so (Bundestag)."""
    before = text[:opening].rstrip()
    line_start, line_end = text.rfind("\n", 0, opening) + 1, text.find("\n", after)
    alone = not text[line_start:opening].strip() and not text[after:line_end if line_end >= 0 else len(text)].strip()
    return bool(before) and not alone and _RUNS_ON.search(before) is not None \
        and _LOWER_WORD_AFTER.match(text, after) is not None


def _bracketed(opener: str, inner: tuple[Inline, ...], inner_text: str, origin: Origin, context: InlineContext,
               in_sentence: bool = False):
    resp = context.bracket_resp
    if opener == "[" and inner_text in context.notes:
        return Note(inner_text, context.notes[inner_text], origin)
    if TIMECODE.fullmatch(inner_text):
        return Timecode(inner_text, opener + _OPENERS[opener], origin)
    role = bracket_role(opener, inner_text)
    if role is not None:
        return Mark(role.element, role.reason, inner_text, opener + _OPENERS[opener], resp, role.name, origin)
    if opener == "(":
        stage_type = classify_parenthetical(inner_text)
        if stage_type == "action" and in_sentence:
            # nothing names it a stage direction (laughter, applause, a time) and the sentence runs through
            # it: the speaker's own aside, kept as words; said, since a direction may stand there too
            context.warnings.append(f"{context.path}:{origin.line}:{origin.column}: ({_clip(inner_text)}) inside a "
                                    "sentence read as the speaker's words, not a stage direction (aside-in-sentence)")
            return _Literal("(", inner, ")")
        if stage_type is None:
            return _Literal("(", inner, ")")
        return Stage(stage_type, inner, origin)
    if is_gloss(inner_text):
        return Gloss(resp, inner, origin)
    return Supplied("implied", resp, inner, origin)


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _drop_last_char(parts: tuple) -> tuple:
    """Inline content without its last character (an escaping backslash)."""
    if parts and isinstance(parts[-1], str):
        return parts[:-1] + ((parts[-1][:-1],) if parts[-1][:-1] else ())
    return parts


class _Literal(tuple):
    """Parentheses that are plain text: flattened into the surrounding text by ``_flush``."""

    def __new__(cls, opener, inner, closer):
        return super().__new__(cls, (opener, *inner, closer))


def normalise_inline(parts) -> tuple[Inline, ...]:
    """Flatten literal parentheses into text and merge adjacent strings."""
    out: list[Inline] = []
    for part in _flatten_literals(parts):
        if isinstance(part, (Stage, Supplied, Gloss)):
            part = type(part)(**{**part.__dict__, "content": normalise_inline(part.content)})
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        elif part != "":
            out.append(part)
    return tuple(out)


def _flatten_literals(parts):
    for part in parts:
        if isinstance(part, _Literal):
            yield from _flatten_literals(part)
        else:
            yield part


def _split_page_breaks(text: str, origin: Origin) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    for index, chunk in enumerate(text.split("\f")):
        if index:
            parts.append(PageBreak(origin))
        if chunk:
            parts.append(chunk)
    return tuple(parts)


def inline_text(parts) -> str:
    """The plain text of inline content, without the added brackets."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, (Stage, Supplied, Gloss)):
            out.append(inline_text(part.content))
    return "".join(out)
