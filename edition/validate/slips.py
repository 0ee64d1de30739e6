"""The slips an editor looks for in a transcript, one named rule each, run in a declared order.

Every rule reads the text of the source as ``edition check`` reads it and yields ``Slip``s: the span of
the source to encode, what the rule saw, and the encoding it suggests — ``sic``/``corr`` (a
``[[correction]]``) or ``orig``/``reg`` (a ``[[regularisation]]``) — with the replacement. A rule that
can only ask (``wrong-word``) marks its slip as a question: the editor decides, nothing is corrected
without them.

The rules are small sets of patterns chosen for a low rate of false alarms on real transcripts (the
FRUS memoranda and the transcripts of the development corpus stay quiet), not a grammar checker:

``doubled-word``
    a function word written twice (``the the``, ``of of``), an article before an article (``the an``,
    ``a an``) or around ``all``/``both`` (``the all the``);
``missing-word``
    a word the grammar needs is missing: ``want to`` + article (``does not want to a member``), an
    article right before a preposition or verb (``the of``);
``number-unit``
    a number and its unit disagree: ``75-80 million ton``, ``1 tons``;
``sentence-punctuation``
    two sentences with no punctuation between them (``99%  Why?``), in a text that separates its
    sentences with two spaces (then a gap of two spaces after a word is the place of a lost stop);
``variant-spelling``
    a name spelt as a variant the register lists for an entry, close in spelling to its standard form
    (``Sophia`` for ``Sofia``): a regularisation, not a correction;
``wrong-word``
    a word that is English but does not fit where a near neighbour does (``administrative unite`` for
    ``unit``): asked, never corrected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..convert.labels import edit_distance
from ..editorial.register import Register


@dataclass(frozen=True)
class Slip:
    """One finding of a rule: ``text[start:end]`` is the phrase to encode."""

    rule: str
    start: int
    end: int
    message: str
    table: str            # "correction" (sic/corr) | "regularisation" (orig/reg)
    replacement: str      # the corr/reg reading of text[start:end]
    question: bool = False
    around: tuple[int, int] | None = None   # a span around it that reads well as the entry's context

    @property
    def encoding(self) -> str:
        return "sic/corr" if self.table == "correction" else "orig/reg"


_GAP = r"[^\S\n]+(?:\n[^\S\n]*)?"          # white space within a paragraph (at most one line break)

# ---------------------------------------------------------------------- doubled-word

#: never "in in", "on on" ("dug in in prepared positions", "carry on on"), "that that", "had had"
_DOUBLED = re.compile(rf"\b(?P<w>the|a|an|of|to|for|with|at|by|from|and|or|but)(?P<gap>{_GAP})(?P=w)\b", re.I)
_TWO_ARTICLES = re.compile(rf"\b(?P<first>[Tt]he|[Aa]n?)(?P<gap>{_GAP})(?P<second>the|an?)\b")
_ARTICLE_ALL = re.compile(rf"\b(?P<first>[Tt]he)(?P<gap>{_GAP})(?P<rest>(?:all|both|half){_GAP}the)\b")


def doubled_word(text: str, register: Register | None) -> Iterator[Slip]:
    for m in _DOUBLED.finditer(text):
        word = m.group("w")
        if m.group(0)[:1].isupper() and m.group(0)[-1:].isupper():
            continue    # "A A" and the like: initials or a heading, not a doubled word
        yield Slip("doubled-word", m.start(), m.end(), f"{m.group(0)!r}: the word {word.lower()!r} is written twice",
                   "correction", text[m.start():m.start() + len(word)])
    for m in _TWO_ARTICLES.finditer(text):
        if m.group("first").lower() == m.group("second"):
            continue    # reported above as a doubled word
        second = m.group("second")
        if m.group("first")[:1].isupper():
            second = second[:1].upper() + second[1:]
        yield Slip("doubled-word", m.start(), m.end(),
                   f"{m.group(0)!r}: an article before an article", "correction", second)
    for m in _ARTICLE_ALL.finditer(text):
        rest = m.group("rest")
        if m.group("first")[:1].isupper():
            rest = rest[:1].upper() + rest[1:]
        yield Slip("doubled-word", m.start(), m.end(),
                   f"{m.group(0)!r}: a stray article before {m.group('rest').split()[0]!r}", "correction", rest)


# ---------------------------------------------------------------------- missing-word

_WANT_TO = re.compile(rf"\b(?:want|wants|wanted|wanting)(?:{_GAP})(?P<phrase>to(?P<gap>{_GAP})(?P<det>a|an|the)"
                      rf"(?:{_GAP})(?P<noun>\w+))\b")
_ARTICLE_BEFORE = re.compile(rf"\b(?P<det>the|a|an)(?P<gap>{_GAP})(?P<next>of|is|was|were|are|has|have)\b")


def missing_word(text: str, register: Register | None) -> Iterator[Slip]:
    for m in _WANT_TO.finditer(text):
        phrase = m.group("phrase")
        start = m.start("phrase")
        yield Slip("missing-word", start, m.end("phrase"),
                   f"{phrase!r} after {text[m.start():start].strip()!r}: a verb is missing (e.g. 'to be')",
                   "correction", f"to be {m.group('det')} {m.group('noun')}")
    for m in _ARTICLE_BEFORE.finditer(text):
        yield Slip("missing-word", m.start(), m.end(),
                   f"{m.group(0)!r}: a word is missing after the article", "correction",
                   m.group("next"), question=True)


# ---------------------------------------------------------------------- number-unit

_UNITS = {"ton": "tons", "tonne": "tonnes", "kilogram": "kilograms", "kilometre": "kilometres",
          "kilometer": "kilometers", "metre": "metres", "meter": "meters", "mile": "miles", "hectare": "hectares",
          "acre": "acres", "barrel": "barrels", "ruble": "rubles", "rouble": "roubles", "dollar": "dollars"}
_PLURALS = {plural: singular for singular, plural in _UNITS.items()}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"(?<![\w.,\-–])(?P<a>{_NUMBER})(?:\s*[-–]\s*(?P<b>{_NUMBER}))?(?:\s+(?P<mult>thousand|million|billion))?"
    rf"\s+(?P<unit>{'|'.join(sorted(set(_UNITS) | set(_PLURALS), key=len, reverse=True))})\b(?![-–])")
#: Words after a singular unit that show it is not a modifier of a noun ("a 10 million ton plant").
_AFTER_QUANTITY = {"of", "were", "was", "are", "is", "and", "or", "in", "per", "a", "an", "the", "from", "to",
                   "for", "by", "this", "last", "each", "that", "which", "have", "had", "has", "will", "would"}


def number_unit(text: str, register: Register | None) -> Iterator[Slip]:
    for m in _QUANTITY.finditer(text):
        unit = m.group("unit")
        plural_number = bool(m.group("b") or m.group("mult")) or m.group("a") not in ("1", "1.0")
        start, end = m.start("unit"), m.end("unit")
        if plural_number and unit in _UNITS:
            after = re.match(r"[^\S\n]*([\w.,;:!?)\]]*)", text[end:]).group(1)
            if after and after[0].isalpha() and after.lower() not in _AFTER_QUANTITY:
                continue    # "a 50 million dollar program": the unit qualifies a noun
            yield Slip("number-unit", start, end, f"{m.group(0)!r}: a plural number with a singular unit",
                       "correction", _UNITS[unit], around=(m.start(), end))
        elif not plural_number and unit in _PLURALS:
            yield Slip("number-unit", start, end, f"{m.group(0)!r}: one with a plural unit",
                       "correction", _PLURALS[unit], around=(m.start(), end))


# ---------------------------------------------------------------------- sentence-punctuation

_SPACED_STOP = re.compile(r"[.!?…][”\"’)\]]?[ \u00a0]{2,}[A-Z“\"(]")
_LOST_STOP = re.compile(r"(?P<word>[^\s.!?…:;,]*[a-z0-9%])[ \u00a0]{2,}(?=[A-Z][a-z’']*\b)")


def sentence_punctuation(text: str, register: Register | None) -> Iterator[Slip]:
    stops = len(_SPACED_STOP.findall(text))
    candidates = list(_LOST_STOP.finditer(text))
    # only where two spaces are how this text ends a sentence, and a gap without a stop is rare
    if stops < 10 or not candidates or len(candidates) * 20 > stops:
        return
    names = {word for form in (register.forms if register else ()) for word in form.split()}
    for m in candidates:
        line_start = text.rfind("\n", 0, m.start()) + 1
        if len(text[line_start:m.start()].split()) < 2:
            continue    # a label, a number at the margin or a heading: not within running text
        word, following = m.group("word"), re.match(r"\S+", text[m.end():]).group(0)
        if re.match(r"[\w’'-]+", following).group(0) in names:
            continue    # "met with  Zhou Enlai": a wide space before a name, not a lost stop
        yield Slip("sentence-punctuation", m.start("word"), m.end("word"),
                   f"no punctuation between {word!r} and {following!r}: two sentences run together",
                   "correction", word + ".", around=(m.start("word"), m.end() + len(following)))


# ---------------------------------------------------------------------- variant-spelling

def standard_form(entry) -> str:
    """The spelling the register gives an entry: its name when that is a form, else its first form."""
    return entry.name if entry.name in entry.forms else entry.forms[0]


def is_spelling_variant(form: str, standard: str) -> bool:
    """``form`` spells ``standard`` otherwise (``Sophia``/``Sofia``), not a different name or an abbreviation."""
    words, standard_words = form.split(), standard.split()
    if form == standard or len(words) != len(standard_words) or form.isupper() or standard.isupper():
        return False
    differ = [(a, b) for a, b in zip(words, standard_words) if a != b]
    if len(differ) != 1:
        return False
    a, b = differ[0]
    if a[:1] != b[:1] or min(len(a), len(b)) < 5:
        return False
    return edit_distance(a, b, 2) <= 2


def variant_spelling(text: str, register: Register | None) -> Iterator[Slip]:
    if register is None:
        return
    for found in register.find(text):
        if len(found.entries) != 1:
            continue
        entry = found.entries[0]
        standard = standard_form(entry)
        if is_spelling_variant(found.form, standard):
            yield Slip("variant-spelling", found.start, found.end,
                       f"{found.form!r} is the register's variant of {standard!r} ({entry.id})",
                       "regularisation", standard)


# ---------------------------------------------------------------------- wrong-word

_DETERMINER_OR_ADJECTIVE = r"(?:the|a|an|each|every|one|its|their|our|basic|main|core|single|\w+(?:ive|al|ic|ary))"
#: (word as written, the neighbour that fits, a pattern for where only the neighbour fits)
_CONFUSABLE = (
    ("unite", "unit", re.compile(rf"\b{_DETERMINER_OR_ADJECTIVE}{_GAP}(?P<w>unite)\b(?={_GAP}of\b|[.,;])")),
    ("then", "than", re.compile(rf"\b(?:more|less|rather|fewer|greater|larger|smaller|higher|lower|better|worse)"
                                rf"{_GAP}(?P<w>then){_GAP}(?:the|a|an|\d)\b")),
    ("there", "their", re.compile(rf"\b(?P<w>there){_GAP}own\b")),
    ("it’s", "its", re.compile(rf"\b(?P<w>it[’']s){_GAP}own\b")),
    ("loose", "lose", re.compile(rf"\b(?:to|will|would|not|never|cannot|could|might|may|must){_GAP}(?P<w>loose)"
                                 rf"{_GAP}(?:the|their|our|his|her|its|my|your)\b")),
)


def wrong_word(text: str, register: Register | None) -> Iterator[Slip]:
    for word, neighbour, pattern in _CONFUSABLE:
        for m in pattern.finditer(text):
            written = m.group("w")
            yield Slip("wrong-word", m.start("w"), m.end("w"),
                       f"{written!r}: is it {neighbour!r}? ({neighbour!r} fits here, {written!r} does not)",
                       "correction", neighbour, question=True, around=(m.start(), m.end()))


#: The rules, in the order they run (and their findings are listed at one place).
RULES: tuple[tuple[str, Callable[[str, Register | None], Iterator[Slip]]], ...] = (
    ("doubled-word", doubled_word),
    ("missing-word", missing_word),
    ("number-unit", number_unit),
    ("sentence-punctuation", sentence_punctuation),
    ("variant-spelling", variant_spelling),
    ("wrong-word", wrong_word),
)


def find_slips(text: str, register: Register | None = None) -> list[Slip]:
    """Every rule's slips in ``text``; where two rules see the same place, the earlier rule's is kept."""
    slips: list[Slip] = []
    for _name, rule in RULES:
        for slip in rule(text, register):
            if not any(s.start < slip.end and slip.start < s.end for s in slips):
                slips.append(slip)
    return sorted(slips, key=lambda s: (s.start, s.rule))
