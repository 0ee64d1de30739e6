"""Witness TEI → blocks (turns, paragraphs outside turns) → tokens.

A token is a word (``don’t``, ``Marxism-Leninism``) or a run of punctuation, with the white space after
it; every witness is tokenised the same way, and token boundaries also fall at element boundaries. Of the
base witness each token also records where its text lies in the tree, so that the apparatus can be built
into the base text around it.

What a witness says is read, what the editors added is not: editorial notes are skipped, and of a
``choice`` the reading as received (``sic``, ``orig``, ``abbr``) is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import SourceError
from .normalise import Normaliser

TEI = "http://www.tei-c.org/ns/1.0"
_T = "{%s}" % TEI
_TOKEN = re.compile(r"\w+(?:['’\-‐]\w+)*|[^\w\s]+", re.UNICODE)
EDITED = {_T + "corr", _T + "reg", _T + "expan"}


@dataclass(eq=False)
class Token:
    """One token: its text with the white space after it (``t``) and its normalised form (``n``)."""

    t: str
    n: str
    holder: etree._Element | None = field(default=None, repr=False)  # the element whose .text/.tail holds it
    in_tail: bool = False
    start: int = 0
    end: int = 0                                                     # end of the token, before white space
    unit: etree._Element | None = field(default=None, repr=False)    # the paragraph (or stage) it is in


@dataclass(eq=False)
class Block:
    """A turn (``sp``) or a paragraph, heading or stage direction outside turns."""

    kind: str
    element: etree._Element = field(repr=False)
    tokens: list[Token]
    who: str | None = None
    label: str = ""

    @property
    def forms(self) -> list[str]:
        return [t.n for t in self.tokens]


def read_blocks(root: etree._Element, normalise: Normaliser, name: str) -> list[Block]:
    """The blocks of a TEI document's body, in order, with their tokens."""
    body = root.find(f"{_T}text/{_T}body")
    if body is None:
        raise SourceError("no text/body to collate", path=name)
    if body.find(f".//{_T}app") is not None:
        raise SourceError("the witness already has an apparatus (app): collate witnesses without one",
                          path=name, line=body.find(f".//{_T}app").sourceline)
    blocks: list[Block] = []
    _collect(body, blocks, normalise)
    return blocks


def _collect(container: etree._Element, blocks: list[Block], normalise: Normaliser) -> None:
    for child in container:
        if not isinstance(child.tag, str):
            continue
        if child.tag == _T + "div":
            _collect(child, blocks, normalise)
        elif child.tag == _T + "note" and child.get("type") == "editorial":
            continue
        elif child.tag == _T + "sp":
            tokens: list[Token] = []
            speaker = child.find(_T + "speaker")
            for unit in child:
                if isinstance(unit.tag, str) and unit.tag != _T + "speaker":
                    tokens.extend(tokenise(unit, normalise))
            label = " ".join("".join(speaker.itertext()).split()) if speaker is not None else ""
            blocks.append(Block("sp", child, tokens, child.get("who"), label))
        else:
            tokens = tokenise(child, normalise)
            if tokens:
                blocks.append(Block(etree.QName(child).localname, child, tokens))


def tokenise(unit: etree._Element, normalise: Normaliser) -> list[Token]:
    """The tokens of one paragraph-like element, in document order."""
    tokens: list[Token] = []

    def text_of(holder: etree._Element, in_tail: bool) -> None:
        text = holder.tail if in_tail else holder.text
        if not text:
            return
        for match in _TOKEN.finditer(text):
            after = match.end()
            while after < len(text) and text[after].isspace():
                after += 1
            tokens.append(Token(text[match.start():after], normalise(match.group()), holder, in_tail,
                                match.start(), match.end(), unit))

    def walk(element: etree._Element) -> None:
        text_of(element, False)
        for child in element:
            if not isinstance(child.tag, str) or (child.tag == _T + "note" and child.get("type") == "editorial") \
                    or child.tag in EDITED and element.tag == _T + "choice":
                pass
            else:
                walk(child)
            text_of(child, True)

    walk(unit)
    _attach_leading_space(tokens)
    return tokens


def _attach_leading_space(tokens: list[Token]) -> None:
    """White space before a token in its own text node (``word <name>X</name>``) is kept on the token
    before it, so that joining the tokens' texts gives the witness's text with its spaces."""
    for before, token in zip(tokens, tokens[1:]):
        text = token.holder.tail if token.in_tail else token.holder.text
        gap = text[:token.start]
        if gap and not gap.strip() and not before.t[-1:].isspace() and (
                before.holder is not token.holder or before.in_tail != token.in_tail):
            before.t += " "
