"""Reading a transcript file: bytes → text, with every oddity either fixed and reported or refused.

* UTF-8 is expected; a byte-order mark is removed; CRLF and CR line ends become LF.
* A UTF-8 file stays UTF-8: a stray byte that is not UTF-8 (a Windows-1252 ``é`` pasted into it) is
  decoded alone, as Windows-1252, with a warning naming its line and column; the rest of the file is
  untouched. ``strict`` refuses such a byte instead. A file with no UTF-8 sequence at all but bytes
  above 0x7F is read as Windows-1252, and that guess is a warning too (warnings reach standard error
  in ``convert`` and ``build``). A byte that is neither (0x81, 0x8D, 0x8F, 0x90, 0x9D) is refused.
* ``encoding`` (``--encoding``) reads the file in that encoding, strictly; an unknown name is refused.
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
    #: What a reader must be told (bytes decoded as Windows-1252, an encoding guessed): ``file:line:col: …``.
    warnings: tuple[str, ...] = field(default=())


#: At most this many stray bytes are named one by one; the rest are counted in one more warning.
MAX_BYTE_WARNINGS = 20
_STRAY = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, after ``surrogateescape``


def read_source(path: str | Path, encoding: str | None = None, name: str | None = None, *,
                strict: bool = False) -> SourceText:
    """Read and decode a transcript; raise ``SourceError`` for what cannot be a transcript.

    ``name`` is how messages and the report call the file (default: ``path`` as given); ``strict``
    refuses a byte that is not UTF-8 instead of decoding it as Windows-1252.
    """
    name = name or str(path)
    try:
        data = _read_bounded(Path(path), name)
    except FileNotFoundError:
        raise SourceError("no such file", path=name) from None
    except IsADirectoryError:
        raise SourceError("is a folder, not a transcript file", path=name) from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", path=name) from None
    return decode_source(data, name, encoding, strict=strict)


def _read_bounded(path: Path, name: str) -> bytes:
    """The file's bytes, refused as soon as it proves binary or larger than ``MAX_BYTES`` (a device such
    as /dev/zero, or a pipe that never ends, is not read to its end)."""
    chunks: list[bytes] = []
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 16):
            if not chunks and b"\x00" in chunk and not chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                line, column = _byte_position(chunk, chunk.find(b"\x00"))
                raise SourceError("binary file, not a plain-text transcript", path=name, line=line, column=column)
            size += len(chunk)
            if size > MAX_BYTES:
                raise SourceError(f"file too large (more than {MAX_BYTES} bytes): not a transcript", path=name)
            chunks.append(chunk)
    return b"".join(chunks)


def decode_source(data: bytes, name: str, encoding: str | None = None, *, strict: bool = False) -> SourceText:
    """Decode transcript bytes (see the module docstring for the rules)."""
    if encoding is not None:
        _check_encoding(encoding, name)
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
    warnings: list[str] = []
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            line, column = _byte_position(data, exc.start)
            raise SourceError(f"not valid {encoding}: byte 0x{data[exc.start]:02x}",
                              path=name, line=line, column=column) from None
        used = encoding
        text = _normalise_line_ends(text, notices)
    else:
        used = "utf-8"
        text = _normalise_line_ends(data.decode("utf-8", errors="surrogateescape"), notices)
        if _STRAY.search(text):
            text, warnings = _decode_stray_bytes(text, name, strict)
            if warnings and warnings[0].endswith(_GUESS):
                used = "windows-1252"
    match = _FORBIDDEN.search(text)
    if match:
        line, column = text_position(text, match.start())
        raise SourceError(
            f"character U+{ord(match.group()):04X} is not allowed in XML", path=name, line=line, column=column)
    return SourceText(name, text, used, tuple(notices), tuple(warnings))


def _check_encoding(encoding: str, name: str) -> None:
    """Refuse an unknown encoding name, or a codec that is not for text (``base64``, ``zlib``)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise SourceError(f"unknown encoding {encoding!r} (--encoding): give a text encoding such as utf-8, "
                          "windows-1252 or latin-1", path=name)


def _normalise_line_ends(text: str, notices: list[str]) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notices.append("normalised CRLF/CR line ends to LF")
    return text


_GUESS = "(a guess: pass --encoding to say which encoding it is)"


def _decode_stray_bytes(text: str, name: str, strict: bool) -> tuple[str, list[str]]:
    """Decode each byte that is not UTF-8 (kept as a lone surrogate) as Windows-1252, alone.

    Returns the text and the warnings: one per byte (the first ``MAX_BYTE_WARNINGS``), or, when the
    file has no UTF-8 sequence at all, one saying that the whole file was read as Windows-1252.
    """
    strays = [(match.start(), ord(match.group()) - 0xDC00) for match in _STRAY.finditer(text)]
    utf8_sequences = any(ord(char) > 0x7F for char in _STRAY.sub("", text))
    decoded = {}
    for offset, byte in strays:
        try:
            decoded[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            line, column = text_position(text, offset)
            raise SourceError(f"byte 0x{byte:02x} is neither UTF-8 nor Windows-1252: convert the file to "
                              "UTF-8 or pass --encoding", path=name, line=line, column=column) from None
    if strict:
        line, column = text_position(text, strays[0][0])
        more = f" (and {len(strays) - 1} more)" if len(strays) > 1 else ""
        raise SourceError(f"byte 0x{strays[0][1]:02x} is not UTF-8{more}: convert the file to UTF-8, or pass "
                          "--encoding", path=name, line=line, column=column)
    result = _STRAY.sub(lambda match: decoded[ord(match.group()) - 0xDC00], text)
    if not utf8_sequences:
        line, column = text_position(text, strays[0][0])
        return result, [f"{name}:{line}:{column}: no UTF-8 in the file, {len(strays)} byte(s) above 0x7F: "
                        f"read as Windows-1252 {_GUESS}"]
    warnings = []
    for offset, byte in strays[:MAX_BYTE_WARNINGS]:
        line, column = text_position(text, offset)
        warnings.append(f"{name}:{line}:{column}: byte 0x{byte:02x} is not UTF-8: read as Windows-1252 "
                        f"{decoded[byte]!r}; the rest of the file is UTF-8")
    if len(strays) > MAX_BYTE_WARNINGS:
        warnings.append(f"{name}: {len(strays) - MAX_BYTE_WARNINGS} more byte(s) that are not UTF-8 "
                        "read as Windows-1252")
    return result, warnings


def text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


#: The control characters that text does not hold (all below 32 but tab, line feed, form feed, return).
_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_binary(sample: bytes) -> bool:
    """Many control characters in a sizeable sample: not text. (A few are reported one by one.)"""
    if len(sample) < 256:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROLS))   # counted in C, not byte by byte
    return controls / len(sample) > 0.1
