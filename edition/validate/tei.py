"""Validating TEI: the project's customisation (RELAX NG + Schematron), tei_all, or any RELAX NG.

Library functions return problems and never raise for a document's content:

* ``validate_tree(root, name)`` checks an lxml tree against the customisation (what ``edition build``
  calls before rendering);
* ``validate_files(paths, ...)`` checks files and folders and returns a :class:`Report`.

Only a validation that cannot run (missing schema, unreadable file) is an error: it is reported as a
problem of severity ``fatal`` and gives exit status 2. Every file is parsed with
:mod:`edition.safexml` first, so no engine ever sees an entity declaration or an external DTD.

Engines for RELAX NG: ``lxml`` (libxml2, in process: compiling ``tei_all.rng`` costs about 13 s per
process, validating is then milliseconds) and ``jing`` (Java, ``jing.jar``: about 1 s per call
whatever the number of files, exact columns and fuller messages). ``auto`` uses lxml for the small
customisation schema and jing for other schemas when it is installed.

Nothing a document points to is read or fetched by either engine. Debian's ``/usr/bin/jing`` starts
Xerces with XInclude switched on (``xi:include`` of a local file is read, of an ``http://`` URL
fetched), so jing's jar is run directly with the JDK's own parser, XInclude off and no access to
external DTDs or entities; it is given the very bytes the safe parse accepted (a copy in a private
temporary folder, same lines and columns), and its messages name the original file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from lxml import etree, isoschematron

from ..errors import SchemaError, format_location
from ..safexml import DTDNeededError, XMLProblem, XMLReadError, parse_xml_bytes, read_xml_file
from .schema import RNG_PATH, SCH_PATH, constraint_of_rule

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
ENGINES = ("auto", "lxml", "jing")
JING = os.environ.get("EDITION_JING", "jing")
# Where jing's jar is looked for when JING is a launcher script (Debian's /usr/bin/jing).
JING_JARS = (Path("/usr/share/java/jing.jar"),)
# The JVM settings jing runs with: the JDK's parser (XInclude off by default), no external DTD or
# entity, and Xerces, should one be on the class path, in its configuration without XInclude.
JING_JAVA_OPTIONS = (
    "-Djavax.xml.accessExternalDTD=",
    "-Djavax.xml.accessExternalSchema=",
    "-Dorg.apache.xerces.xni.parser.XMLParserConfiguration=org.apache.xerces.parsers.XML11Configuration",
)


@dataclass(frozen=True)
class Problem:
    """One finding: where it is, how bad, what it says, which check said it."""

    file: str
    line: int | None
    column: int | None
    severity: str  # "error", "warning" or "fatal" (the check could not run)
    message: str
    source: str  # "xml", "rng", "schematron:<rule id>", "jing", "io"

    def format(self) -> str:
        """``file:line:col: severity: message [check]``; a line or column that is not known is left out."""
        return f"{format_location(self.file, self.line, self.column)}{self.severity}: {self.message} [{self.source}]"


@dataclass
class FileResult:
    file: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity in ("error", "fatal"))

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    @property
    def valid(self) -> bool:
        return self.errors == 0


@dataclass
class Report:
    """The result of validating some files against one schema."""

    schema: str
    files: list[FileResult] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """0 valid, 1 invalid, 2 some check could not run."""
        if any(p.severity == "fatal" for result in self.files for p in result.problems):
            return 2
        return 1 if any(not result.valid for result in self.files) else 0

    def summary(self) -> str:
        invalid = sum(1 for r in self.files if not r.valid)
        errors = sum(r.errors for r in self.files)
        warnings = sum(r.warnings for r in self.files)
        return (f"{len(self.files)} file(s) checked against {self.schema}: "
                f"{len(self.files) - invalid} valid, {invalid} invalid "
                f"({errors} error(s), {warnings} warning(s))")

    def to_text(self) -> str:
        lines = []
        for result in self.files:
            if result.problems:
                lines.append(f"{result.file}: {'valid' if result.valid else 'invalid'}")
                lines.extend("  " + problem.format() for problem in result.problems)
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        data = {
            "schema": self.schema,
            "files": [{"file": r.file, "valid": r.valid,
                       "problems": [asdict(p) for p in r.problems]} for r in self.files],
            "summary": {"files": len(self.files), "invalid": sum(1 for r in self.files if not r.valid),
                        "errors": sum(r.errors for r in self.files),
                        "warnings": sum(r.warnings for r in self.files),
                        "exit_status": self.exit_status},
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- compiled schemas

# A compiled RelaxNG or Schematron keeps the log of its last run: one per thread, so that threads that
# validate side by side never read each other's errors. (Each is compiled once per thread that uses it.)
_per_thread = threading.local()


def _cache(name: str) -> dict:
    if not hasattr(_per_thread, name):
        setattr(_per_thread, name, {})
    return getattr(_per_thread, name)


def _compile_rng(path: Path) -> etree.RelaxNG:
    """Compile a RELAX NG schema once per process and thread (tei_all takes about 13 s with lxml)."""
    path = Path(path).resolve()
    compiled = _cache("rng")
    if path not in compiled:
        if not path.is_file():
            raise SchemaError(f"RELAX NG schema not found: {path}")
        try:
            # A schema is trusted project material or a file the user named; includes must resolve.
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            compiled[path] = etree.RelaxNG(etree.parse(str(path), parser))
        except (etree.RelaxNGParseError, etree.XMLSyntaxError) as exc:
            raise SchemaError(f"cannot use RELAX NG schema: {exc}", path=str(path)) from None
    return compiled[path]


def _compile_schematron(path: Path = SCH_PATH, *, fired_rules: bool = True) -> isoschematron.Schematron:
    """Compile a Schematron once per process and thread. Without ``fired_rules`` its report leaves out the
    ``fired-rule`` elements (one for every node a rule's context matches: about 1,100 for the memorandum),
    which only name the rule of a finding: enough to tell whether there is any."""
    path = Path(path).resolve()
    compiled = _cache("sch")
    if (path, fired_rules) not in compiled:
        if not path.is_file():
            raise SchemaError(f"Schematron not found: {path} (run: python -m edition.validate.schema)")
        # select-contexts=key: the skeleton indexes every rule context in one xsl:key, so the document is
        # walked once for all patterns instead of once per pattern (the same rules fire on the same nodes:
        # a pattern applies its templates to the nodes its contexts match, the first rule wins as before);
        # with the merged patterns of edition.validate.schema, 3.9 ms became 1.6 ms on the memorandum.
        params = {"select-contexts": "key"} if fired_rules else {"select-contexts": "key",
                                                                 "generate-fired-rule": "false"}
        compiled[(path, fired_rules)] = isoschematron.Schematron(etree.parse(str(path)), store_report=True,
                                                                 compile_params=params)
    return compiled[(path, fired_rules)]


def customisation_rng() -> etree.RelaxNG:
    return _compile_rng(RNG_PATH)


# --------------------------------------------------------------------------- checks on trees

def _rng_problems(schema: etree.RelaxNG, tree, name: str) -> list[Problem]:
    if schema.validate(tree):
        return []
    return [Problem(name, entry.line or None, entry.column or None, "error",
                    _tidy_lxml_message(entry.message), "rng")
            for entry in schema.error_log]


def _tidy_lxml_message(message: str) -> str:
    return message.replace("{http://www.tei-c.org/ns/1.0}", "").strip()


def _schematron_problems(tree, name: str, schematron: isoschematron.Schematron | None = None) -> list[Problem]:
    """Schematron findings in line order; ``source`` names the constraintSpec of the rule that fired.

    The customisation's Schematron runs first with a report that does not say which rules fired, and again
    with one that does only when it found anything (most documents have no finding)."""
    if schematron is None:
        quick = _compile_schematron(fired_rules=False)
        quick.validate(tree)
        if not any(True for _ in quick.validation_report.iter(f"{{{SVRL_NS}}}failed-assert",
                                                              f"{{{SVRL_NS}}}successful-report")):
            return []
        schematron = _compile_schematron()
    schematron.validate(tree)
    report = schematron.validation_report
    problems = []
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    for node in report.iter(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
        text = " ".join("".join(node.find(f"{{{SVRL_NS}}}text").itertext()).split()) \
            if node.find(f"{{{SVRL_NS}}}text") is not None else "rule failed"
        role = node.get("role") or "error"
        severity = "warning" if role in ("warning", "warn", "info") else "error"
        pattern = _pattern_of(node)
        line = _line_of(root, node.get("location"))
        problems.append(Problem(name, line, None, severity, text, f"schematron:{pattern}"))
    problems.sort(key=lambda p: p.line or 0)  # patterns share rules of several constraintSpecs
    return problems


def _pattern_of(node) -> str:
    """The constraintSpec of an SVRL finding: the id of the rule that fired (edition.validate.schema gives every
    rule one), else the id of its pattern (a Schematron schema not derived by edition.validate.schema)."""
    for previous in node.itersiblings(preceding=True):
        if previous.tag == f"{{{SVRL_NS}}}fired-rule" and previous.get("id"):
            return constraint_of_rule(previous.get("id"))
        if previous.tag in (f"{{{SVRL_NS}}}fired-rule", f"{{{SVRL_NS}}}active-pattern"):
            for pattern in (previous, *previous.itersiblings(preceding=True)):
                if pattern.tag == f"{{{SVRL_NS}}}active-pattern":
                    return pattern.get("id") or pattern.get("name") or "?"
            return "?"
    return "?"


def _line_of(root, location: str | None) -> int | None:
    if not location:
        return None
    try:
        found = root.getroottree().xpath(location)
    except etree.XPathError:
        return None
    if found and hasattr(found[0], "sourceline"):
        return found[0].sourceline
    if found and hasattr(found[0], "getparent") and found[0].getparent() is not None:
        return found[0].getparent().sourceline
    return None


def validate_tree(root, name: str = "<tree>", *, schematron: bool = True) -> list[Problem]:
    """Check an lxml TEI tree against the customisation: RELAX NG, then Schematron.

    Schematron runs only on a structurally valid tree (its rules assume the structure).
    """
    tree = root.getroottree() if hasattr(root, "getroottree") else root
    problems = _rng_problems(customisation_rng(), tree, name)
    problems += _duplicate_ids(tree, name)
    if schematron and not problems:
        problems += _schematron_problems(tree, name)
    return problems


def _duplicate_ids(tree, name: str) -> list[Problem]:
    """Duplicate xml:id in a tree built in memory: libxml2's RELAX NG misses them (see docs)."""
    seen: dict[str, int] = {}
    problems = []
    for element in tree.iter():
        value = element.get("{http://www.w3.org/XML/1998/namespace}id") if isinstance(element.tag, str) else None
        if value is None:
            continue
        if value in seen:
            problems.append(Problem(name, element.sourceline, None, "error",
                                    f'duplicate xml:id "{value}" (first on line {seen[value]})', "rng"))
        else:
            seen[value] = element.sourceline or 0
    return problems


# --------------------------------------------------------------------------- files

def collect_files(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """XML files named or inside named folders (sorted), and problems for paths that do not exist."""
    files, problems = [], []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.xml") if p.is_file()))
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, None, "fatal", "no such file or folder", "io"))
    return files, problems


