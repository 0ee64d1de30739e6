"""The ``edition`` command: click commands only; each parses options and calls one library function."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EditionError


def _fail(exc: Exception) -> None:
    if os.environ.get("EDITION_DEBUG"):
        raise exc
    click.echo(f"edition: internal error: {type(exc).__name__}: {exc} (set EDITION_DEBUG=1 for details)",
               err=True)
    sys.exit(70)


class EditionGroup(click.Group):
    """Turns unexpected exceptions into one line; ``EditionError`` already is one."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("edition: interrupted", err=True)
            sys.exit(130)
        except OSError as exc:  # a full disk, a read-only folder, a link loop: the user can fix these
            from .fsio import os_error_message

            message = os_error_message(exc)
            if message is None or os.environ.get("EDITION_DEBUG"):
                _fail(exc)
            where = f"{exc.filename}: " if exc.filename is not None else ""
            click.echo(f"edition: {where}{message}", err=True)
            sys.exit(1)
        except RuntimeError as exc:  # Path.resolve() on Python 3.11 reports a link loop so
            if not str(exc).startswith("Symlink loop") or os.environ.get("EDITION_DEBUG"):
                _fail(exc)
            click.echo(f"edition: {str(exc).split(' from ', 1)[-1].strip(chr(39))}: a symbolic link loop: "
                       "fix or remove the link", err=True)
            sys.exit(1)
        except Exception as exc:  # pragma: no cover - a bug, reported in one line
            _fail(exc)


@click.group(cls=EditionGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edition")
def cli() -> None:
    """Turn historical transcripts into a scholarly TEI edition, an HTML reading edition, a print
    edition and a deposit package.

    \b
    Start a project and build it:
        edition new my-edition && cd my-edition && edition build
    Convert one transcript:
        edition convert transcript.txt -o transcript.xml
    """


# --------------------------------------------------------------------------- new

@cli.command("new")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="My edition", show_default=True, help="Title of the edition.")
def new_command(folder: Path, title: str) -> None:
    """Start an edition project in FOLDER: a project file, a sources folder and an example transcript.

    \b
    Example:
        edition new records-1958 --title "Records of conversation, 1958"
    """
    from .scaffold import create_project

    created = create_project(folder, title)
    click.echo(f"created {created} — add transcripts to {folder / 'sources'} and run 'edition build' there")


# --------------------------------------------------------------------------- convert

@cli.command("convert")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the TEI here (default: standard output).")
@click.option("--metadata", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Editorial file (TOML); default: SOURCE with the ending .toml, if it exists.")
@click.option("--register", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Register of persons, places and organisations (TOML); default: the project's, "
                   "when SOURCE is one of its documents.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the conversion report as JSON to this file.")
@click.option("--explain", is_flag=True, help="Print the conversion report (what each paragraph became, "
                                                "and why) to standard error.")
@click.option("--encoding", help="Read the source in this encoding instead of detecting UTF-8/Windows-1252.")
def convert_command(source: Path, output: Path | None, metadata: Path | None, register: Path | None,
                    report_path: Path | None, explain: bool, encoding: str | None) -> None:
    """Convert a plain-text transcript to TEI P5.

    Works on a bare transcript; an editorial file beside it (same name, .toml) adds facts the text does
    not state and the editor's decisions. Warnings go to standard error.

    \b
    Examples:
        edition convert sources/memorandum-1958-10-02.txt -o memorandum.xml
        edition convert interview.txt --explain > interview.xml
        edition convert hearing.txt --report hearing-report.json -o hearing.xml
    """
    from .convert import convert_file
    from .fsio import write_bytes_atomic, write_text_atomic
    from .project import metadata_path_for, register_for

    if metadata is None and source.is_file():
        metadata = metadata_path_for(source)
    if register is None and source.is_file():
        register = register_for(source)
    _refuse_overwriting_inputs([output, report_path], [source, metadata, register])
    result = convert_file(source, metadata_path=metadata, register_path=register, encoding=encoding)
    for warning in result.report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if explain:
        click.echo(result.report.to_text(), err=True, nl=False)
    data = result.to_bytes()
    if report_path is not None:
        write_text_atomic(report_path, result.report.to_json())
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_bytes_atomic(output, data)
        click.echo(f"wrote {output}", err=True)


def _refuse_overwriting_inputs(outputs, inputs) -> None:
    """An output that is one of the inputs (the same file, also through a link) is refused."""
    from .fsio import same_file

    for output in filter(None, outputs):
        for source in filter(None, inputs):
            if same_file(output, source):
                raise EditionError(f"the output is the input {source}: it would be overwritten; "
                                   "choose another output file", path=str(output))


# --------------------------------------------------------------------------- build

@cli.command("build")
@click.option("--project", "project_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Project file (default: the nearest edition.toml at or above this folder).")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="Make the print edition (output/print/<id>.pdf); the slowest stage.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document work (default: the number of cores).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-document work runs: worker processes here, or Dask distributed.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --executor dask: the scheduler of an existing cluster (default: a local cluster).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (and the summary).")
@click.option("-v", "--verbose", is_flag=True, help="One line per document and every warning.")
@click.option("--json", "as_json", is_flag=True, help="Print the build summary as JSON on stdout.")
def build_command(project_file: Path | None, pdf: bool, jobs: int | None, executor: str, scheduler: str | None,
                  quiet: bool, verbose: bool, as_json: bool) -> None:
    """Build the whole edition: convert, validate, print, render and package every document of the
    project into output/ (tei/, reports/, print/, html/, deposit/). Nothing is published unless every
    document converts and validates; the previous output then stays. Outputs whose inputs did not change
    are reused; a build with nothing changed does nothing.

    \b
    Example (in the folder of an edition.toml):
        edition build
        edition build --no-pdf      # quicker, without the print edition
        edition build --jobs 4 --json
        edition build --executor dask --scheduler tcp://10.0.0.5:8786
    """
    import sys

    from .build import build
    from .project import find_project_file, load_project

    project_file = project_file or find_project_file()
    if project_file is None:
        raise EditionError("no edition.toml here or in any folder above: start a project with "
                           "'edition new FOLDER', or convert a single file with 'edition convert FILE'")

    def echo(message: str) -> None:
        if not quiet or not message.startswith(("warning:", "converted ", "packaged ", "rendered ", "unchanged ")):
            click.echo(message, err=True)

    def progress(label: str, length: int):
        return click.progressbar(length=length, label=f"{label:<10}", file=sys.stderr,
                                 show_pos=True) if not quiet and sys.stderr.isatty() else _NoBar()

    try:
        summary = build(load_project(project_file), echo=echo, pdf=pdf, jobs=jobs, executor=executor,
                        scheduler=scheduler, verbose=verbose and not quiet, progress=progress)
    except EditionError as exc:
        partial = getattr(exc, "summary", None)  # the good documents were published, some failed
        if partial is not None:
            click.echo(partial.to_json() if as_json else str(partial))
        raise
    click.echo(summary.to_json() if as_json else str(summary))


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int) -> None:
        return None


