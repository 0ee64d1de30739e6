"""XSLT 3.0 through saxonche: one processor per process, each stylesheet compiled once.

Compiled stylesheets cannot be saved to disk (that needs Saxon-EE) and cost about half a second
to compile, so ``compile_stylesheet`` keeps them for the life of the process, keyed by path and
modification time (a changed stylesheet is compiled again, which the preview server relies on).
saxonche holds the GIL during a transform: use processes, not threads, to go parallel.

Parameters are typed: Python ``bool``, ``int``, ``float`` and ``str`` become ``xs:boolean``,
``xs:integer``, ``xs:double`` and ``xs:string``; a list or tuple of strings becomes a sequence of
strings. Every failure (compile, parse, transform) is raised as ``RenderError`` with one line.

Saxon writes its warnings and the detail of its errors on the process's standard error itself (file
descriptor 2, from native code: not through ``sys.stderr``). While it compiles or transforms, that
descriptor goes to a temporary file (``_saxon_stderr``); what Saxon wrote there is read as its reports
(``saxon_reports``): the code and stylesheet lines of the error a transform failed on go into the
``RenderError``; any other report (a warning, an error Saxon went on after) becomes one line
``edition:saxon|SOURCE|TEXT`` of the ``messages`` (the caller reports it as its own warning, with the
file), or is printed as ``edition: warning: SOURCE: TEXT`` when no ``messages`` are asked for. Text
that is not Saxon's (another thread's) is written to standard error as it came.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence, Union

from lxml import etree

from .errors import RenderError

ParamValue = Union[bool, int, float, str, Sequence[str]]

_lock = threading.RLock()
_processor = None
_builder = None
_compiled: dict[tuple[str, int], "Stylesheet"] = {}
# Stylesheets a caller vouched for (``stylesheets_unchanged``): (path as given, digest) → compiled.
_vouched: dict[tuple[str, str], "Stylesheet"] = {}
_vouching: list[tuple[str, str]] = []   # (folder, digest of its files) while a caller vouches


def saxon_processor():
    """The process-wide ``PySaxonProcessor`` (created on first use, about 50 ms)."""
    global _processor
    with _lock:
        if _processor is None:
            from saxonche import PySaxonProcessor

            _processor = PySaxonProcessor(license=False)
        return _processor


def _document_builder():
    """The process-wide ``PyDocumentBuilder``: parsing through one builder costs about half of what
    ``PySaxonProcessor.parse_xml`` (a builder made for every call) costs."""
    global _builder
    with _lock:
        if _builder is None:
            _builder = saxon_processor().new_document_builder()
        return _builder


def _parse(xml_text: str | None = None, xml_file_name: str | None = None):
    """Saxon's tree of XML text (or of a file edition wrote), through the one document builder."""
    builder = _document_builder()
    with _lock:
        if xml_text is not None:
            return builder.parse_xml(xml_text=xml_text)
        return builder.parse_xml(xml_file_name=xml_file_name)


#: The first line of a report Saxon writes on standard error ("Warning at mode (unnamed)",
#: "Type error evaluating (…) on line 3 column 98 of err.xsl:", "Error at xsl:template on line 5 …").
_REPORT_START = re.compile(r"^(?:Warning|Error|Type error|Dynamic error|Static error|Fatal error|"
                           r"Recoverable error|Syntax error)\b")
#: Its second: the error code and the message ("  XTDE0540  Ambiguous rule match for /TEI/text[1]").
_REPORT_CODE = re.compile(r"^\s+(?:Q\{[^}]*\})?(?:[A-Za-z]+:)?([A-Z]{4}\d{4})\s+(.*)$")
#: Where in a stylesheet: "on line 187 of file:/…/text.xsl", "on line 3 column 98 of err.xsl", "on line 189"
#: (and the file named once for two rules of one: "… on line 189 and … on line 185 of file:/…/text.xsl").
_REPORT_PLACE = re.compile(r"\bon line (\d+)(?: column \d+)?(?: of (?:file:)?\S*?([^/\s]+\.xsl)\b)?")


#: What Saxon writes after the 25th warning of a kind, for the rest of that transform.
_NO_MORE = "No more warnings will be displayed"


@dataclass(frozen=True)
class SaxonReport:
    """One warning or error as Saxon wrote it on standard error, read as one line: ``code``
    (``XTDE0540``), ``message`` ("Ambiguous rule match for /TEI/text[1]/body[1]/sp[3]/milestone[1]")
    and ``places``, the stylesheet lines it names ("text.xsl line 187"); ``last``: Saxon said it would
    show no more warnings after this one."""

    warning: bool
    code: str
    message: str
    places: tuple[str, ...]
    last: bool = False

    def __str__(self) -> str:
        where = f" ({', '.join(self.places)})" if self.places else ""
        return f"{self.code} {self.message}{where}"