def validate_files(paths: list[Path], *, mode: str = "edition", schema: Path | None = None,
                   engine: str = "auto", schematron: bool = True) -> Report:
    """Validate files or folders.

    ``mode``: ``"edition"`` (the customisation, plus Schematron unless ``schematron`` is false),
    ``"tei-all"`` or ``"schema"`` (both need ``schema``, the RELAX NG to use).
    A missing or unusable schema raises :class:`SchemaError` (exit status 2).
    """
    if engine not in ENGINES:
        raise SchemaError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    files, missing = collect_files(paths)
    if mode == "edition":
        rng_path, label = RNG_PATH, "the edition customisation (RELAX NG + Schematron)" if schematron \
            else "the edition customisation (RELAX NG)"
    else:
        if schema is None or not Path(schema).is_file():
            raise SchemaError(f"RELAX NG schema not found: {schema}")
        rng_path, label = Path(schema), ("tei_all" if mode == "tei-all" else str(schema))
    use_jing = engine == "jing" or (engine == "auto" and mode != "edition" and jing_command() is not None)
    if engine == "jing" and jing_command() is None:
        raise SchemaError("jing is not installed (Debian: apt-get install jing; or set EDITION_JING to "
                          "jing.jar); use --engine lxml")
    report = Report(label)
    for problem in missing:
        report.files.append(FileResult(problem.file, [problem]))
    if not use_jing:
        _compile_rng(rng_path)  # a schema that cannot be used stops the run before any file
    check = partial(_check_file, rng_path=None if use_jing else rng_path,
                    schematron=mode == "edition" and schematron and not use_jing)
    # lxml releases the GIL while it validates: for the customisation (quick to compile in each
    # thread) a batch is checked on every core; tei_all (13 s to compile) stays on one thread.
    workers = min(os.cpu_count() or 1, len(files)) if mode == "edition" and not use_jing and len(files) >= 4 else 1
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            checked = list(pool.map(check, files))
    else:
        checked = [check(path) for path in files]
    parsed, safe_bytes = [], {}
    for path, (result, tree, data) in zip(files, checked):
        report.files.append(result)
        if tree is not None:
            parsed.append((path, result, tree))
            safe_bytes[str(path)] = data
    if use_jing:
        by_file = _run_jing(rng_path, [path for path, _, _ in parsed], safe_bytes)
        for path, result, _ in parsed:
            result.problems.extend(by_file.get(str(path), []))
        if mode == "edition" and schematron:
            for path, result, tree in parsed:
                if result.valid:
                    result.problems.extend(_schematron_problems(tree, str(path)))
    else:
        _explain_with_jing(rng_path, parsed, engine, safe_bytes)
    for result in report.files:
        result.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return report