# --------------------------------------------------------------------------- validate (begin)

@cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--tei-all", "tei_all", is_flag=True, help="Validate against the official TEI P5 tei_all.rng.")
@click.option("--schema", "schema", type=click.Path(dir_okay=False, path_type=Path),
              help="Validate against this RELAX NG schema instead.")
@click.option("--tei-all-schema", type=click.Path(dir_okay=False, path_type=Path),
              help="Where tei_all.rng is (default: $EDITION_TEI_ALL, then [schema] tei_all in edition.toml).")
@click.option("--engine", type=click.Choice(["auto", "lxml", "jing"]), default="auto", show_default=True,
              help="RELAX NG engine; auto: lxml for the customisation, jing for other schemas.")
@click.option("--no-schematron", is_flag=True, help="Skip the project's Schematron rules.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
def validate_command(paths, tei_all, schema, tei_all_schema, engine, no_schematron, output_format):
    """Validate TEI files or folders (default: the project's output/tei/).

    Checks against the project's customisation (RELAX NG + Schematron) unless --tei-all or --schema
    is given. Exit status: 0 valid, 1 invalid, 2 cannot run (missing schema, unreadable file).

    \b
    Examples:
        edition validate output/tei/
        edition validate --tei-all --format json memorandum.xml
    """
    from .errors import SchemaError
    from .project import find_project_file, load_project, resolve_tei_all
    from .validate import validate_files

    if tei_all and schema:
        raise SchemaError("choose one of --tei-all and --schema")
    project_file = find_project_file()
    project = load_project(project_file) if project_file and (tei_all or not paths) else None
    if not paths:
        if project is None:
            raise SchemaError("no files named and no edition.toml here: name TEI files or folders")
        paths = (project.tei_dir,)
    if tei_all:
        report = validate_files(list(paths), mode="tei-all", schema=resolve_tei_all(tei_all_schema, project),
                                engine=engine)
    elif schema:
        report = validate_files(list(paths), mode="schema", schema=schema, engine=engine)
    else:
        report = validate_files(list(paths), engine=engine, schematron=not no_schematron)
    click.echo(report.to_json() if output_format == "json" else report.to_text(), nl=False)
    sys.exit(report.exit_status)

# --------------------------------------------------------------------------- validate (end)

# --------------------------------------------------------------------------- check (begin)

@cli.command("check")
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--register", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Register of names (default: the project's register, if SOURCE is in a project).")
@click.option("--editorial", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Editorial file (default: the .toml beside SOURCE, if any).")
@click.option("--project", "project_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Project file, without SOURCE (default: the nearest edition.toml at or above this folder).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--fix-suggestions", is_flag=True,
              help="Print the suggested [[correction]]/[[regularisation]] entries to paste into the editorial file.")
def check_command(source: Path | None, register: Path | None, editorial: Path | None, project_file: Path | None,
                  as_json: bool, fix_suggestions: bool) -> None:
    """Lint for editors: slips (doubled words, missing words, number and unit, run-together sentences,
    variant and misspelt names, likely wrong words), brackets, unregistered names, stale anchors.

    Without SOURCE, checks every document of the project (edition.toml), with the project's register;
    an entry of the register is unused when no document names it. Exit status 1 when anything is an error.

    Example:

    \b
        edition check
        edition check sources/memorandum-1958-10-02.txt --register sources/register.toml
        edition check sources/memorandum-1958-10-02.txt --fix-suggestions >> suggestions.toml
    """
    from .check import check_project, check_source, load_editorial
    from .project import find_project_file, load_project, metadata_path_for, register_for
    from .register import load_register

    if source is None:
        if register or editorial:
            raise click.UsageError("--register and --editorial need a SOURCE (without one, the project says them)")
        project_file = project_file or find_project_file()
        if project_file is None:
            raise click.UsageError("no SOURCE given and no edition.toml here or above: name a transcript")
        result = check_project(load_project(project_file))
    elif project_file:
        raise click.UsageError("--project checks the whole project: give it without SOURCE")
    else:
        shared = register is None and source.is_file() and register_for(source) is not None
        if shared:   # the project's register: its unused entries are judged across the project (no SOURCE)
            register = register_for(source)
        if editorial is None and source.is_file():
            editorial = metadata_path_for(source)
        result = check_source(source, register=load_register(register) if register else None,
                              editorial=load_editorial(editorial), editorial_path=str(editorial) if editorial else None,
                              unused=not shared)
    if fix_suggestions:
        click.echo(result.to_entries(), nl=False)
    else:
        click.echo(result.to_json() if as_json else result.to_text())
    sys.exit(result.exit_status)

# --------------------------------------------------------------------------- check (end)

# --------------------------------------------------------------------------- package (begin)

@cli.command("package")
@click.argument("tei_files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--project", "project_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Project file (default: the nearest edition.toml at or above this folder).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the bags and zips go (default: the project's output/deposit).")
@click.option("--bagging-date", help="Bagging-Date for bag-info.txt, YYYY-MM-DD (default: [package] "
                                     "bagging-date in edition.toml, else the edition's publication date).")
def package_command(tei_files, project_file, out_dir, bagging_date):
    """Make deposit packages: one BagIt bag (and its zip) per TEI document, with METS, DataCite and
    Dublin Core records from the TEI header.

    Without TEI_FILES, packages every document of the project's output/tei/. The HTML page, PDF,
    conversion report and sources of a document are added when the project has them.

    \b
    Examples:
        edition package
        edition package output/tei/memorandum-1958-10-02.xml --out-dir /tmp/deposit
    """
    from .package import package_documents, package_files
    from .project import find_project_file, load_project

    project_file = project_file or find_project_file()
    project = load_project(project_file) if project_file else None
    echo = lambda message: click.echo(message, err=True)  # noqa: E731
    if not tei_files and project is None:
        raise EditionError("no TEI files named and no edition.toml here: name TEI files to package")
    with _project_lock(project if out_dir is None else None):
        if tei_files:
            results = package_files(tei_files, project=project, out_dir=out_dir, bagging_date=bagging_date,
                                    echo=echo)
        else:
            results = package_documents(project, out_dir=out_dir, bagging_date=bagging_date, echo=echo)
    click.echo(f"packaged {len(results)} document(s)")

# --------------------------------------------------------------------------- package (end)

# --------------------------------------------------------------------------- render, serve (begin)

def _site_inputs(inputs: tuple[Path, ...]):
    """TEI files, transcripts or folders named on the command line, else the project's sources.

    Returns (files, title, site folder, project); the last three are None for named inputs.
    """
    if inputs:
        files: list[Path] = []
        for path in inputs:
            if path.is_dir():
                files += sorted(path.glob("*.xml"))
            elif path.is_file():
                files.append(path)
            else:
                raise EditionError("file not found", path=str(path))
        if not files:
            raise EditionError("no TEI files (*.xml) in the folders given")
        return files, None, None, None
    from .project import find_project_file, load_project

    found = find_project_file()
    if found is None:
        raise EditionError("name TEI files to render, or run this inside an edition project (edition.toml)")
    project = load_project(found)
    return [spec.source for spec in project.documents], project.title, project.output_dir / "html", project


def _project_lock(project):
    """The lock of the project's output folder (no lock outside a project)."""
    import contextlib

    if project is None:
        return contextlib.nullcontext()
    from .build import output_lock

    return output_lock(project, echo=lambda m: click.echo(f"edition: {m}", err=True))


def _project_tei(project, files: list[Path]) -> list[Path]:
    """In a project, the TEI the build stage writes (converted with the register, validated); else ``files``."""
    if project is None:
        return files
    from .build import build_tei

    _, tei_paths = build_tei(project, echo=lambda m: click.echo(m, err=True))
    return tei_paths


@cli.command("render")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the site (default: output/html, or the project's).")
@click.option("--title", "project_title", default=None, help="The edition's title (default: the project's).")
@click.option("--base-url", default="", help="Absolute URL the site will be published at, for citations.")
@click.option("--odd", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The project's ODD for the guidelines page (default: schema/edition.odd).")
def render_command(inputs: tuple[Path, ...], output: Path | None, project_title: str | None,
                   base_url: str, odd: Path | None) -> None:
    """Render TEI files (or transcripts, or the project's sources) as the static HTML edition.

    \b
    Example:
        edition render output/tei/*.xml -o output/html --title "Records of Conversation, 1958"
    """
    from .site import DEFAULT_ODD, render_site

    files, title, out, project = _site_inputs(inputs)
    with _project_lock(project):
        result = render_site(_project_tei(project, files), output or out or Path("output/html"),
                             project_title=project_title or title or "Edition", base_url=base_url,
                             odd_path=odd or DEFAULT_ODD)
    click.echo(f"rendered {len(result.documents)} document(s), {len(result.pages)} pages into {result.out_dir}")


def _watched(files: list[Path], project) -> list[Path]:
    """What a preview rebuild depends on: the inputs, and in a project its file, editorial files and register."""
    from .serve import watched_inputs

    if project is None:
        return watched_inputs(files)
    extra = [project.root / "edition.toml", *(spec.metadata for spec in project.documents if spec.metadata)]
    if project.register is not None:
        extra.append(project.register)
    return watched_inputs(files, extra)


@cli.command("serve")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the site (default: output/html, or the project's).")
@click.option("--title", "project_title", default=None, help="The edition's title (default: the project's).")
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
def serve_command(inputs: tuple[Path, ...], output: Path | None, project_title: str | None, port: int) -> None:
    """Preview the HTML edition on 127.0.0.1, rebuilt whenever a source or stylesheet changes.

    \b
    Example:
        edition serve sources/memorandum-1958-10-02.txt --port 8000
    """
    import time

    from .serve import PreviewServer, Watcher
    from .site import render_site

    from .fsio import resolve_path

    files, title, out, project = _site_inputs(inputs)
    site_dir = resolve_path(output or out or Path("output/html"), "the site folder")
    watcher = None

    def rebuild() -> None:
        # the project file, editorial files and register are read again: every rebuild sees every change
        files, title, _, project = _site_inputs(inputs)
        with _project_lock(project):
            render_site(_project_tei(project, files), site_dir, project_title=project_title or title or "Edition")
        if watcher is not None:
            watcher.watch(_watched(files, project))

    rebuild()
    server = PreviewServer(site_dir, port)
    server.start()
    watcher = Watcher(_watched(files, project), rebuild, report=lambda m: click.echo(f"edition: {m}", err=True))
    watcher.start()
    click.echo(f"serving {site_dir} at {server.url} (Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
        server.stop()

# --------------------------------------------------------------------------- render, serve (end)

# --------------------------------------------------------------------------- print (begin)

@cli.command("print")
@click.argument("tei_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write (default: the TEI file's name with .pdf, beside it).")
@click.option("--title", "project_title", default="Edition", show_default=True,
              help="The edition's title on the title page and in the citation.")
@click.option("--reading", type=click.Choice(["edited", "received"]), default="edited", show_default=True,
              help="The reading printed in the text; the other goes to the apparatus.")
@click.option("--notes", type=click.Choice(["footnotes", "endnotes"]), default="footnotes", show_default=True,
              help="Where the editorial notes are printed.")
def print_command(tei_file: Path, output: Path | None, project_title: str, reading: str, notes: str) -> None:
    """Print one TEI document as a PDF/A-3b with the TEI file attached.

    \b
    Example:
        edition print output/tei/memorandum-1958-10-02.xml -o memorandum.pdf
    """
    from .pdf import PrintOptions, write_pdf

    if not tei_file.is_file():
        raise EditionError("file not found", path=str(tei_file))
    out = output or tei_file.with_suffix(".pdf")
    _refuse_overwriting_inputs([out], [tei_file])
    write_pdf(tei_file, out, options=PrintOptions(project_title=project_title, reading=reading, notes=notes))
    click.echo(f"wrote {out}")

# --------------------------------------------------------------------------- print (end)


def main() -> None:
    cli(prog_name="edition")
