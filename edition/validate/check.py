"""``edition check``: a lint for editors, on any transcript, with or without register and editorial file.

It reports, as ``file:line:col: severity: rule: message``:

* errors — brackets, parentheses or curly quotes that do not pair within a paragraph; editorial anchors
  (``[[correction]]``, ``[[regularisation]]``, ``[[note]]``, ``[[date]]``) that match nothing, or several
  places without ``occurrence``/``all``;
* warnings — the slips of ``edition/validate/slips.py`` (doubled words, missing words, number and unit,
  run-together sentences, variant spellings of the register, likely wrong words, the last asked as a
  question), each with the encoding it suggests (``Finding.suggestion``, ``--fix-suggestions``); likely
  slips in names: a capitalised word within a small edit distance of a register form ("Efremeov" ~
  "Efremov"); capitalised names that are not in the register (nor in its ``ignore`` list); register
  entries the text never names (for a project, judged across all its documents: ``check_project``).

A slip is quiet once the editorial file decides it: a correction, regularisation or note on its phrase.
The exit status is 1 when there is any error, else 0.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..editorial.corrections import _REQUIRED
from ..project import read_toml
from ..convert.labels import edit_distance
from ..editorial.register import Register, table_lines
from ..convert.source import read_source
from ..editorial.textnodes import phrase_pattern

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
    code: str            # the rule: "bracket", "anchor", "slip", "unregistered", "unused", or a rule of slips.py
    message: str
    #: the entry the editor could add: {"table", "sic"/"orig", "corr"/"reg", "context"?, "reason", "question"}
    suggestion: dict | None = None

    def format(self) -> str:
        location = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        return f"{location}: {self.severity}: {self.code}: {self.message}"

    def entry(self) -> str | None:
        """The suggestion as a TOML entry of the editorial file, with a comment saying where and why;
        a question is commented out: the editor decides before it takes effect."""
        if not self.suggestion:
            return None
        s = self.suggestion
        keys = ("sic", "corr") if s["table"] == "correction" else ("orig", "reg")
        lines = [f"[[{s['table']}]]"] + [f"{key} = {_toml_string(s[key])}" for key in keys]
        if s.get("context"):
            lines.append(f"context = {_toml_string(s['context'])}")
        lines.append(f"reason = {_toml_string(s.get('reason') or self.code + ': ' + self.message)}")
        if s.get("question"):
            lines = [f"# {line}" for line in lines]
        where = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        head = f"# {where}: {self.code}" + (" (a question: uncomment only if it is a slip)" if s.get("question") else "")
        return "\n".join([head] + lines)


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


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

    def to_entries(self) -> str:
        """The suggested entries, to paste at the end of each editorial file (``--fix-suggestions``)."""
        entries = [f.entry() for f in self.findings if f.suggestion]
        head = (f"# {len(entries)} suggested entr{'y' if len(entries) == 1 else 'ies'} "
                "for the editorial file(s); check each before pasting it")
        return "\n\n".join([head] + entries) + "\n"


def _allowed_distance(word: str) -> int:
    # short names differ from other real names by one letter (Sofia/Sonia, Chiang/Chang): no slips there
    return 0 if len(word) <= 5 else 1 if len(word) <= 9 else 2


_STEM_END = re.compile(r"(?:ists?|isms?|ians?|ans?|ese|s)$")


def _may_be_slip(word: str, candidate: str) -> bool:
    """False for pairs that are not slips of one another: another name (a slip keeps the first letter:
    Justin/Austin, Boland/Poland), a longer or shorter word of the same stem (Chinat, Communism/Communist)."""
    if word[:1] != candidate[:1] or word.startswith(candidate) or candidate.startswith(word):
        return False
    return _STEM_END.sub("", word) != _STEM_END.sub("", candidate)


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
                 editorial_path: str | None = None, unused: bool = True) -> CheckResult:
    """Check one transcript. ``unused=False`` leaves out the register entries it never names (for a
    register shared by several documents, ``check_project`` judges those across all of them)."""
    path = str(source)
    # read as the converter reads (encodings, BOM, line ends, binary files): what check sees is what converts
    read = read_source(source)
    source_text = _Text(read.text)
    findings: list[Finding] = []
    for warning in read.warnings:  # bytes read as Windows-1252: said here as in convert and build
        where = re.match(re.escape(path) + r":(\d+):(\d+): (.*)$", warning)
        findings.append(Finding(path, int(where[1]), int(where[2]), "warning", "encoding", where[3]) if where
                        else Finding(path, None, None, "warning", "encoding", warning.removeprefix(path + ": ")))
    findings += _brackets(path, source_text)
    findings += _slips(path, source_text, register, editorial)
    if unused and register:
        findings += unused_entries(register, [source_text.text], path, _readings(editorial))
    corrected = set()
    if editorial:
        findings += _anchors(path, source_text, editorial, editorial_path)
        for table, key in (("correction", "sic"), ("regularisation", "orig"), ("regularization", "orig")):
            for item in editorial.get(table, []) or []:
                if isinstance(item, dict) and isinstance(item.get(key), str):
                    corrected.add(item[key])
    findings += _names(path, source_text, register, corrected)
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


def _names(path: str, source: _Text, register: Register | None, corrected: set[str]) -> list[Finding]:
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
            word = re.sub(r"[’']s?$", "", match.group(0).rstrip("."))
            if word in known_words or word in ignore or word in seen_slips or len(word) < 6:
                continue
            best = None
            for candidate in form_words:
                if (word.startswith(candidate) and word[len(candidate):] in _DERIVED) or \
                        (candidate.startswith(word) and candidate[len(word):] in _DERIVED):
                    best = None
                    break
                if not _may_be_slip(word, candidate):
                    continue
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
                                        f"{word!r} looks like a slip for {best[1]!r} ({entries}): {advice}",
                                        {"table": "correction", "sic": word, "corr": best[1], "question": False,
                                         "reason": f"slip: {word!r} for the register's {best[1]!r}"}))
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
                if len(bare) == 1:
                    continue    # an initial ("N.S. Khrushchev", "John F. Kennedy"): not a name of its own
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
    return findings


def _readings(editorial: dict | None) -> set[str]:
    """The corrected and regular readings of the editorial file (a name may be named only there)."""
    readings: set[str] = set()
    for table, key in (("correction", "corr"), ("regularisation", "reg"), ("regularization", "reg")):
        for item in (editorial or {}).get(table, []) or []:
            if isinstance(item, dict) and isinstance(item.get(key), str):
                readings.add(item[key])
    return readings


def unused_entries(register: Register, texts: list[str], where: str, readings: set[str] = frozenset()) -> list[Finding]:
    """Register entries that none of ``texts`` names (nor a corrected or regular reading)."""
    findings = []
    for entry in register:
        if not any(form in readings or any(phrase_pattern(form).search(text) for text in texts)
                   for form in entry.forms):
            findings.append(Finding(register.path or "register", entry.line, 1, "warning", "unused",
                                    f"{entry.kind} {entry.id!r} ({entry.name}) is never named in {where}"))
    return findings


# ---------------------------------------------------------------------- the slips of slips.py

def _decided_spans(text: str, editorial: dict | None) -> list[tuple[int, int]]:
    """Where the editorial file already decides something: the phrases of its corrections,
    regularisations and notes in the source (a finding there has had the editor's attention)."""
    spans = []
    for table, key in (("correction", "sic"), ("regularisation", "orig"), ("regularization", "orig"),
                       ("note", "anchor")):
        for item in (editorial or {}).get(table, []) or []:
            if not isinstance(item, dict) or not isinstance(item.get(key), str) or not item[key].strip():
                continue
            phrase, context = item[key], item.get("context")
            for match in phrase_pattern(context if isinstance(context, str) and context.strip() else phrase).finditer(text):
                inner = phrase_pattern(phrase).search(text, match.start(), match.end()) if context else match
                spans.append((inner or match).span())
    return spans


def _context(text: str, start: int, end: int, around: tuple[int, int] | None) -> str | None:
    """None when ``text[start:end]`` is found once in ``text``, else the shortest phrase around it (whole
    words, within its paragraph) that is; a phrase that stays ambiguous gives what was found."""
    phrase = text[start:end]
    if around and len(list(phrase_pattern(text[around[0]:around[1]]).finditer(text))) == 1:
        return " ".join(text[around[0]:around[1]].split())   # the rule's own context reads best
    if len(list(phrase_pattern(phrase).finditer(text))) == 1:
        return None
    s, e = around or (start, end)
    limit_s = text.rfind("\n\n", 0, s) + 1
    limit_e = text.find("\n\n", e) % (len(text) + 1)
    for step in range(12):
        context = " ".join(text[s:e].split())
        if context != phrase and len(list(phrase_pattern(context).finditer(text))) == 1:
            return context
        if step % 2 == 0:   # one word more after, then one more before
            found = re.compile(r"\s*\S+").match(text, e, limit_e or len(text))
            e = found.end() if found else e
        else:
            found = re.search(r"\S+\s*$", text[limit_s:s])
            s = limit_s + found.start() if found else s
    return " ".join(text[s:e].split())


def _slips(path: str, source: _Text, register: Register | None, editorial: dict | None) -> list[Finding]:
    from .slips import find_slips

    findings = []
    decided = _decided_spans(source.text, editorial)
    for slip in find_slips(source.text, register):
        if any(s < slip.end and slip.start < e for s, e in decided):
            continue
        line, col = source.position(slip.start)
        phrase = source.text[slip.start:slip.end]
        keys = ("sic", "corr") if slip.table == "correction" else ("orig", "reg")
        suggestion = {"table": slip.table, keys[0]: " ".join(phrase.split()), keys[1]: slip.replacement,
                      "question": slip.question}
        context = _context(source.text, slip.start, slip.end, slip.around)
        if context:
            suggestion["context"] = context
        suggestion["reason"] = f"{slip.rule}: {slip.message}"
        ask = "if it is a slip, " if slip.question else ""
        message = (f"{slip.message}; {ask}suggest {slip.encoding}: {suggestion[keys[0]]!r} → {slip.replacement!r}"
                   f" ([[{slip.table}]])")
        findings.append(Finding(path, line, col, "warning", slip.rule, message, suggestion))
    return findings


def load_editorial(path: str | Path | None) -> dict | None:
    if path is None:
        return None
    from ..editorial.metadata import check_editorial_file

    data = read_toml(Path(path))
    check_editorial_file(data, path)  # checked as the converter checks it
    return data


def check_project(project) -> CheckResult:
    """Check every document of a project with its editorial file and the project's register; a register
    entry is reported unused only when no document of the project names it."""
    from ..editorial.register import load_register

    register = load_register(project.register) if project.register else None
    findings: list[Finding] = []
    texts: list[str] = []
    readings: set[str] = set()
    for spec in project.documents:
        editorial = load_editorial(spec.metadata)
        source = _relative(spec.source)
        findings += check_source(source, register=register, editorial=editorial,
                                 editorial_path=str(_relative(spec.metadata)) if spec.metadata else None,
                                 unused=False).findings
        texts.append(read_source(spec.source).text)
        readings |= _readings(editorial)
    if register:
        findings += unused_entries(register, texts, "any document of the project", readings)
    return CheckResult(findings)


def _relative(path: Path) -> Path:
    """``path`` as the user sees it from the working folder when it lies below it (shorter messages)."""
    try:
        return Path(path).relative_to(Path.cwd())
    except ValueError:
        return Path(path)
