"""``edition check``: a lint for editors, on any transcript, with or without register and editorial file.

It reports, as ``file:line:col: severity: message``:

* errors — brackets, parentheses or curly quotes that do not pair within a paragraph; editorial anchors
  (``[[correction]]``, ``[[regularisation]]``, ``[[note]]``, ``[[date]]``) that match nothing, or several
  places without ``occurrence``/``all``;
* warnings — likely slips: a capitalised word within a small edit distance of a register form
  ("Efremeov" ~ "Efremov"), unless the editorial file already corrects it; capitalised names that are not
  in the register (nor in its ``ignore`` list); register entries the text never names.

The exit status is 1 when there is any error, else 0.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .corrections import _REQUIRED
from .project import read_toml
from .convert.labels import edit_distance
from .register import Register, table_lines
from .convert.source import read_source
from .textnodes import phrase_pattern

HONORIFIC_WORDS = {"Cde", "Comrade", "Comrades", "Mr", "Mrs", "Ms", "Dr", "Premier", "Chairman", "President",
                   "Secretary", "Minister", "Marshal", "General", "Prince", "King", "Sir"}
CALENDAR = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
_PAIRS = {"(": ")", "[": "]", "“": "”"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_WORD = re.compile(r"[A-Z][\w’'\-]*(?:\.(?=\s?[A-Z]))?")
_NAME_RUN = re.compile(r"[A-Z][\w’\-]*(?:\s+(?:of\s+the\s+|of\s+|de\s+|van\s+|von\s+)?[A-Z][\w’\-]*)*")
_DERIVED = ("n", "ns", "an", "ans", "ese", "ian", "ians", "ist", "ists", "ism", "isms", "s", "’s", "'s", "ic")
_SENTENCE_END = set(".!?…:;(“”[–—\"")
#: Words capitalised at the start of a sentence or as the pronoun I: never taken for names.
COMMON = {"I", "I’ll", "I’m", "I’ve", "I’d", "I'll", "I'm", "It", "It’s", "No", "Yes", "Why", "We", "You", "He",
          "She", "They", "The", "A", "An", "In", "On", "At", "But", "And", "Or", "So", "If", "Of", "To", "This",
          "That", "Then", "There", "Here", "What", "When", "How", "Well", "Now", "Oh", "Who", "Where", "Our",
          "My", "Your", "His", "Her", "Their", "Its", "As", "For", "With", "By", "From", "All", "Let’s"}
_CONNECTORS = {"of", "the", "de", "van", "von"}
_ABBREVIATIONS = {"Mr", "Mrs", "Ms", "Dr", "Cde", "St", "Prof", "Gen", "Col", "Vl", "Amb", "Sen", "Rev"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    column: int | None
    severity: str        # "error" | "warning"
    code: str            # "bracket", "anchor", "slip", "unregistered", "unused"
    message: str

    def format(self) -> str:
        location = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        return f"{location}: {self.severity}: {self.message}"


@dataclass
class CheckResult:
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def exit_status(self) -> int:
        return 1 if self.errors else 0

    def to_text(self) -> str:
        lines = [f.format() for f in self.findings]
        lines.append(f"{self.errors} error(s), {self.warnings} warning(s)")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps({"errors": self.errors, "warnings": self.warnings,
                           "findings": [asdict(f) for f in self.findings]}, ensure_ascii=False, indent=2)


def _allowed_distance(word: str) -> int:
    return 0 if len(word) <= 4 else 1 if len(word) <= 7 else 2


class _Text:
    """The source with line/column look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self._starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self._starts[lo] + 1

    def paragraphs(self):
        for match in re.finditer(r"[^\n]+(?:\n[^\n]+)*", self.text):
            if match.group(0).strip():
                yield match.start(), match.group(0)


