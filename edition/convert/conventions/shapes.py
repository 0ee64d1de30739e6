"""Label shapes: what the start of a paragraph looks like when it names who speaks.

Each shape is a unit with a name (the report's rule) and a priority; the first shape that matches the
start of a paragraph decides. Wrapping shapes (a timecode before the label, Markdown bold) take off what
wraps the label and ask the shapes again. Recognition looks only at the shape of the label; resolving it
to a participant is the classifier's work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
import functools
from functools import lru_cache
from typing import Callable

from ..paragraphs import TIMECODE, classify_parenthetical
from . import Unit, in_order
from .headers import NAME_PARTICLES, field_for

CONTINUES = re.compile(r"\s+(?:continues|continued|continuing|resumes|resumed)$", re.I)
#: the lower-case words a name may hold, and forms of address written in lower case after an article ("El señor
#: PRESIDENTE", "La señora CALVO")
_SMALL = NAME_PARTICLES | {"señor", "señora", "senyor", "senyora"}
#: An article opening a label, and the words in lower case it may have after it: a form of address or an office
#: ("De voorzitter:", "De heer Rutte (VVD):" in the Dutch parliament's record, "El presidente:")
ARTICLES = {"de", "el", "la", "le", "der", "die", "il", "lo"}
_AFTER_ARTICLE = {"voorzitter", "heer", "minister", "staatssecretaris", "presidente", "presidenta", "vicepresidente",
                  "vicepresidenta", "ministro", "ministra", "señor", "señora", "senyor", "senyora"}
#: Words that open a paragraph with a colon but never name a speaker ("**Break:** [25:53]").
NOT_SPEAKERS = {"break", "intro", "outro", "music", "note", "notes", "source", "sources", "update", "edit",
                "warning", "example", "topic", "question", "questions", "answer", "summary"}


@dataclass(frozen=True)
class LabelMatch:
    """A label recognised at the start of a paragraph."""

    name: str            # as written, without stage and colon: "Cde. Mao Zedong"
    stage: str | None    # "after the translation ended"
    stage_offset: int    # offset of the stage text in the paragraph
    separator: str       # ":  "
    rest_offset: int     # where the speech starts in the paragraph
    continuation: bool   # "Mao Zedong continues:"
    period: bool = False  # hearing style, "The CHAIRMAN." (the period belongs to the label)
    titled: bool = False  # with a title before the name ("Senator FULBRIGHT.")
    timecode: str | None = None   # "[00:12:45]" written before the label, brackets included
    shape: str = "colon-label"    # the unit that recognised it
    key_name: str | None = None   # the name to resolve, when not the label as written ("Andrej Danko")
    office: str | None = None     # an office or affiliation written in the label ("predseda NR SR")
    candidate: bool = False       # a shape that is a label only when seen more than once
    supplied: bool = False        # the whole label in brackets: supplied by the transcript's editors
    office_names: bool = False    # the office alone names the speaker later ("The Prime Minister (Mr Tony Blair)")

    @property
    def resolve_name(self) -> str:
        return self.key_name or self.name


@dataclass(frozen=True)
class Shape(Unit):
    match: Callable[[str, str], "LabelMatch | None"] = None   # (first line, whole paragraph)
    #: a cheap test of the first line (and where its first colon is, or -1) that every label of this
    #: shape passes: most lines are no label, and most labels are colon labels
    hint: Callable[[str, int], bool] = lambda line, colon: True


_ENTITY = re.compile(r"&\w+;")
_NOT_IN_NAMES = re.compile(r"[,;!?\"“”]")


def looks_like_name(label: str) -> bool:
    """Short, capitalised words, initials or honorifics: the shape of a speaker's name. Letters of
    scripts without case (Chinese, Arabic) count as capitals."""
    if "&" in label:
        label = _ENTITY.sub("x", label)  # an entity left in the source: "Si&ocirc;n"
    if len(label) > 60 or _NOT_IN_NAMES.search(label):
        return False
    words = label.split()
    if not words or len(words) > 6:
        return False
    for word in words:
        bare = word.strip(".")
        if not bare:
            return False
        if bare.lower() in _SMALL and word is not words[0]:
            continue
        if len(words) > 1 and word is words[1] and words[0].lower() in ARTICLES and bare.lower() in _AFTER_ARTICLE:
            continue   # "De voorzitter", "De heer Rutte", "El presidente"
        first = bare[0]
        if not (first.isupper() or first.isdigit() or (first.isalpha() and not first.islower())):
            return False
    return True


def _is_header_key(name: str) -> bool:
    """``Date``, ``Present [at the meeting]``, ``Posted on``: a header field, never a speaker (unless the
    key is also a role someone speaks in: ``Interviewer``)."""
    unit = field_for(name)
    return unit is not None and name.casefold() not in unit.roles


_SEP = r"(?P<sep>[:：](?!\d)[ \t\u00a0]*)"
_LABEL = re.compile(
    r"^(?P<name>[^\s:：()\[\]][^:：()\[\]\n]{0,70}?)"
    r"(?P<stage>\s*\((?P<stage_text>[^()\n]{1,120})\))?" + _SEP)


def colon_label(line: str, text: str) -> LabelMatch | None:
    """``Name:``, ``NAME:``, ``Cde. Mao Zedong:``, ``毛泽东：`` (full-width colon), with a stage direction
    in parentheses (``Khrushchev (after the translation ended):``)."""
    match = _LABEL.match(line)
    if not match:
        return None
    if re.search(r"\S[ \t]{3,}$", match.group("name")):
        return None   # "Petitioners          :": a column of a caption, not a label
    name = match.group("name").rstrip()
    continuation = bool(CONTINUES.search(name))
    core = CONTINUES.sub("", name) if continuation else name
    if not looks_like_name(core) or core.casefold() in NOT_SPEAKERS or _is_header_key(core):
        return None
    stage = match.group("stage_text")
    return LabelMatch(name=name, stage=stage, stage_offset=match.start("stage_text") if stage else -1,
                      separator=match.group("sep"), rest_offset=match.end(), continuation=continuation)


#: Hearing style: "The CHAIRMAN.", "Senator FULBRIGHT.", "Mr. DULLES." — a surname in capitals and a period.
HEARING_TITLES = ("The", "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Senator", "Representative", "Chairman",
                  "Secretary", "General", "Ambassador", "Judge", "Justice", "Governor", "Admiral", "Colonel")
#: a title, its period possibly set off by a space in OCR text ("Mr . MITCHELL.")
_TITLE = r"(?P<title>(?:" + "|".join(re.escape(t[:-1]) + r"[ \t]?\." if t.endswith(".") else re.escape(t)
                                     for t in HEARING_TITLES) + r")\s+)"
_HEARING_LABEL = re.compile(
    r"^(?P<name>" + _TITLE + r"?"
    r"[A-Z][A-Z’'-]{2,}(?:\s+[A-Z][A-Z’'-]{2,})?)(?P<sep>\.(?:[ \t\u00a0]+(?=\S)|$))")


def hearing_label(line: str, text: str) -> LabelMatch | None:
    """``The CHAIRMAN.``, ``Senator BAKER.``, ``Chairman INOUYE.`` (alone on its line: the speech follows).
    Without a title ("FULBRIGHT. Yes.") only a candidate: a label when it opens more than one paragraph."""
    hearing = _HEARING_LABEL.match(line)
    if hearing is None or (hearing.end() == len(line) and not hearing.group("title") and "\n" not in text):
        return None
    return LabelMatch(hearing.group("name"), None, -1, hearing.group("sep"), hearing.end(), False,
                      period=True, titled=bool(hearing.group("title")), shape="hearing-label",
                      candidate=not hearing.group("title"))


#: the Italian parliament's record: "CALDEROLI (LN-Aut). Signor Presidente…", "ROBERTO GIACHETTI (PD). …"
_PARTY_PERIOD = re.compile(r"^(?P<name>[A-ZÀ-Þ][A-ZÀ-Þ’'-]{2,}(?:\s+[A-ZÀ-Þ][A-ZÀ-Þ’'-]{1,}){0,3})[ \t]+"
                           r"\((?P<party>[^()\n]{1,40})\)(?P<sep>\.[ \t\u00a0]+)(?=\S)")


def party_period_label(line: str, text: str) -> LabelMatch | None:
    """``CALDEROLI (LN-Aut). Signor Presidente…``: a name in capitals, the group in parentheses, a period, the
    speech (the Italian Senate's and Chamber's record)."""
    match = _PARTY_PERIOD.match(line)
    if match is None:
        return None
    party = match.group("party")
    if not (_is_party(party) or re.fullmatch(r"[^\s()]{1,25}", party) and any(c.isupper() for c in party)) \
            or classify_parenthetical(party) is not None:
        return None
    return LabelMatch(line[:match.start("sep")], None, -1, match.group("sep"), match.end(), False, period=True,
                      shape="party-period-label", key_name=match.group("name"), office=party)


_TITLED_PERIOD = re.compile(
    r"^(?P<name>" + _TITLE + r"[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)?)(?P<sep>\.[ \t\u00a0]+)(?=\S)")


def titled_period_label(line: str, text: str) -> LabelMatch | None:
    """``The President. May I say…``, ``Mr. Waxman. Thank you``, ``Chairman Smith.``: a candidate, a label
    only when the same words open more than one paragraph (or also appear as a colon label)."""
    match = _TITLED_PERIOD.match(line)
    if match is None:
        return None
    return LabelMatch(match.group("name"), None, -1, match.group("sep"), match.end(), False, period=True,
                      titled=True, shape="titled-period-label", candidate=True)


#: The French parliaments' record (Assemblée nationale, Sénat): "M. le président.", "Mme la ministre de la
#: culture.", "M. Jean-Luc Dupont.", the speech after the period
_FRENCH_PERIOD = re.compile(
    r"^(?P<name>(?:M\.|Mme|Mlle|MM\.)[ \t\u00a0]+(?:"
    r"(?:le|la|l[’'])[ \t]?[a-zà-ÿ][a-zà-ÿ’'-]*(?:[ \t]+(?:de|du|des|de la|d[’']|à la|aux|chargée?)[ \t]?[\w’'-]+){0,4}"
    r"|[A-ZÀ-Þ][\w’'-]+(?:[ \t]+(?:de|du|d[’'])?[ \t]?[A-ZÀ-Þ][\w’'-]+){0,3}))(?P<sep>\.[ \t\u00a0]+)(?=\S)")


def french_period_label(line: str, text: str) -> LabelMatch | None:
    """``M. le président. La parole est à…``, ``Mme Marie Curie. Je vous remercie.``: the record of the French
    parliaments, a title (M., Mme) and a name or an office, a period, then the speech."""
    match = _FRENCH_PERIOD.match(line)
    if match is None:
        return None
    name = match.group("name")
    return LabelMatch(name, None, -1, match.group("sep"), match.end(), False, period=True, titled=True,
                      shape="french-period-label", key_name=name.split(None, 1)[1])   # "M." is no name, nor an initial


_QA = re.compile(r"^(?P<name>Q|A)(?P<sep>[.:][ \t\u00a0]+)(?=\S)")


_Q_SPACED = re.compile(r"^(?P<name>Q)(?P<sep>[ \t\u00a0]+)(?=[A-Z(“\"'\[])")


def question_answer(line: str, text: str) -> LabelMatch | None:
    """Testimony: ``Q.``/``A.`` (and ``Q:``/``A:``) for the examining lawyer's question and the answer;
    press briefings: ``Q  Mr. President, …`` (a reporter's question, the letter and spaces alone: a
    label only when more than one paragraph opens so)."""
    match = _QA.match(line)
    if match is None:
        spaced = _Q_SPACED.match(line)
        if spaced is None:
            return None
        return LabelMatch("Q", None, -1, spaced.group("sep"), spaced.end(), False, shape="question-answer",
                          candidate=True)
    return LabelMatch(match.group("name"), None, -1, match.group("sep"), match.end(), False,
                      period=match.group("sep").startswith("."), shape="question-answer")


_INITIALS_PERIOD = re.compile(r"^(?P<name>(?:[A-ZА-Я]\.\s?){1,3}[A-ZА-Я][A-ZА-Я’'-]{2,})(?P<sep>\.[ \t\u00a0]+)(?=\S)")
_SURNAME_INITIALS = re.compile(r"^(?P<surname>[A-ZА-Я][A-ZА-Яa-zа-я’'-]{2,})\s+(?P<initials>(?:[A-ZА-Я]\.\s?){1,3})" + _SEP)


def initials_label(line: str, text: str) -> LabelMatch | None:
    """Russian archival style: ``A.A. GROMYKO.`` and, surname first, ``GROMYKO A.A.:``."""
    match = _INITIALS_PERIOD.match(line)
    if match:
        return LabelMatch(match.group("name"), None, -1, match.group("sep"), match.end(), False, period=True,
                          titled=True, shape="initials-label")
    match = _SURNAME_INITIALS.match(line)
    if match:
        name = f"{match.group('surname')} {match.group('initials').strip()}"
        return LabelMatch(name, None, -1, match.group("sep"), match.end(), False, shape="initials-label",
                          key_name=f"{match.group('initials').strip()} {match.group('surname')}")
    return None


_AFFILIATION = re.compile(
    r"^(?P<name>[^\s:()\[\]][^:()\[\]\n]{0,50}?)(?P<aff>(?:\s*\((?P<a1>[A-Z][^()\n]{0,60})\))"
    r"(?:\s*\((?P<a2>[A-Z][^()\n]{0,30})\))?)" + _SEP)
_ADDRESS = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady)\.?\s+\S", re.I)
#: one parenthesis that says whom the speaker stands for: a party and a state ("Democrat, California",
#: "D-Calif.", "R-TX"), an office and a place ("Former Senator, Maine")
_STANDS_FOR = re.compile(r"[DRI]-[A-Z][A-Za-z.]{1,12}|[A-Z][\w.’'-]*(?: [\w.’'-]+){0,5}, [A-Z][\w.’' -]{1,40}")


_PARTY_WORD = re.compile(r"[^\W_][\w.]{0,6}")
#: words in capitals of how a broadcast turn is spoken ("SMITH (OFF-MIKE):", "(VOICE-OVER)", "(ON CAMERA)")
_DELIVERY_WORDS = {"OFF", "MIC", "MIKE", "VOICE", "OVER", "ON", "CAMERA", "CONT", "CONTD", "CONT'D", "VIA", "PHONE",
                   "AUDIO", "VIDEO", "TAPE", "SOT", "VO", "OS", "OC", "ASIDE", "LIVE"}


def _is_party(text: str) -> bool:
    """A party's name as a label gives it in parentheses: short words of capitals, with slashes or
    hyphens (``CDU/CSU``, ``AfD``, ``BÜNDNIS 90/DIE GRÜNEN``, ``SNP``); no word of a stage direction
    (``Aside``, ``CONTINUING``: one capital, or too long; ``OFF-MIKE``, ``VOICE-OVER``: a broadcast's)."""
    words = re.split(r"[ /-]+", text.strip())
    return 0 < len(words) <= 4 and not _DELIVERY_WORDS & {w.upper() for w in words} and \
        all(_PARTY_WORD.fullmatch(w) and (w.isdigit() or sum(c.isupper() for c in w) >= 2) for w in words)


def _stands_for(text: str) -> bool:
    """Does a label's one parenthesis say whom the speaker stands for (``_STANDS_FOR``, a party), not how
    the turn is spoken?"""
    return (_STANDS_FOR.fullmatch(text) is not None or _is_party(text)) and classify_parenthetical(text) is None


def affiliation_label(line: str, text: str) -> LabelMatch | None:
    """Hansard: ``Caroline Lucas (Brighton, Pavilion) (Green):`` — constituency and party in parentheses;
    ``The Prime Minister (Mr Tony Blair):`` — an office with the name of who holds it; broadcast and
    Congressional transcripts: ``Representative NANCY PELOSI (Democrat, California):``, ``Sen. JOHN McCAIN
    (R-Ariz.):`` — the party and state, or office and place, of the speaker (not a stage direction)."""
    match = _AFFILIATION.match(line)
    if match is None or not looks_like_name(match.group("name").strip()):
        return None
    name, first, second = match.group("name").strip(), match.group("a1"), match.group("a2")
    found = functools.partial(LabelMatch, line[:match.start("sep")].rstrip(), None, -1, match.group("sep"),
                              match.end(), False, shape="affiliation-label")
    if second is not None:
        return found(key_name=name, office=f"{first}; {second}")
    if _stands_for(first):
        return found(key_name=name, office=first)
    if _ADDRESS.match(first):   # "The Prime Minister (Mr Tony Blair)"
        return found(key_name=first, office=name, office_names=True)
    return None   # one parenthesis that is not a name: a stage direction, read by colon-label


_SURNAME_FIRST = re.compile(r"^(?P<surname>[A-ZÀ-ÞĀ-ž][\w’'-]+), (?P<given>[A-ZÀ-ÞĀ-ž][\w’'-]+)"
                            r"(?:, (?P<office>[^:\n]{1,60}))?" + _SEP)
_NAME_OFFICE = re.compile(r"^(?P<name>[^,:\n]{2,50}), (?P<office>[^,:\n]{2,60})" + _SEP)


def name_and_office(line: str, text: str) -> LabelMatch | None:
    """``Danko, Andrej, predseda NR SR:`` (surname first, then the office) and
    ``BOB DOLE, SENATOR FROM KANSAS:``, ``CANDY CROWLEY, MODERATOR:`` (name, then office)."""
    match = _SURNAME_FIRST.match(line)
    if match and match.group("given")[0].isupper():
        office = match.group("office")
        if office is not None or match.group("surname").isupper():
            written = line[:match.start("sep")]
            return LabelMatch(written, None, -1, match.group("sep"), match.end(), False, shape="surname-first-label",
                              key_name=f"{match.group('given')} {match.group('surname')}", office=office)
    match = _NAME_OFFICE.match(line)
    if match is None:
        return None
    name, office = match.group("name").strip(), match.group("office").strip()
    shouted = name.isupper() and office.isupper()
    if not looks_like_name(name) or not (shouted or (len(name.split()) >= 2 and len(office.split()) <= 5
                                                     and office[:1].isupper())):
        return None
    written = line[:match.start("sep")]
    return LabelMatch(written, None, -1, match.group("sep"), match.end(), False, shape="name-office-label",
                      key_name=name, office=office)


_CAPTION = re.compile(r"^(?P<name>[^\s:()\[\]][^:()\[\]\n]{0,80}?)[ \t]+(?P<code>\[" + TIMECODE.pattern
                      + r"\]|\(" + TIMECODE.pattern + r"\)|" + TIMECODE.pattern + r")[ \t]*$")


#: ``00:00:53 [Bob Therriault]``: the time into the recording, then the speaker's name in brackets (podcast sites)
_CODE_THEN_NAME = re.compile(r"^(?P<code>" + TIMECODE.pattern + r")[ \t]+\[(?P<name>[^\s:()\[\]][^:()\[\]\n]{0,80}?)\]"
                             r"[ \t]*$")


def caption_label(line: str, text: str) -> LabelMatch | None:
    """A speaker's name and the time into the recording alone on a line, the speech below: Oyez
    (``John G. Roberts, Jr. [00:00:00]``), caption or meeting exports (``Name  0:26``) and podcast sites
    (``00:00:53 [Bob Therriault]``, the time first). With the speech in the paragraph below (a blank line
    between), it is a ``candidate``: a label only when such lines open more than one paragraph."""
    match = _CAPTION.match(line)
    code_first = match is None
    if code_first:
        match = _CODE_THEN_NAME.match(line)
    if match is None:
        return None
    name = match.group("name")
    bare = re.sub(r",\s*(?:Jr|Sr|II|III|IV)\.?$", "", name)
    if not looks_like_name(bare):
        return None
    alone = "\n" not in text
    separator = "" if code_first else line[len(name):]
    return LabelMatch(name, None, -1, separator, len(line) + 1, False, shape="caption-label",
                      timecode=match.group("code"), candidate=alone)   # "[00:00:09]", or "0:26" without brackets


#: a name in capitals alone on its line ("JANE DOE", "DR. SMITH"), the speech on the lines below
_NAME_LINE = re.compile(r"^(?P<name>[A-ZÀ-ÞА-Я][A-ZÀ-ÞА-Я.'’-]*(?:[ \t]+[A-ZÀ-ÞА-Я][A-ZÀ-ÞА-Я.'’-]*){0,4})[ \t]*$")


def name_line_label(line: str, text: str) -> LabelMatch | None:
    """``JANE DOE`` alone on a line and the speech on the next (a script's layout, some interview exports):
    a candidate, a label only when the same name opens more than one paragraph."""
    match = _NAME_LINE.match(line)
    if match is None or "\n" not in text or not looks_like_name(match.group("name")) \
            or match.group("name").casefold() in NOT_SPEAKERS or len(match.group("name").replace(".", "")) < 2:
        return None
    return LabelMatch(match.group("name"), None, -1, line[match.end("name"):], len(line) + 1, False,
                      shape="name-line-label", candidate=True)


#: "JANE DOE — Thanks." (a name in capitals, a dash between spaces), "Jane Doe<TAB>Thanks." (a table's columns)
_DASH_OR_TAB = re.compile(r"^(?P<name>[^\s\t:—–-][^\t:—–\n]{0,60}?)(?P<sep>[ \u00a0]+[—–-][ \u00a0]+|\t+)(?=\S)")


def dash_or_tab_label(line: str, text: str) -> LabelMatch | None:
    """``JANE DOE — Thanks for having me.`` (a name in capitals and a dash) or ``Jane Doe<TAB>Thanks…`` (the
    columns of a table): a candidate, a label only when the same name opens more than one paragraph."""
    match = _DASH_OR_TAB.match(line)
    if match is None:
        return None
    name, sep = match.group("name").strip(), match.group("sep")
    if not looks_like_name(name) or name.casefold() in NOT_SPEAKERS or "\t" not in sep and not name.isupper():
        return None
    return LabelMatch(name, None, -1, line[len(name):match.end()], match.end(), False, shape="dash-or-tab-label",
                      candidate=True)


_SUPPLIED = re.compile(r"^\[(?P<name>[^\[\]:\n]{1,60})[:：]\](?P<sep>[ \t\u00a0]*)")


def supplied_label(line: str, text: str) -> LabelMatch | None:
    """``[Clifford:]``: a label the transcript's editors supplied."""
    match = _SUPPLIED.match(line)
    if match is None or not looks_like_name(match.group("name")):
        return None
    return LabelMatch(match.group("name"), None, -1, ":" + match.group("sep"), match.end(), False,
                      shape="supplied-label", supplied=True)


_COMPLETION = re.compile(r"^\[(?P<part>[^\[\]:\n]{1,40})\][ \t]?(?P<rest>[^\s:\[\]][^:\[\]\n]{0,40}?)" + _SEP)


def completed_label(line: str, text: str) -> LabelMatch | None:
    """``[Gheorghe Gheorghiu-] Dej:``: a label completed in brackets by the transcript's editors."""
    match = _COMPLETION.match(line)
    if match is None:
        return None
    part, rest = match.group("part"), match.group("rest")
    whole = part + rest if part.endswith("-") else f"{part} {rest}"
    if not looks_like_name(whole):
        return None
    return LabelMatch(line[:match.start("sep")], None, -1, match.group("sep"), match.end(), False,
                      shape="completed-label", key_name=whole)


#: "[00:12:45] " or "(12:45) ", or without brackets with its seconds ("00:00:05 ", as Zoom's text export): a
#: bare "10:00" may be the hour of the meeting
_TIMECODE_PREFIX = re.compile(rf"^(?P<code>[\[(]{TIMECODE.pattern}[\])]|\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,3}})?(?=[ \t]))"
                              r"[ \t\u00a0]*")
#: Markdown emphasis around a label: bold ``**…**`` or ``__…__``, italic ``*…*`` or ``_…_``.
_EMPHASIS = re.compile(r"^(?P<mark>\*\*|__|\*|_)(?P<inner>[^*_\n]{1,120}?)(?P=mark)(?P<after>[:：]?)[ \t\u00a0]*")


def timecode_before_label(line: str, text: str) -> LabelMatch | None:
    """``[00:12:45] INTERVIEWER: …`` (or ``00:12:45 INTERVIEWER: …``): the turn's position in the recording, then
    the label."""
    timecode = _TIMECODE_PREFIX.match(line)
    if not timecode:
        return None
    found = match_label(text[timecode.end():])
    if found is None:
        return None
    shift = timecode.end()
    return replace(found, stage_offset=found.stage_offset + shift if found.stage_offset >= 0 else -1,
                   rest_offset=found.rest_offset + shift, timecode=timecode.group("code"))


def markdown_bold_label(line: str, text: str) -> LabelMatch | None:
    """``**Adam Stacoviak:**`` or ``**Mr. Howard**:``: a label in Markdown bold; ``*MM*:`` or ``_AT_:`` (an
    interview's initials in italics, ``markdown-italic-…``): a label in Markdown emphasis."""
    emphasis = _EMPHASIS.match(line)
    if not emphasis:
        return None
    inner = emphasis.group("inner").rstrip() + emphasis.group("after")
    if not inner.endswith((":", "：")):
        return None
    found = match_label(inner + " x")
    if found is None:
        return None
    mark = len(emphasis.group("mark"))
    return replace(found, rest_offset=emphasis.end(), separator=line[len(found.name) + mark:emphasis.end()],
                   stage_offset=found.stage_offset + mark if found.stage_offset >= 0 else -1,
                   shape=("markdown-bold-" if mark == 2 else "markdown-italic-") + found.shape)


def _before_colon(mark: str) -> Callable[[str, int], bool]:
    """Lines where ``mark`` comes before the first colon, within a label's length."""
    return lambda line, colon: 0 <= line.find(mark) < colon < 160


SHAPES = in_order([
    Shape("timecode-before-label", 10, timecode_before_label, lambda line, colon: line[:1] in "[(0123456789"),
    Shape("markdown-emphasis-label", 20, markdown_bold_label, lambda line, colon: line[:1] in "*_"),
    Shape("supplied-label", 30, supplied_label, lambda line, colon: line.startswith("[")),
    Shape("completed-label", 35, completed_label, lambda line, colon: line.startswith("[")),
    Shape("caption-label", 40, caption_label,
          lambda line, colon: len(line) < 120 and line.rstrip()[-1:] in ")]0123456789"),
    Shape("affiliation-label", 50, affiliation_label, _before_colon("(")),
    Shape("surname-first-label", 60, name_and_office, _before_colon(",")),
    Shape("initials-label", 70, initials_label,
          lambda line, colon: line[1:2] == "." or 0 <= line.find(".") < colon < 160),
    Shape("question-answer", 75, question_answer,
          lambda line, colon: line[:1] in "QA" and line[1:2] in ".: \t\u00a0"),
    Shape("colon-label", 80, colon_label, lambda line, colon: colon >= 0),
    Shape("party-period-label", 88, party_period_label, lambda line, colon: ")." in line[:80]),
    Shape("hearing-label", 90, hearing_label, lambda line, colon: "." in line[:60]),
    Shape("french-period-label", 92, french_period_label, lambda line, colon: line[:1] == "M"),
    Shape("titled-period-label", 95, titled_period_label, lambda line, colon: "." in line[:60]),
    Shape("name-line-label", 97, name_line_label, lambda line, colon: colon < 0 and line[:1].isupper()),
    Shape("dash-or-tab-label", 98, dash_or_tab_label,
          lambda line, colon: "\t" in line[:62] or " —" in line[:62] or " –" in line[:62] or " - " in line[:62]),
])

_INDENT = re.compile(r"^[ \t]{1,12}(?=\S)")


def match_label(text: str) -> LabelMatch | None:
    """Recognise a speaker label at the start of ``text`` by its shape; None if it is not one (see
    ``_match_label``). Only the first line decides (and whether there is more), so only it is cached."""
    first_line, more, _ = text.partition("\n")
    return _match_label(first_line + more)


@lru_cache(maxsize=8192)
def _match_label(text: str) -> LabelMatch | None:
    """Recognise a speaker label at the start of ``text`` by its shape; None if it is not one.

    A label may be indented (hearing text of the Government Publishing Office by four spaces, debate
    transcripts by tabs): the indentation is skipped. A ``candidate`` is a label only when the same label
    opens more than one paragraph; the classifier decides.
    """
    indent = _INDENT.match(text)
    if indent:
        found = _match_label(text[indent.end():])
        if found is None:
            return None
        shift = indent.end()
        return replace(found, stage_offset=found.stage_offset + shift if found.stage_offset >= 0 else -1,
                       rest_offset=found.rest_offset + shift)
    first_line = text.partition("\n")[0]
    colon = first_line.find(":")
    if colon < 0:
        colon = first_line.find("：")
    if colon < 0 and "." not in first_line[:60] and first_line[:1] not in "[(*_" \
            and first_line.rstrip()[-1:] not in ")]0123456789" and not _Q_SPACED.match(first_line) \
            and not ("\n" in text and _NAME_LINE.match(first_line)) and not _DASH_OR_TAB.match(first_line):
        return None   # no colon, period, bracket, timecode, "Q  ", name line, dash or tab: no label of any shape
    for shape in SHAPES:
        if shape.hint(first_line, colon):
            found = shape.match(first_line, text)
            if found is not None:
                return found
    return None