def saxon_reports(text: str) -> tuple[list[SaxonReport], str]:
    """The reports in what Saxon wrote on standard error, and the rest of the text (not Saxon's)."""
    reports: list[SaxonReport] = []
    other: list[str] = []
    lines = text.splitlines()
    k = 0
    while k < len(lines):
        code = _REPORT_CODE.match(lines[k + 1]) if k + 1 < len(lines) else None
        if not (_REPORT_START.match(lines[k]) and code):
            if lines[k].strip():
                other.append(lines[k])
            k += 1
            continue
        message = [code.group(2)]
        end = k + 2
        while end < len(lines) and lines[end][:1].isspace():   # a long message goes on, indented
            message.append(lines[end])
            end += 1
        while end < len(lines) and not (_REPORT_START.match(lines[end]) and end + 1 < len(lines)
                                         and _REPORT_CODE.match(lines[end + 1])):
            end += 1
        # (Saxon breaks a long line before a file name: the lines are read as one)
        found = _REPORT_PLACE.findall(" ".join(" ".join([lines[k], *lines[k + 2:end]]).split()))
        places: list[str] = []
        for at, (number, name) in enumerate(found):
            name = name or next((n for _, n in found[at:] if n), "") or next((n for _, n in found[at::-1] if n), "")
            if name and f"{name} line {number}" not in places:
                places.append(f"{name} line {number}")
        # the path of a node names its elements with their prefixes or as Q{namespace}name: the names only
        text = re.sub(r"(?<=/)(?:Q\{[^}]*\}|[A-Za-z_][\w.-]*:)(?=[A-Za-z_])", "", " ".join(" ".join(message).split()))
        reports.append(SaxonReport(lines[k].startswith("Warning"), code.group(1), text, tuple(places),
                                   any(line.strip() == _NO_MORE for line in lines[k + 2:end])))
        k = end
    return reports, "\n".join(other)


def warning_lines(reports: list[SaxonReport]) -> list[str]:
    """Saxon's reports (of what did not stop it) as lines, one for each code and set of stylesheet lines
    (the first message, and how many more there were: an ambiguous match is reported for every node it
    happens on)."""
    groups: dict[tuple[str, tuple[str, ...]], list[SaxonReport]] = {}
    for report in reports:
        groups.setdefault((report.code, report.places), []).append(report)
    lines = []
    for same in groups.values():
        more = len(same) - 1
        count = f"and {more} more like it" if more else ""
        if any(report.last for report in reports):
            count += ("; " if count else "") + "Saxon shows no more than 25 warnings"
        lines.append(f"{same[0]}" + (f" ({count})" if count else ""))
    return lines


@contextlib.contextmanager
def _saxon_stderr(into: list[SaxonReport]):
    """Within this block the process's standard error (file descriptor 2, which Saxon writes to) goes to a
    temporary file; at its end Saxon's reports in it are added to ``into`` and any other text is written
    to standard error as it came."""
    if sys.stderr is not None:
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:   # no standard error at all: nothing to read Saxon's text from, nor to print it on
        yield
        return
    try:
        with tempfile.TemporaryFile() as capture:
            os.dup2(capture.fileno(), 2)
            try:
                yield
            finally:
                if sys.stderr is not None:
                    sys.stderr.flush()
                os.dup2(saved, 2)
                capture.seek(0)
                reports, other = saxon_reports(capture.read().decode("utf-8", "replace"))
                into.extend(reports)
                if other and sys.stderr is not None:
                    print(other, file=sys.stderr, flush=True)
    finally:
        os.close(saved)


def _saxon_call(call, reports: list[SaxonReport]):
    """``call()`` with what Saxon writes on standard error read into ``reports`` (``_saxon_stderr``):
    ``(its value, None)``, or ``(None, the exception)`` when it failed (saxonche raises PySaxonApiError),
    for the caller to report it with Saxon's reports."""
    try:
        with _saxon_stderr(reports):
            return call(), None
    except Exception as exc:
        return None, exc


def _failed_on(exc: Exception | None, reports: list[SaxonReport]) -> SaxonReport | None:
    """The report of the error a call failed with (``exc``): Saxon's last error report."""
    errors = [r for r in reports if not r.warning] if exc is not None else []
    return errors[-1] if errors else None