def check_source(source: str | Path, *, register: Register | None = None, editorial: dict | None = None,
                 editorial_path: str | None = None) -> CheckResult:
    path = str(source)
    # read as the converter reads (encodings, BOM, line ends, binary files): what check sees is what converts
    source_text = _Text(read_source(source).text)
    findings: list[Finding] = []
    findings += _brackets(path, source_text)
    corrected = set()
    readings = set()
    if editorial:
        findings += _anchors(path, source_text, editorial, editorial_path)
        for item in editorial.get("correction", []) or []:
            if isinstance(item, dict) and isinstance(item.get("sic"), str):
                corrected.add(item["sic"])
                readings.add(str(item.get("corr", "")))
        for key in ("regularisation", "regularization"):
            for item in editorial.get(key, []) or []:
                if isinstance(item, dict) and isinstance(item.get("orig"), str):
                    corrected.add(item["orig"])
                    readings.add(str(item.get("reg", "")))
    findings += _names(path, source_text, register, corrected, readings)
    findings.sort(key=lambda f: (f.path != path, f.path, f.line or 0, f.column or 0, f.code))
    return CheckResult(findings)


def _brackets(path: str, source: _Text) -> list[Finding]:
    findings = []
    for start, paragraph in source.paragraphs():
        stack: list[tuple[str, int]] = []
        for offset, ch in enumerate(paragraph):
            if ch in _PAIRS:
                stack.append((ch, offset))
            elif ch in _CLOSERS:
                if stack and stack[-1][0] == _CLOSERS[ch]:
                    stack.pop()
                else:
                    line, col = source.position(start + offset)
                    findings.append(Finding(path, line, col, "error", "bracket",
                                            f"{ch!s} closes nothing that is open"
                                            + (f" (open: {stack[-1][0]})" if stack else "")))
                    if stack and ch != "”":
                        stack.pop()
        for ch, offset in stack:
            line, col = source.position(start + offset)
            findings.append(Finding(path, line, col, "error", "bracket",
                                    f"{ch} is not closed in its paragraph (expected {_PAIRS[ch]})"))
    return findings


def _anchors(path: str, source: _Text, editorial: dict, editorial_path: str | None) -> list[Finding]:
    findings = []
    where = editorial_path or path
    lines = table_lines(editorial_path)
    for table, key in (("correction", None), ("regularisation", None), ("regularization", None),
                       ("note", "anchor"), ("date", "anchor")):
        items = editorial.get(table, []) or []
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            line = lines.get(table, [])[index] if index < len(lines.get(table, [])) else None
            if not isinstance(item, dict):
                continue
            if table in _REQUIRED and key is None:
                phrase = item.get("context") or item.get(_REQUIRED[table][0])
            else:
                phrase = item.get(key)
            label = f"[[{table}]] #{index + 1}"
            if not isinstance(phrase, str) or not phrase.strip():
                findings.append(Finding(where, line, 1, "error", "anchor", f"{label}: no phrase to anchor to"))
                continue
            matches = list(phrase_pattern(phrase).finditer(source.text))
            if not matches:
                findings.append(Finding(where, line, 1, "error", "anchor",
                                        f"{label}: {phrase!r} matches nothing in {path}"))
            elif len(matches) > 1 and not item.get("all") and not isinstance(item.get("occurrence"), int):
                places = ", ".join(str(source.position(m.start())[0]) for m in matches)
                findings.append(Finding(where, line, 1, "error", "anchor",
                                        f"{label}: {phrase!r} matches {len(matches)} places (lines {places}); "
                                        "make it longer or set occurrence = N or all = true"))
    return findings


def _is_sentence_start(text: str, offset: int) -> bool:
    j = offset - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    if j >= 0 and text[j] == ".":
        word = re.search(r"([\w’]+)\.$", text[max(0, j - 12):j + 1])
        if word and (word.group(1) in _ABBREVIATIONS or (len(word.group(1)) == 1 and word.group(1).isupper())):
            return False    # "Mr. Smith", "N.S. Khrushchev": a title or an initial, not the end of a sentence
    return j < 0 or text[j] == "\n" or text[j] in _SENTENCE_END