def _check_file(path: Path, *, rng_path: Path | None, schematron: bool):
    """Parse one file safely, then RELAX NG (unless jing does it) and Schematron on a valid tree.

    Returns the result, the tree and the bytes that were parsed (what jing is given, if it runs).
    """
    result = FileResult(str(path))
    try:
        data = read_xml_file(path)
        tree = parse_xml_bytes(data, str(path), base_url=str(path))
    except (XMLReadError, DTDNeededError) as exc:
        result.problems.append(Problem(str(path), getattr(exc, "line", None), None, "fatal", exc.detail, "io"))
        return result, None, None
    except XMLProblem as exc:
        result.problems.append(Problem(str(path), exc.line, exc.column, "error", exc.detail, "xml"))
        return result, None, None
    if rng_path is not None:
        result.problems.extend(_rng_problems(_compile_rng(rng_path), tree, str(path)))
    if schematron and result.valid:
        result.problems.extend(_schematron_problems(tree, str(path)))
    return result, tree, data


def _explain_with_jing(rng_path: Path, parsed, engine: str, safe_bytes: dict[str, bytes]) -> None:
    """lxml's verdicts are right but its messages are terse and have no column: for the files it found
    invalid, ask jing (when installed and the engine was not forced) for the same schema's exact message,
    line and column. Valid files never pay for the JVM."""
    invalid = [(path, result) for path, result, _ in parsed
               if any(p.source == "rng" for p in result.problems)]
    if not invalid or engine != "auto" or jing_command() is None:
        return
    by_file = _run_jing(rng_path, [path for path, _ in invalid], safe_bytes)
    for path, result in invalid:
        precise = by_file.get(str(path))
        if precise:  # keep lxml's findings if jing (unexpectedly) saw none
            result.problems[:] = [p for p in result.problems if p.source != "rng"] + precise