def _error_text(exc: Exception, reports: list[SaxonReport]) -> str:
    """The one line of a failure: Saxon's report of the error (code, message, stylesheet lines) when it
    wrote one, else the first line of the exception."""
    report = _failed_on(exc, reports)
    return str(report) if report is not None else _first_line(str(exc))


def _echo_warnings(name: str, reports: list[SaxonReport], exc: Exception | None = None) -> None:
    """Saxon's reports but the one of the error ``exc`` (raised as the caller's error) as the tool's lines."""
    failed_on = _failed_on(exc, reports)
    for line in warning_lines([r for r in reports if r is not failed_on]):
        print(f"edition: warning: {name}: {line}", file=sys.stderr, flush=True)


def _first_line(message: str) -> str:
    lines = [ln.strip() for ln in str(message).splitlines() if ln.strip()]
    return " ".join(lines[:2]) if lines else "unknown error"


def _saxon_location(message: str) -> tuple[int | None, int | None]:
    match = re.search(r"line (\d+)(?:,? column (\d+))?", message)
    if not match:
        return None, None
    return int(match.group(1)), int(match.group(2)) if match.group(2) else None


class SaxonDocument:
    """A document handed to Saxon once, for several stylesheets to run on (``parse_for_saxon``)."""

    def __init__(self, node, name: str | None) -> None:
        self._node = node
        self.name = name


def parse_for_saxon(source: etree._Element | etree._ElementTree, source_name: str | None = None) -> SaxonDocument:
    """``source`` (an lxml tree parsed safely beforehand) as Saxon's tree: serialised and parsed once, where
    each ``transform`` of the lxml tree would do both again."""
    root = source.getroot() if isinstance(source, etree._ElementTree) else source
    return parse_text_for_saxon(etree.tostring(root, encoding="unicode"), source_name)


def parse_text_for_saxon(xml_text: str, source_name: str | None = None) -> SaxonDocument:
    """XML text that edition serialised itself from a tree it made (no DOCTYPE, no entities) as Saxon's
    tree, as ``parse_for_saxon`` hands over a tree (a transform in another process is sent the text)."""
    reports: list[SaxonReport] = []
    with _lock:
        node, failure = _saxon_call(lambda: _parse(xml_text=xml_text), reports)
    _echo_warnings(source_name or "document", reports, failure)
    if failure is not None:
        raise RenderError(f"cannot hand the document to Saxon: {_error_text(failure, reports)}",
                          path=source_name) from None
    return SaxonDocument(node, source_name)


class Stylesheet:
    """A compiled stylesheet; ``transform`` runs it on a parsed document."""

    def __init__(self, path: Path, executable) -> None:
        self.path = path
        self._executable = executable

    def _xdm(self, value: ParamValue):
        proc = saxon_processor()
        if isinstance(value, bool):
            return proc.make_boolean_value(value)
        if isinstance(value, int):
            return proc.make_integer_value(value)
        if isinstance(value, float):
            return proc.make_double_value(value)
        if isinstance(value, (str, os.PathLike)):
            return proc.make_string_value(str(value))
        if isinstance(value, (list, tuple)):
            from saxonche import PyXdmValue

            seq = PyXdmValue()
            for item in value:
                seq.add_xdm_item(proc.make_string_value(str(item)))
            return seq
        raise TypeError(f"unsupported stylesheet parameter type: {type(value).__name__}")

    def transform(self, source: etree._Element | etree._ElementTree | SaxonDocument | None, *,
                  params: Mapping[str, ParamValue] | None = None,
                  output_dir: Path | None = None, source_name: str | None = None,
                  messages: list[str] | None = None, source_file: Path | None = None) -> str:
        """Run the stylesheet on ``source`` (an lxml tree parsed safely beforehand, or such a tree already
        handed to Saxon by ``parse_for_saxon``), or on ``source_file`` (XML that edition wrote itself from
        such trees: no DOCTYPE, no entities).

        Returns the principal result as text. Secondary results (``xsl:result-document``)
        are written below ``output_dir``, which must then be given. The stylesheet's
        ``xsl:message`` texts are appended to ``messages`` when it is given (else dropped).
        """
        parsed = source._node if isinstance(source, SaxonDocument) else None
        if source is not None and parsed is None:
            root = source.getroot() if isinstance(source, etree._ElementTree) else source
            xml_text = etree.tostring(root, encoding="unicode")
        name = source_name or (source.name if isinstance(source, SaxonDocument) else None) or str(self.path)
        reports: list[SaxonReport] = []
        with _lock:
            executable = self._executable
            executable.clear_parameters()
            for key, value in (params or {}).items():
                if value is None:
                    continue
                executable.set_parameter(key, self._xdm(value))
            executable.set_save_xsl_message(True)
            executable.clear_xsl_messages()

            def run():
                node = (parsed if parsed is not None
                        else _parse(xml_text=xml_text) if source is not None
                        else _parse(xml_file_name=str(source_file)))
                if output_dir is not None:
                    executable.set_base_output_uri(Path(output_dir).resolve().as_uri() + "/")
                return executable.transform_to_string(xdm_node=node)

            failure = None   # (the block below runs on an interrupt too)
            try:
                result, failure = _saxon_call(run, reports)
            finally:
                if messages is not None:
                    failed_on = _failed_on(failure, reports)
                    messages.extend(str(m) for m in (executable.get_xsl_messages() or []))
                    messages.extend(f"edition:saxon|{name}|{line}"
                                    for line in warning_lines([r for r in reports if r is not failed_on]))
                else:
                    _echo_warnings(name, reports, failure)
                executable.clear_xsl_messages()
                executable.clear_parameters()
            if failure is not None:
                # the line numbers in Saxon's message are the stylesheet's, kept in the text
                raise RenderError(f"{self.path.name}: {_error_text(failure, reports)}", path=name) from None
        if result is None:
            raise RenderError(f"{self.path.name}: the transform returned no result", path=name)
        return result