def _names(path: str, source: _Text, register: Register | None, corrected: set[str],
           readings: set[str] = frozenset()) -> list[Finding]:
    findings: list[Finding] = []
    text = source.text
    forms = register.forms if register else {}
    known_words: set[str] = set()
    for form in forms:
        known_words.update(re.findall(r"[\w’'\-]+", form))
    ignore = set(register.ignore) if register else set()
    form_words = sorted(w for w in known_words if w[:1].isupper())
    # likely slips
    seen_slips: set[str] = set()
    if register:
        for match in _WORD.finditer(text):
            word = match.group(0).rstrip(".")
            if word in known_words or word in ignore or word in seen_slips or len(word) < 5:
                continue
            best = None
            for candidate in form_words:
                if (word.startswith(candidate) and word[len(candidate):] in _DERIVED) or \
                        (candidate.startswith(word) and candidate[len(word):] in _DERIVED):
                    best = None
                    break
                distance = edit_distance(word, candidate, 2)
                if 0 < distance <= _allowed_distance(candidate) and (best is None or distance < best[0]):
                    best = (distance, candidate)
            if best:
                seen_slips.add(word)
                line, col = source.position(match.start())
                entries = ", ".join(e.id for e in forms.get(best[1], ()) or
                                    [e for f, es in forms.items() for e in es if best[1] in f.split()][:1])
                if word in corrected:
                    continue
                in_label = col <= 40 and re.match(r"[^\S\n]*:", text[match.end():match.end() + 3]) is not None
                advice = ("in a speaker label: the converter encodes it as sic/corr" if in_label else
                          "add a [[correction]] to the editorial file, or the form to the register")
                findings.append(Finding(path, line, col, "warning", "slip",
                                        f"{word!r} looks like a slip for {best[1]!r} ({entries}): {advice}"))
    # capitalised names not in the register
    runs: dict[str, list[int]] = {}
    form_re = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))) if forms else None
    for match in _NAME_RUN.finditer(text):
        pieces = [(match.start(), match.group(0))]
        if form_re is not None:   # split the run around registered names
            pieces, position = [], 0
            for found in form_re.finditer(match.group(0)):
                pieces.append((match.start() + position, match.group(0)[position:found.start()]))
                position = found.end()
            pieces.append((match.start() + position, match.group(0)[position:]))
        for offset, piece in pieces:
            kept = []
            for word_match in re.finditer(r"\S+", piece):
                word = word_match.group(0)
                position = offset + word_match.start()
                bare = word[:-2] if word.endswith(("’s", "'s")) else word
                if not kept and (word in _CONNECTORS or not word[:1].isupper()):
                    continue
                if not kept and (_is_sentence_start(text, position) or bare in COMMON):
                    continue
                if bare in HONORIFIC_WORDS or bare in CALENDAR or bare in ignore or word in ignore or bare in COMMON:
                    if kept:
                        break
                    continue
                kept.append((position, bare))
            while kept and kept[-1][1] in _CONNECTORS:
                kept.pop()
            if not kept:
                continue
            name = " ".join(w for _, w in kept)
            if name in seen_slips or name in corrected or name in ignore:
                continue
            if register and (name in forms or all(w in known_words for _, w in kept)):
                continue
            if any(name.startswith(f) and name[len(f):] in _DERIVED for f in form_words):
                continue
            runs.setdefault(name, []).append(kept[0][0])
    for name, offsets in runs.items():
        line, col = source.position(offsets[0])
        times = f" ({len(offsets)} times)" if len(offsets) > 1 else ""
        where = "in the register" if register else "in a register (none given)"
        findings.append(Finding(path, line, col, "warning", "unregistered",
                                f"{name!r}{times} is not {where}: add it, or list it under [register] ignore"))
    # register entries the text never names
    if register:
        for entry in register:
            if not any(phrase_pattern(form).search(text) or form in readings for form in entry.forms):
                where = register.path or "register"
                findings.append(Finding(where, entry.line, 1, "warning", "unused",
                                        f"{entry.kind} {entry.id!r} ({entry.name}) is never named in {path}"))
    return findings


def load_editorial(path: str | Path | None) -> dict | None:
    if path is None:
        return None
    return read_toml(Path(path))
