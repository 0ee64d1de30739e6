"""The ``edition`` command: click commands only; each parses options and calls one library function."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EditionError, RenderError


def _fail(exc: Exception) -> None:
    if os.environ.get("EDITION_DEBUG"):
        raise exc
    click.echo(f"edition: internal error: {type(exc).__name__}: {exc} (set EDITION_DEBUG=1 for details)",
               err=True)
    sys.exit(70)


class _WarningLines(logging.Handler):
    """What the library logs (``logging.getLogger(__name__).warning``: the print edition's warnings) as the
    tool's own lines on standard error, ``edition: warning: …``, not Python's bare last-resort text."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"edition: {record.levelname.lower()}: {record.getMessage()}", err=True)


def _log_as_lines() -> None:
    logger = logging.getLogger("edition")
    if not any(isinstance(handler, _WarningLines) for handler in logger.handlers):
        logger.addHandler(_WarningLines(logging.WARNING))


class EditionGroup(click.Group):
    """Turns unexpected exceptions into one line; ``EditionError`` already is one."""

    def invoke(self, ctx):
        _log_as_lines()
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
@click.option("--title", default=None, help="Title of the edition (default: the folder's name).")
@click.option("--editor", default="", help="Who edits the edition, named in the TEI header and the citations "
                                           "(default: nobody named).")
@click.option("--publisher", default="", help="Publisher of the edition (default: the editor).")
def new_command(folder: Path, title: str | None, editor: str, publisher: str) -> None:
    """Start an edition project in FOLDER: a project file, a sources folder and an example transcript.

    \b
    Example:
        edition new records-1958 --title "Records of conversation, 1958" --editor "Ada Smith"
    """
    from .scaffold import create_project

    created = create_project(folder, title, editor=editor, publisher=publisher)
    click.echo(f"created {created} with the example transcript sources/example.txt.\n"
               f"Add a transcript: put it in {folder / 'sources'} and add a [[document]] entry with its "
               f"source to edition.toml ('edition build' warns about transcripts in sources/ that are not "
               f"listed); then run 'edition build' in {folder}.")
    if not editor:
        click.echo("No editor named: add editor = \"…\" under [edition] in sources/example.toml, "
                   "or start again with --editor.", err=True)


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
@click.option("--strict-encoding", is_flag=True,
              help="Stop at a byte that is not UTF-8 instead of reading it as Windows-1252 with a warning.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, nothing written) when the converter is unsure who "
                                             "speaks anywhere; the warnings say where.")
def convert_command(source: Path, output: Path | None, metadata: Path | None, register: Path | None,
                    report_path: Path | None, explain: bool, encoding: str | None, strict_encoding: bool,
                    strict: bool) -> None:
    """Convert a plain-text transcript to TEI P5.

    Works on a bare transcript; an editorial file beside it (same name, .toml) adds facts the text does
    not state and the editor's decisions. Warnings go to standard error.

    \b
    Examples:
        edition convert sources/memorandum-1958-10-02.txt -o memorandum.xml
        edition convert interview.txt --explain > interview.xml
        edition convert hearing.txt --report hearing-report.json -o hearing.xml
        edition convert hearing.txt --strict -o hearing.xml   # fail where unsure who speaks
    """
    from .convert import convert_file
    from .fsio import write_bytes_atomic, write_text_atomic
    from .project import metadata_path_for, register_for

    if metadata is None and source.is_file():
        metadata = metadata_path_for(source)
    if register is None and source.is_file():
        register = register_for(source)
    _refuse_overwriting_inputs([output, report_path], [source, metadata, register])
    result = convert_file(source, metadata_path=metadata, register_path=register, encoding=encoding,
                          strict_encoding=strict_encoding)
    for warning in result.report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if explain:
        click.echo(result.report.to_text(), err=True, nl=False)
    result.check_doubts(strict)
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
@click.option("--base-url", default=None,
              help="Absolute URL the site will be published at (default: base_url in edition.toml), for "
                   "citations, canonical links and sitemap.xml.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document work (default: the number of cores).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-document work runs: worker processes here, or Dask distributed.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --executor dask: the scheduler of an existing cluster (default: a local cluster).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (and the summary).")
@click.option("-v", "--verbose", is_flag=True, help="One line per document and every warning.")
@click.option("--json", "as_json", is_flag=True, help="Print the build summary as JSON on stdout.")
def build_command(project_file: Path | None, pdf: bool, base_url: str | None, jobs: int | None, executor: str, scheduler: str | None,
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

    from .build.run import build
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

    from .build.executors import print_aside_ahead

    # a first build: a print worker started before the project is read (the build takes it for one document
    # to print, else stops it), which imports WeasyPrint and compiles print.xsl meanwhile
    try:
        with print_aside_ahead(pdf and executor == "local" and jobs is None and _never_built(project_file)) \
                as printer:
            summary = build(_with_base_url(load_project(project_file), base_url), echo=echo, pdf=pdf, jobs=jobs,
                            executor=executor, scheduler=scheduler, verbose=verbose and not quiet, progress=progress,
                            printer=printer)
    except EditionError as exc:
        partial = getattr(exc, "summary", None)  # the good documents were published, some failed
        if partial is not None:
            click.echo(partial.to_json() if as_json else str(partial))
        raise
    click.echo(summary.to_json() if as_json else str(summary))


def _never_built(project_file: Path) -> bool:
    """Whether the project's output folder is not there yet (read from the project file alone, before it is
    checked; False if it cannot be read): a first build, which builds every document."""
    import tomllib

    try:
        edition = tomllib.loads(project_file.read_text(encoding="utf-8")).get("edition", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    output = edition.get("output", "output") if isinstance(edition, dict) else "output"
    return isinstance(output, str) and not (project_file.parent / output).exists()


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n: int) -> None:
        return None


def _checked_base_url(base_url: str) -> str:
    """``--base-url`` checked (an absolute http(s) URL) and ending in '/'."""
    import re

    from .project import normalise_base_url

    if base_url and not re.match(r"^https?://[^/\s]+(/\S*)?$", base_url):
        raise EditionError(f"--base-url must be an absolute http(s) URL, not {base_url!r}")
    return normalise_base_url(base_url)


def _with_base_url(project, base_url: str | None):
    """The project with ``--base-url`` in place of its ``base_url``, when the option is given."""
    import dataclasses

    return project if base_url is None else dataclasses.replace(project, base_url=_checked_base_url(base_url))


def _site_base_url(project, base_url: str | None) -> str:
    """``--base-url`` if given, else the project's ``base_url``, else none."""
    if base_url is not None:
        return _checked_base_url(base_url)
    return project.base_url if project is not None else ""
# --------------------------------------------------------------------------- collate

@cli.command("collate")
@click.argument("witnesses", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The TEI file to write (with WITNESSES; default: standard output).")
@click.option("--siglum", "sigla", multiple=True, help="Siglum of each witness, in order (default: A, B, C, …).")
@click.option("--editorial", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Editorial file of the base (first) witness: normalisation rules and decisions.")
@click.option("--register", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Register of persons, places and organisations.")
@click.option("--project", "project_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Project file (default: the nearest edition.toml); used when no WITNESSES are given.")
def collate_command(witnesses, output, sigla, editorial, register, project_file):
    """Collate the witnesses of a document: the base text's TEI with an apparatus (app/lem/rdg) of
    every place where the others differ, and a listWit. Without WITNESSES, every document of the
    project that names [[document.witness]] entries is collated into output/tei/<id>.xml.

    \b
    Examples:
        edition collate                                  # the project's documents with witnesses
        edition collate record-ru.txt record-en.txt --siglum R --siglum E -o record.xml
    """
    from .collate import collate_project, collate_witnesses
    from .convert import serialize_tei
    from .fsio import write_bytes_atomic
    from .project import WitnessSpec, find_project_file, load_project

    echo = lambda m: click.echo(m, err=True)  # noqa: E731
    if not witnesses:
        project_file = project_file or find_project_file()
        if project_file is None:
            raise EditionError("no WITNESSES given and no edition.toml here or above")
        for line in collate_project(load_project(project_file), echo):
            click.echo(line)
        return
    if len(witnesses) < 2:
        raise EditionError("give at least two witnesses (the first is the base text)")
    names = list(sigla) or [chr(ord("A") + k) for k in range(len(witnesses))]
    if len(names) != len(witnesses):
        raise EditionError(f"{len(witnesses)} witnesses but {len(names)} --siglum options")
    specs = []
    for k, (path, siglum) in enumerate(zip(witnesses, names)):
        if not path.is_file():
            raise EditionError("file not found", path=str(path))
        meta = editorial if k == 0 else None
        if meta is None and path.suffix != ".xml" and path.with_suffix(".toml").is_file():
            meta = path.with_suffix(".toml")
        specs.append(WitnessSpec(path.resolve(), siglum, path.name, k == 0, meta))
    from .editorial.register import load_register
    collation = collate_witnesses(specs, register=load_register(register) if register else None,
                                  name_of=lambda p: str(witnesses[[s.source for s in specs].index(p)]))
    for warning in collation.warnings:
        echo(f"warning: {warning}")
    data = serialize_tei(collation.result.root)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_bytes_atomic(output, data)
        echo(f"wrote {output}: {collation.apps} apparatus entries")


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
    from .validate.tei import validate_files

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
    from .validate.check import check_project, check_source, load_editorial
    from .project import find_project_file, load_project, metadata_path_for, register_for
    from .editorial.register import load_register

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
    from .publish.deposit.package import package_documents, package_files
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

# --------------------------------------------------------------------------- deposit (begin)

@cli.command("deposit")
@click.argument("doc_ids", nargs=-1)
@click.option("--zenodo", is_flag=True, help="Deposit in Zenodo (the only repository so far).")
@click.option("--sandbox", is_flag=True, help="Use Zenodo's sandbox (token in ZENODO_SANDBOX_TOKEN).")
@click.option("--publish", is_flag=True, help="Publish the deposition (default: leave it a draft to review).")
@click.option("--dry-run", is_flag=True, help="Print the requests that would be sent; send nothing.")
@click.option("--project", "project_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Project file (default: the nearest edition.toml at or above this folder).")
def deposit_command(doc_ids, zenodo, sandbox, publish, dry_run, project_file):
    """Deposit the project's packages (output/deposit/) in a repository, with the metadata of their
    Zenodo record (metadata/zenodo.json); the DOI is recorded in deposits.toml.

    The token is read from ZENODO_TOKEN (ZENODO_SANDBOX_TOKEN with --sandbox), never from a file.
    Without DOC_IDS, every package is deposited.

    \b
    Examples:
        edition deposit --zenodo --sandbox --dry-run
        ZENODO_TOKEN=… edition deposit --zenodo memorandum-1958-10-02
        ZENODO_TOKEN=… edition deposit --zenodo --publish
    """
    from .publish.deposit.zenodo import deposit_zenodo
    from .project import find_project_file, load_project

    if not zenodo:
        raise EditionError("name the repository to deposit in: --zenodo")
    project_file = project_file or find_project_file()
    if project_file is None:
        raise EditionError("no edition.toml here: run 'edition deposit' inside an edition project")
    project = load_project(project_file)
    # what a dry run would send is its output (standard output); progress and warnings go to standard error
    echo = click.echo if dry_run else lambda message: click.echo(message, err=True)  # noqa: E731
    results = deposit_zenodo(project, list(doc_ids) or None, sandbox=sandbox, publish=publish, dry_run=dry_run,
                             echo=echo)
    if dry_run:
        click.echo(f"dry run: {sum(len(r.requests) for r in results)} request(s) for {len(results)} "
                   "package(s), nothing sent")
        return
    where = "Zenodo sandbox" if sandbox else "Zenodo"
    for result in results:
        state = "published" if result.published else "draft, not published (--publish publishes)"
        click.echo(f"deposited {result.id} in {where}: deposition {result.deposition}, DOI {result.doi} "
                   f"({state}){' ' + result.html if result.html else ''}")
    click.echo("recorded in deposits.toml" + ("" if sandbox else
               "; the DOI reaches the edition at the next 'edition build' (or add under the document's "
               "[[document]] in edition.toml: " + ", ".join(f'doi = "{r.doi}"' for r in results if r.doi) + ")"))

# --------------------------------------------------------------------------- deposit (end)

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
    from .build.run import output_lock

    return output_lock(project, echo=lambda m: click.echo(f"edition: {m}", err=True))


def _project_tei(project, files: list[Path]) -> list[Path]:
    """In a project, the TEI the build stage writes (converted with the register, validated); else ``files``."""
    if project is None:
        return files
    from .build.run import build_tei

    return build_tei(project, echo=lambda m: click.echo(m, err=True))


def _site_options(project, title: str | None, base_url: str, tei_paths: list[Path] = ()) -> dict:
    """What ``render_site`` is given by render and serve: as ``edition build`` gives it in a project (the
    same guidelines page, the project's PDFs and packages still offered for download)."""
    from .publish.html.site import DEFAULT_ODD

    options = dict(project_title=title or "Edition", base_url=base_url, odd_path=DEFAULT_ODD)
    if project is not None:
        from .build.run import site_options

        options.update(site_options(project, pdfs={}), project_title=title or project.title, base_url=base_url)
        ids = [Path(p).stem for p in tei_paths]
        options["pdfs"] = {i: project.output_dir / "print" / f"{i}.pdf" for i in ids}
        options["packages"] = {i: project.output_dir / "deposit" / f"{i}.zip" for i in ids}
    return options


@cli.command("render")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the site (default: output/html, or the project's).")
@click.option("--title", "project_title", default=None, help="The edition's title (default: the project's).")
@click.option("--base-url", default=None, help="Absolute URL the site will be published at, for citations "
                                               "(default: base_url in edition.toml).")
@click.option("--odd", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The project's ODD for the guidelines page (default: schema/edition.odd).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write what could not be rendered as such (per document) to this JSON file.")
def render_command(inputs: tuple[Path, ...], output: Path | None, project_title: str | None,
                   base_url: str | None, odd: Path | None, report_path: Path | None) -> None:
    """Render TEI files (or transcripts, or the project's sources) as the static HTML edition.

    \b
    Example:
        edition render output/tei/*.xml -o output/html --title "Records of Conversation, 1958"
    """
    from .publish.html.site import render_site

    files, title, out, project = _site_inputs(inputs)
    tei_paths = _project_tei(project, files)
    options = _site_options(project, project_title or title, _site_base_url(project, base_url), tei_paths)
    if odd is not None:
        options["odd_path"] = odd
    with _project_lock(project):
        result = render_site(tei_paths, output or out or Path("output/html"), **options)
    for warning in result.report.warnings():
        click.echo(f"edition: warning: {warning}", err=True)
    if report_path is not None:
        from .fsio import write_text_atomic

        write_text_atomic(report_path, result.report.to_json())
    click.echo(f"rendered {len(result.documents)} document(s), {len(result.pages)} pages into {result.out_dir}")
    if result.report.errors:
        raise RenderError(f"{len(result.report.errors)} document(s) could not be rendered in full "
                          "(see the warnings above); the others were")


def _watched(files: list[Path], project) -> list[Path]:
    """What a preview rebuild depends on: the inputs, and in a project its file, editorial files and register."""
    from .publish.html.serve import watched_inputs

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
@click.option("--base-url", default=None, help="Absolute URL the site will be published at, for citations "
                                               "(default: base_url in edition.toml).")
def serve_command(inputs: tuple[Path, ...], output: Path | None, project_title: str | None, port: int,
                  base_url: str | None) -> None:
    """Preview the HTML edition on 127.0.0.1, rebuilt whenever a source or stylesheet changes.

    \b
    Example:
        edition serve sources/memorandum-1958-10-02.txt --port 8000
    """
    import time

    import shutil
    import tempfile

    from .fsio import resolve_path
    from .publish.html.serve import PreviewServer, PreviewSite, Watcher
    from .build.tasks import SITE_PARTS

    files, title, out, project = _site_inputs(inputs)
    site_dir = resolve_path(output or out or Path("output/html"), "the site folder")
    watcher = None

    site_base_url = _site_base_url(project, base_url)

    # the port first: a port in use is reported before the build, not after it
    server = PreviewServer(site_dir, port, live_reload=True)
    # each document's part of the site between rebuilds: the project's (the build's), else a folder of its own
    scratch = None if project is not None else Path(tempfile.mkdtemp(prefix="edition-serve-"))
    preview = PreviewSite(site_dir, project.output_dir / SITE_PARTS if project is not None else scratch)

    def rebuild() -> None:
        # the project file, editorial files and register are read again: every rebuild sees every change
        files, title, _, project = _site_inputs(inputs)
        with _project_lock(project):
            preview.rebuild(files, project, lambda tei_paths: _site_options(project, project_title or title,
                                                                           site_base_url, tei_paths),
                            echo=lambda m: click.echo(m, err=True))
        server.site_changed()
        if watcher is not None:
            watcher.watch(_watched(files, project))

    try:
        rebuild()
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
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

# --------------------------------------------------------------------------- render, serve (end)

# --------------------------------------------------------------------------- print (begin)

@cli.command("print")
@click.argument("tei_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF to write (default: the TEI file's name with .pdf, beside it).")
@click.option("--title", "project_title", default=None,
              help="The edition's title on the title page and in the citation (default: the title of the "
                   "project the TEI file belongs to, else the TEI's series or collection title, else its own).")
@click.option("--reading", type=click.Choice(["edited", "received"]), default="edited", show_default=True,
              help="The reading printed in the text; the other goes to the apparatus.")
@click.option("--notes", type=click.Choice(["footnotes", "endnotes"]), default="footnotes", show_default=True,
              help="Where the editorial notes are printed.")
def print_command(tei_file: Path, output: Path | None, project_title: str | None, reading: str, notes: str) -> None:
    """Print one TEI document as a PDF/A-3b with the TEI file attached.

    \b
    Example:
        edition print output/tei/memorandum-1958-10-02.xml -o memorandum.pdf
    """
    from .publish.print.pdf import PrintOptions, write_pdf

    if not tei_file.is_file():
        raise EditionError("file not found", path=str(tei_file))
    out = output or tei_file.with_suffix(".pdf")
    _refuse_overwriting_inputs([out], [tei_file])
    if project_title is None:
        project_title = _book_title(tei_file)
    write_pdf(tei_file, out, options=PrintOptions(project_title=project_title, reading=reading, notes=notes))
    click.echo(f"wrote {out}")

def _book_title(tei_file: Path) -> str:
    """The title of the book a TEI file is printed in: its project's title (the nearest edition.toml
    above the file), else the series or collection its header names, else its own main title."""
    from .project import find_project_file, load_project
    from .publish.html.site import read_tei_file

    project_file = find_project_file(tei_file.resolve().parent)
    if project_file is not None:
        return load_project(project_file).title
    # read as the print reads it: a document whose xml:id values repeat is printed, with a warning
    header = read_tei_file(tei_file)[0].getroot()
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    for path in ("t:teiHeader/t:fileDesc/t:seriesStmt/t:title", "t:teiHeader/t:fileDesc/t:titleStmt/t:title[@type='main']",
                 "t:teiHeader/t:fileDesc/t:titleStmt/t:title"):
        found = header.xpath(f"normalize-space(({path})[1])", namespaces=ns)
        if found:
            return found
    return tei_file.stem


# --------------------------------------------------------------------------- print (end)


def main() -> None:
    cli(prog_name="edition")
