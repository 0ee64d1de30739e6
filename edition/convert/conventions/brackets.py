"""Bracket roles: what a transcriber's mark in brackets or parentheses is for.

The TEI Guidelines' chapter on transcriptions of speech (8.3) describes what a transcript records
besides words: ``gap`` (speech left out: inaudible, not declassified), ``unclear`` (words heard with
doubt), ``incident`` (something that happens: crosstalk, an interruption, the tape ending, a phone
ringing), ``vocal`` (a sound a speaker makes that is not a word: laughing, coughing). Each role is a
unit with the words that name it; the first that matches the whole bracket decides. Brackets no role
claims keep their older reading (stage direction, the source's note, a timecode, supplied words or a
gloss): see ``paragraphs.py``. The words of the mark are kept (``desc``), and so are the brackets
(``@rend``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import Unit, in_order


@dataclass(frozen=True)
class Role(Unit):
    element: str = "incident"        # gap | unclear | incident | vocal
    pattern: re.Pattern | None = None
    reason: str | None = None        # gap/@reason, unclear/@reason
    openers: str = "["               # which brackets the role is read in


_CODE = r"\d{1,2}(?::\d{2}){1,3}(?:[.,]\d{1,3})?"
_TIME = r"(?:[ \t,]+" + _CODE + r"(?:\s*[-–]\s*" + _CODE + r")?)?"


def _words(words: str, more: bool = False) -> re.Pattern:
    """The words of a role, a time into the recording after them; ``more``: a few words may follow
    ("[laughter about son]")."""
    tail = r"(?:\s+\S+){0,4}" if more else ""
    return re.compile(r"^(?:" + words + r")" + tail + _TIME + r"[.!]?$", re.I)


ROLES = in_order([
    Role("inaudible-mark", 10, "gap", _words(r"inaudible|unintelligible|indiscernible|not clear|unclear|garbled|"
                                             r"audio (?:cuts out|drops out|unclear)|(?:\d+ )?(?:words?|seconds?) "
                                             r"(?:inaudible|unintelligible)"), "inaudible", "[("),
    Role("unclear-words", 20, "unclear", re.compile(r"^(?:unclear|inaudible|unintelligible|sp\?|\?)[:,]?\s+(?=\S)"
                                                    r"|\?$", re.I), "uncertain"),
    Role("crosstalk-mark", 30, "incident", _words(r"cross-?talk|overlapping(?: speech| voices)?|multiple speakers|"
                                                   r"simultaneous speech"), None, "[("),
    Role("interruption-mark", 40, "incident", _words(r"interruptions?|interrupted|disturbance|noise|background noise|"
                                                      r"(?:tele)?phone (?:rings|ringing)|knock(?:s|ing)?(?: at the door)?|"
                                                      r"music(?: plays| playing)?|applause|silence|pause|long pause|"
                                                      r"break|recess|(?:tape|recording|audio|video) (?:ends|stops|"
                                                      r"resumes|begins|starts|cuts off)|end of (?:tape|recording)|"
                                                      r"beep|buzzer|gavel|bell rings|technical difficulties|phone"),
         None, "[("),
    Role("vocal-mark", 50, "vocal", _words(r"laugh(?:s|ter|ing)?|chuckles?|chuckling|giggles?|sighs?|coughs?|"
                                            r"coughing|clears (?:his |her |their )?throat|sneezes?|groans?|"
                                            r"cries|crying|sobs?|whistles?|gasps?|yawns?|inhales?|exhales?|"
                                            r"um+|uh+|hmm+|mm-?hmm|snickers?|snickering", more=True), None, "[("),
])


def bracket_role(opener: str, content: str) -> Role | None:
    """The role of a bracket with this content, or None. Parentheses are read only in lower case
    (``(laughs)``, ``(phone rings)``): capitalised ones are stage directions already."""
    text = content.strip()
    if opener == "(" and text[:1].isupper():
        return None
    for role in ROLES:
        if opener in role.openers and role.pattern.search(text):
            return role
    return None


def unclear_text(content: str) -> tuple[str, str]:
    """``[unclear: Nolton]`` → ("unclear: ", "Nolton"); ``[Nolton?]`` → ("", "Nolton?")."""
    match = re.match(r"^(?:unclear|inaudible|unintelligible|sp\?|\?)[:,]?\s+", content, re.I)
    return (match.group(), content[match.end():]) if match else ("", content)