_JING_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|fatal): (?P<msg>.*)$")


def jing_command() -> list[str] | None:
    """The command that runs jing with XInclude off and no external access, or None (not installed).

    ``EDITION_JING`` may name jing's jar, or a ``jing`` launcher (default: the one on the PATH) beside
    or under which the jar is found (Debian: ``/usr/share/java/jing.jar``). A launcher whose jar cannot
    be found is not used: its parser settings are unknown (Debian's turns XInclude on).
    """
    java = shutil.which("java")
    if java is None:
        return None
    candidates = []
    if JING.endswith(".jar"):
        candidates.append(Path(JING))
    else:
        launcher = shutil.which(JING)
        if launcher is None:
            return None
        launcher = Path(launcher).resolve()
        candidates += [launcher.with_name("jing.jar"), launcher.parent.parent / "share" / "java" / "jing.jar",
                       *JING_JARS]
    jar = next((c for c in candidates if c.is_file()), None)
    if jar is None:
        return None
    return [java, *JING_JAVA_OPTIONS, "-classpath", str(jar), "com.thaiopensource.relaxng.util.Driver"]


_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.S)


def _without_doctype(data: bytes) -> bytes:
    """The document without its DOCTYPE declaration, each of its lines kept as an empty line (so
    that jing's lines and columns after it stay right): jing's parser would otherwise load the DTD it
    names. The safe parse has refused every document whose DOCTYPE declares entities, so nothing the
    document needs goes with it. Only ASCII-compatible encodings carry it as these bytes."""
    match = _DOCTYPE.search(data)
    if match is None:
        return data
    return data[:match.start()] + b"\n" * match.group().count(b"\n") + data[match.end():]