@contextlib.contextmanager
def stylesheets_unchanged(folder: str | os.PathLike, digest: str):
    """Within this block the stylesheets under ``folder`` (an absolute path) are the files whose digest
    (``build.manifest.folder_digest``) the caller computed as ``digest``: ``compile_stylesheet`` gives
    the stylesheet it compiled under that digest without looking at the files again (a build's tasks,
    which would otherwise read the times of every module for every transform)."""
    _vouching.append((os.path.join(str(folder), ""), digest))
    try:
        yield
    finally:
        _vouching.pop()


def vouched_digest(folder: str | os.PathLike) -> str | None:
    """The digest of the stylesheets under ``folder`` that a caller vouches for (``stylesheets_unchanged``),
    or None."""
    return _vouching[-1][1] if _vouching and _vouching[-1][0] == os.path.join(str(folder), "") else None


def compile_stylesheet(path: str | os.PathLike) -> Stylesheet:
    """Compile ``path`` once per process (again only if the file changed)."""
    vouched = None
    if _vouching and str(path).startswith(_vouching[-1][0]) and f"{os.sep}..{os.sep}" not in str(path):
        vouched = (str(path), _vouching[-1][1])
        if vouched in _vouched:
            return _vouched[vouched]
    stylesheet = Path(path).resolve()
    if not stylesheet.is_file():
        raise RenderError("stylesheet not found", path=str(stylesheet))
    key = (str(stylesheet), _tree_mtime(stylesheet))
    cached = _compiled.get(key)
    if cached is not None:
        if vouched is not None:
            _remember(vouched, cached)
        return cached
    proc = saxon_processor()
    reports: list[SaxonReport] = []
    with _lock:
        xslt = proc.new_xslt30_processor()
        executable, failure = _saxon_call(lambda: xslt.compile_stylesheet(stylesheet_file=str(stylesheet)), reports)
        _echo_warnings(str(stylesheet), reports, failure)
        if failure is not None:
            line, column = _saxon_location(str(failure))
            raise RenderError(f"cannot compile stylesheet: {_first_line(str(failure))}",
                              path=str(stylesheet), line=line, column=column) from None
        if executable is None:
            raise RenderError("cannot compile stylesheet", path=str(stylesheet))
    compiled = Stylesheet(stylesheet, executable)
    for old in [k for k in _compiled if k[0] == key[0]]:
        del _compiled[old]
    _compiled[key] = compiled
    if vouched is not None:
        _remember(vouched, compiled)
    return compiled


def _remember(vouched: tuple[str, str], compiled: Stylesheet) -> None:
    for old in [k for k in _vouched if k[1] != vouched[1]]:  # those of other digests: stylesheets changed
        del _vouched[old]
    _vouched[vouched] = compiled


def _tree_mtime(stylesheet: Path) -> int:
    """Latest modification time of the stylesheet and the modules beside it."""
    folder = stylesheet.parent
    times = [p.stat().st_mtime_ns for p in folder.rglob("*.xsl")]
    return max(times) if times else stylesheet.stat().st_mtime_ns
