"""Reading a transcript file: bytes → text, with every oddity either fixed and reported or refused.

* UTF-8 is expected; a byte-order mark is removed; CRLF and CR line ends become LF.
* Bytes that are not UTF-8 are decoded as Windows-1252 when that reads as text (reported), else refused.
* A file with NUL bytes (or mostly control characters) is refused as binary.
* Characters that XML 1.0 does not allow are refused with their line and column; a form feed is the
  one exception: it marks a page break and becomes ``<pb/>``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError

#: Characters XML 1.0 forbids (except TAB, LF, CR); form feed handled separately.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """A transcript as text, with how it was read."""

    path: str
    text: str
    encoding: str = "utf-8"
    notices: tuple[str, ...] = field(default=())


def read_source(path: str | Path, encoding: str | None = None, name: str | None = None) -> SourceText:
    """Read and decode a transcript; raise ``SourceError`` for what cannot be a transcript.

    ``name`` is how messages and the report call the file (default: ``path`` as given).
    """
    name = name or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", path=name) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a transcript file", path=name) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=name) from None
    return decode_source(data, name, encoding)


def decode_source(data: bytes, name: str, encoding: str | None = None) -> SourceText:
    """Decode transcript bytes (see the module docstring for the rules)."""
    if len(data) > MAX_BYTES:
        raise SourceError(f"file too large ({len(data)} bytes; at most {MAX_BYTES})", path=name)
    notices: list[str] = []
    if not data.strip():
        raise SourceError("empty transcript: the file has no text", path=name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError("UTF-16 text: save the transcript as UTF-8", path=name, line=1, column=1)
    if b"\x00" in data or _looks_binary(data[:8192]):
        offset = data.find(b"\x00")
        line, column = _byte_position(data, offset if offset >= 0 else 0)
        raise SourceError("binary file, not a plain-text transcript", path=name, line=line, column=column)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        notices.append("removed the UTF-8 byte-order mark")
    used = encoding or "utf-8"
    try:
        text = data.decode(used)
    except UnicodeDecodeError as exc:
        if encoding:
            line, column = _byte_position(data, exc.start)
            raise SourceError(f"not valid {encoding}: byte 0x{data[exc.start]:02x}",
                              path=name, line=line, column=column) from None
        line, column = _byte_position(data, exc.start)
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SourceError(
                f"not UTF-8 (byte 0x{data[exc.start]:02x}) and not Windows-1252 either; "
                "convert the file to UTF-8 or pass --encoding", path=name, line=line, column=column) from None
        used = "windows-1252"
        notices.append(f"not UTF-8 (first at line {line}, column {column}): decoded as Windows-1252")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notices.append("normalised CRLF/CR line ends to LF")
    match = _FORBIDDEN.search(text)
    if match:
        line, column = text_position(text, match.start())
        raise SourceError(
            f"character U+{ord(match.group()):04X} is not allowed in XML", path=name, line=line, column=column)
    return SourceText(name, text, used, tuple(notices))


def text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def _looks_binary(sample: bytes) -> bool:
    """Many control characters in a sizeable sample: not text. (A few are reported one by one.)"""
    if len(sample) < 256:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.1