def _run_jing(schema: Path, files: list[Path], safe_bytes: dict[str, bytes]) -> dict[str, list[Problem]]:
    """Validate all files in one jing call (one JVM start) and sort its messages by file.

    jing reads copies of the bytes the safe parse accepted (``safe_bytes``, by file name), never the
    files themselves, and its messages are given back under the original names.
    """
    if not files:
        return {}
    command = jing_command()
    if command is None:
        raise SchemaError("jing is not installed (Debian: apt-get install jing); use --engine lxml")
    with tempfile.TemporaryDirectory(prefix="edition-jing-") as folder:
        names = {}
        copies = []
        for number, path in enumerate(files):
            copy = Path(folder) / f"{number}.xml"
            copy.write_bytes(_without_doctype(safe_bytes[str(path)]))
            names[str(copy.resolve())] = str(path)
            copies.append(str(copy))
        try:
            completed = subprocess.run([*command, str(schema), *copies], capture_output=True,
                                       text=True, timeout=600, stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise SchemaError(f"cannot run jing: {exc}") from None
    problems: dict[str, list[Problem]] = {}
    for raw in completed.stdout.splitlines():
        match = _JING_LINE.match(raw)
        if not match:
            continue
        name = names.get(str(Path(match["file"]).resolve()), match["file"])
        if name not in map(str, files) and match["file"] == str(schema):
            raise SchemaError(f"jing cannot use the schema: {match['msg']}", path=str(schema))
        severity = "error" if match["sev"] in ("error", "fatal") else "warning"
        problems.setdefault(name, []).append(
            Problem(name, int(match["line"]), int(match["col"]), severity, match["msg"], "jing"))
    if completed.returncode not in (0, 1):
        raise SchemaError(f"jing failed (exit {completed.returncode}): {completed.stderr.strip()[-300:]}")
    return problems
