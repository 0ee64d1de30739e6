"""``edition build``: the stages in order, published all at once.

    plan (what each document is made from; nothing changed: done) → in a new output folder beside the
    old one: per document, in workers, convert → validate → write TEI and report → print (PDF) → find id
    clashes → per document, in workers, its share of the site (page with the PDF and package links,
    citation files, digest: ``.site/<id>/``) and its deposit package (holding that page) → the HTML
    edition: the listing pass over the digests, which puts the pages together → the manifest → the
    new output folder replaces the old in one step

An output whose inputs did not change is taken from the old folder (``manifest.py``); a document that
fails keeps its previous output, and nothing is published when no changed document succeeded. The
per-document work is in ``tasks.py``, where it runs in ``executors.py``.

A build holds a lock on the output folder (a second build waits), writes only into a folder that is
new, empty or made by edition (``output/.edition-output`` marks it), and first removes what an
interrupted build left behind. When anything else fails, the previous output stays as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import re
import shutil
from dataclasses import replace
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .. import __version__
from ..errors import ConfigError, EditionError, ValidationFailed
from ..fsio import (MARKER_HEADER, OUTPUT_MARKER, OutputError, check_replaceable, check_writable, clean_leftovers,
                   link_files_into, links_work, output_error, own_spare, read_marker, remove_spare, replace_dir,
                   spare_dir, staging_dir, write_bytes_atomic, write_marker, write_new_file, write_text_atomic)
from .plan import BuildPlan, BuildSummary, count_warnings, plan_build
from .executors import PrintAside, Processes, default_jobs, print_aside, workers_ahead
from .executors import executor as executor_for
from .manifest import MANIFEST, file_sha256
from .manifest import dump as manifest_dump
from ..project import TRANSCRIPT_SUFFIXES, DocumentSpec, FolderResolver, Project

if TYPE_CHECKING:  # the converter is imported when a document is converted (not by a build with nothing to do)
    from ..convert import ConversionResult

#: What a build writes into the output folder; anything else there stops a build.
OUTPUT_ENTRIES = ("tei", "reports", "print", "html", "deposit", "rejected", OUTPUT_MARKER, ".edition-manifest.json",
                  "screenshots", ".site")
#: Folders of the output that the build does not make but keeps as they are (the browser tests'
#: screenshots of the site): carried into each new output folder.
KEPT_ENTRIES = ("screenshots",)
_LEGACY_FILES = {"tei": ".xml", "reports": ".json", "print": ".pdf", "rejected": ".xml"}


def convert_document(project: Project, spec: DocumentSpec, register=None) -> ConversionResult:
    if spec.witnesses:  # a critical edition of several witnesses: the base text with the apparatus
        from ..collate import collate_witnesses
        return collate_witnesses(spec.witnesses, register=register, publisher=project.publisher or None,
                                 name_of=lambda path: _relative(project, path)).result
    from ..convert import convert_file

    return convert_file(spec.source, metadata_path=spec.metadata, register=register,
                        publisher=project.publisher or None, name=_relative(project, spec.source),
                        facts=replace(project.facts, doi=spec.doi))


def _relative(project: Project, path: Path) -> str:
    try:
        return str(path.relative_to(project.root))
    except ValueError:
        return str(path)


def build(project: Project, echo: Callable[[str], None] = lambda message: None, *, pdf: bool = True,
          jobs: int | None = None, executor: str = "local", scheduler: str | None = None, verbose: bool = False,
          progress: Callable | None = None, printer: PrintAside | None = None) -> BuildSummary:
    """Run every stage for every document of the project; return the summary (its ``str`` is one line).

    ``pdf=False`` leaves the print edition out (it is the slowest stage: WeasyPrint lays out every page);
    a PDF of the previous build is kept only when it was printed from the same TEI. Outputs whose inputs
    did not change are taken from the previous build (``manifest.py``); a build with nothing changed does
    nothing. ``jobs``, ``executor`` and ``scheduler`` say where the per-document work runs
    (``executors.py``); ``progress(label, length)`` makes a progress bar (a context manager with
    ``update(n)``). ``printer``: a print worker started before the project was read
    (``executors.print_aside_ahead``), taken if the build wants one, else stopped.
    """
    summary = BuildSummary(output=_relative(project, project.output_dir))
    check_output(project, folders=False)  # before the lock, which is a file beside the output folder
    # a project built before, without the print edition: a worker warms up for a changed document while the
    # plan is made (taken if one document changed, else stopped)
    maybe_ahead = not pdf and executor == "local" and (jobs is None or jobs >= 2) and \
        _edited_since(project, project.output_dir / MANIFEST)
    with workers_ahead(maybe_ahead) as ahead, output_lock(project, echo):
        prepare_output(project, folders=False)
        plan = plan_build(project, pdf=pdf)
        warn_unlisted_sources(project, echo)
        summary.documents = len(plan.documents)
        if plan.up_to_date():
            summary.up_to_date = True
            summary.unchanged = len(plan.documents)
            return summary
        if project.output_dir.is_dir():  # it will be replaced: every folder of it must be writable
            check_writable(project.output_dir)
        asked = jobs
        changed = sum(1 for d in plan.documents if d.old is None or d.old.get("key") != d.key)
        jobs = min(jobs or default_jobs(), max(1, changed))
        jobs = jobs if len(plan.documents) > 1 else 1
        # one document to build, no --jobs: its PDF in a worker of its own (on two cores or more: print_aside)
        aside = plan.pdf and executor == "local" and asked is None and jobs == 1
        # documents to make and documents to take over: the first in workers, the others in this process
        beside = executor == "local" and (asked is None or asked >= 2) and not aside and \
            0 < changed < len(plan.documents)
        with print_aside(aside, printer) as printer, \
                executor_for(executor, jobs, scheduler, warm=printer is None, beside=beside, ahead=ahead) as workers, \
                staged_output(project, echo, keep_spare=lambda: summary.unchanged > 0) as (stage, stage_echo):
            records = convert_and_print(plan, stage, workers, summary, stage_echo, verbose, progress, printer,
                                        while_printing=lambda printing: pages_ahead(plan, stage, printing))
            mark_output(stage, records)  # the PDFs it names are checked by the package stage
            with listing_ahead(stage, project.output_dir) as feed:
                packages, failures = package_all(plan, stage, records, workers, summary, stage_echo, verbose,
                                                 progress, feed)
                if failures:
                    records = settle_failed_packages(plan, stage, records, failures, packages, summary, stage_echo)
                    mark_output(stage, records)
                render_html(stage, records, summary, stage_echo, previous=project.output_dir, feed=feed,
                            workers=workers)
            write_new_file(stage.output_dir / MANIFEST, manifest_dump(plan.shared, [
                {**{k: r.get(k) for k in ("source", "key", "id", "tei", "report", "pdf", "warnings")},
                 "package": packages[r["id"]]} for r in records]))
    if summary.failed:
        error = partly_built(summary)
        error.summary = summary
        raise error
    return summary


def mark_output(stage: Project, records: list[dict]) -> None:
    """The new output folder's marker (``OUTPUT_MARKER``): made by edition, and the key each PDF in
    ``print/`` was printed from."""
    write_marker(stage.output_dir, OUTPUT_MARKER,
                 [f"print/{r['id']}.pdf {r['pdf']}" for r in sorted(records, key=lambda r: r["id"]) if r.get("pdf")])


def _edited_since(project: Project, manifest: Path) -> bool:
    """Was a transcript or editorial file of the project written after the last build's manifest? A guess
    (by the files' times, one ``stat`` each) of whether a build has work to do, for the worker started
    ahead only: the plan decides, by the files' contents."""
    try:
        built = os.stat(manifest).st_mtime_ns
    except OSError:
        return False
    for spec in project.documents:
        for path in (spec.source, spec.metadata):
            try:
                if path is not None and os.stat(path).st_mtime_ns > built:
                    return True
            except OSError:
                return True
    return False


def convert_and_print(plan: BuildPlan, stage: Project, workers, summary: BuildSummary,
                      echo: Callable[[str], None], verbose: bool, progress, printer=None,
                      while_printing: Callable[[list[dict]], None] | None = None) -> list[dict]:
    """Convert, validate, write and print every document (each in a worker); the records of the documents
    the new output holds. ``printer`` (``executors.PrintAside``): the PDFs are printed there, each as soon
    as its TEI is written, while the workers go on; then ``while_printing(records)`` runs for the records
    still being printed, in this process, before it waits for their PDFs.

    A document that fails keeps the output of the previous build, when there was one (``carry_over``),
    and is named in the summary; when no document that changed succeeded, nothing is published.
    """
    from .tasks import SITE_PARTS, DocumentJob, document_task, merge_print

    from ..publish.html.site import HTML_XSL, _stylesheet_digest

    project = plan.project
    stylesheets = _stylesheet_digest(HTML_XSL) if plan.pdf or any(d.old and d.old.get("pdf") for d in plan.documents) \
        else None   # (the PDFs' print_key)
    jobs = [DocumentJob(stage, project.output_dir, d.source, d.metadata, d.name, d.key, d.old, plan.pdf, d.spec,
                        print_aside=printer is not None, stylesheets=stylesheets) for d in plan.documents]
    started = time.perf_counter()
    records, printing = [], []
    with _progress(progress, "documents", len(jobs)) as bar:
        for document, record in zip(plan.documents, workers.map(document_task, jobs, here=_taken_over)):
            record["old"] = document.old
            records.append(record)
            if "print_job" in record:
                printing.append((record, printer.submit(record.pop("print_job"))))
            else:
                bar.update(1)
            if verbose and not record["error"]:
                echo(f"{'unchanged' if record['reused'] else 'converted'} {record['source']} → "
                     f"{_relative(project, project.tei_dir)}/{record['id']}.xml")
        link_reused(project.output_dir, stage.output_dir, records)
        if printing and while_printing is not None:
            while_printing([record for record, _ in printing])
        for record, printed in printing:
            merge_print(record, printed.result())
            if record.pop("page_ahead", False) and record["error"]:   # its page showed a PDF it has not
                shutil.rmtree(stage.output_dir / SITE_PARTS / record["id"], ignore_errors=True)
            bar.update(1)
    for record in records:
        for stage_name, seconds in record["seconds"].items():
            summary.stage(stage_name, seconds, 1)
    summary.stage("documents (wall)", time.perf_counter() - started, len(records))
    warnings, summary.warnings = count_warnings(records) if not verbose else (
        [f"warning: {w}" for r in records for w in r["warnings"]], count_warnings(records)[1])
    for line in warnings:
        echo(line)
    failed = [r for r in records if r["error"]]
    for record in failed:
        for problem in record["problems"]:
            echo(problem)
    good = [r for r in records if not r["error"]]
    if failed and not any(not r["reused"] for r in good):
        raise not_built(project, failed)
    check_unique_ids(project, good)
    kept = [carry_over(project, stage, r) for r in failed]
    summary.failed = [{"source": r["source"], "id": r["id"], "error": r["error"],
                       "kept": "previous output" if k else "none"} for r, k in zip(failed, kept)]
    kept_for = {id(r): k for r, k in zip(failed, kept)}
    records = [r if not r["error"] else kept_for[id(r)] for r in records]
    records = [r for r in records if r is not None]
    reused = sum(1 for r in good if r["reused"])
    summary.built, summary.unchanged = len(good) - reused, reused
    printed = sum(1 for r in good if r.get("printed"))
    echo(f"converted {len(good) - reused} document(s) into {_relative(project, project.tei_dir)}/"
         f" ({reused} unchanged)" + (f", printed {printed}" if plan.pdf else "")
         + (f"; {len(failed)} failed" if failed else ""))
    return records


def link_reused(old_dir: Path, stage_dir: Path, records: list[dict]) -> None:
    """The previous build's files that the documents' tasks take as they are (each record's ``linked``)
    into the new output folder, one folder at a time: from the spare's copy of that folder when there is
    one (``fsio.link_files_into``), mended where it differs, instead of a link a file."""
    spare = spare_dir(old_dir)
    spare = spare if own_spare(spare) else None
    folders: dict[str, dict[str, Path]] = {}
    for record in records:
        for name in record.pop("linked", None) or ():
            folder, _, file_name = name.rpartition("/")
            folders.setdefault(folder, {})[file_name] = old_dir / name
    for folder, wanted in sorted(folders.items()):
        try:
            link_files_into(stage_dir / folder, wanted, spare / folder if spare is not None else None,
                            spare_root=spare)
        except OSError as exc:
            raise output_error(exc, stage_dir / folder) from None


def _taken_over(job) -> bool:
    """A job whose outputs are expected to be the previous build's: run in this process (``executors``)."""
    return job.taken_over


def carry_over(project: Project, stage: Project, failed: dict) -> dict | None:
    """The previous build's output of a document that failed now, into the new output folder (or None).

    Its TEI, report, PDF, package and pages stay as they were, so the new output is consistent: what
    the site shows of it is what its package holds. Its copy in ``rejected/`` (if it did not validate)
    is kept too. The manifest keeps the previous record, so the next build tries it again.
    """
    from .manifest import reuse

    old_dir = project.output_dir
    rejected = old_dir / "rejected" / f"{failed['id']}.xml" if failed["id"] else None
    if rejected is not None and rejected.is_file():
        reuse(rejected, stage.output_dir / "rejected" / rejected.name)
    old = failed["old"]
    doc_id = (old or {}).get("id")
    names = [f"tei/{doc_id}.xml", f"reports/{doc_id}.json"]
    package = [f"deposit/{doc_id}", f"deposit/{doc_id}.zip"]  # taken over by the package stage
    if not doc_id or not all((old_dir / name).exists() for name in [*names, *package]):
        return None
    if old.get("pdf") and (old_dir / "print" / f"{doc_id}.pdf").is_file():
        names.append(f"print/{doc_id}.pdf")
    for name in names:
        reuse(old_dir / name, stage.output_dir / name)
    return {**old, "reused": True, "carried": True, "old": old, "error": None,
            "pdf": old.get("pdf") if f"print/{doc_id}.pdf" in names else None}


def not_built(project: Project, failed: list[dict]) -> EditionError:
    """The error of a build that publishes nothing: every document that changed failed."""
    invalid = sum(r.get("errors", 0) for r in failed)
    if invalid and all(r.get("errors") for r in failed):
        return ValidationFailed(f"{invalid} validation error(s) in "
                                f"{_relative(project, project.output_dir / 'rejected')}/: nothing was published, "
                                "the previous output stays; fix the editorial files and build again")
    if len(failed) == 1:
        return _error(failed[0])
    return EditionError(f"{len(failed)} documents failed, the first: {failed[0]['error']}; nothing was "
                        "published, the previous output stays")


def partly_built(summary: BuildSummary) -> EditionError:
    """The error of a build that published its good documents while others failed."""
    first = summary.failed[0]
    kept = sum(1 for f in summary.failed if f["kept"] != "none")
    return EditionError(f"{len(summary.failed)} document(s) failed and were not built again ({kept} keep their "
                        f"previous output, {len(summary.failed) - kept} have none); the others are published. "
                        f"First: {first['error']}")


def pages_ahead(plan: BuildPlan, stage: Project, records: list[dict]) -> None:
    """The share of the site of each document being printed (``tasks.page_task``), made while it is printed;
    then the package's stylesheets compiled (``tasks.warm_package``), which its package needs after the PDF."""
    from .tasks import page_task, warm_package

    for job in _package_jobs(plan, stage, records, keys=False):
        made = page_task(job)
        record = next(r for r in records if r["id"] == job.doc_id)
        if made["made"]:
            record["page_ahead"] = True
            record["seconds"]["page"] = made["seconds"]
    if records:
        warm_package()


def _package_jobs(plan: BuildPlan, stage: Project, records: list[dict], keys: bool = True) -> list:
    """The ``tasks.PackageJob`` of each record; ``keys=False``: without the package's key (for its page alone)."""
    from .tasks import PackageJob

    from ..publish.html.site import HTML_XSL, _stylesheet_digest, site_params

    project = plan.project
    documents = {d.name: d for d in plan.documents}
    params = site_params(project.title, project.base_url, project.introduction)
    stylesheets = _stylesheet_digest(HTML_XSL)
    jobs = []
    for record in records:
        document = documents[record["source"]]
        files = tuple(p for p in (document.source, document.metadata, project.register) if p is not None)
        key = _package_key(plan.shared, record, files) if keys else ""
        jobs.append(PackageJob(stage, project.output_dir, record["id"], key, record["old"], files, plan.pdf, params,
                               stylesheets, tei=None if record.get("carried") else record.get("tei")))
    return jobs


def package_all(plan: BuildPlan, stage: Project, records: list[dict], workers, summary: BuildSummary,
                echo: Callable[[str], None], verbose: bool, progress,
                feed=None) -> tuple[dict[str, str], list[tuple]]:
    """Every document's share of the site (page, citation files, digest) and its deposit package (each
    document in a worker); returns each one's package key, and the (job, result) of each document whose
    page or package could not be made (``settle_failed_packages`` settles them). ``feed``
    (``listing_ahead``): each document's digest is read into the listing pass's state as its task returns,
    while the workers make the others."""
    from ..publish.html.listing import DocumentInput, part_mark
    from ..publish.html.site import DIGEST_SUFFIX
    from .tasks import SITE_PARTS, package_task

    project = plan.project
    jobs = _package_jobs(plan, stage, records)
    started = time.perf_counter()
    keys, made, pages, failures = {}, 0, 0, []
    with _progress(progress, "packages", len(jobs)) as bar:
        for position, (job, result) in enumerate(zip(jobs, workers.map(package_task, jobs, here=_taken_over))):
            bar.update(1)
            if result["error"]:
                failures.append((job, result))
                continue
            if feed is not None:   # the listing pass's position of the document is its record's (render_html)
                part = stage.output_dir / SITE_PARTS / job.doc_id
                digest = part / f"{job.doc_id}{DIGEST_SUFFIX}"
                feed.take(position, DocumentInput(job.doc_id, digest, part_mark(part, job.doc_id, digest)))
            keys[job.doc_id] = job.key
            made += not result["reused"]
            pages += not result["page_reused"]
            for stage_name, seconds in result["seconds"].items():
                summary.stage(stage_name, seconds, 1)
            if verbose and not result["reused"]:
                echo(f"packaged {job.doc_id} → {_relative(project, project.output_dir / 'deposit' / job.doc_id)}")
    summary.stage("packages (wall)", time.perf_counter() - started, len(jobs))
    done = len(jobs) - len(failures)
    echo(f"rendered the pages of {pages} document(s) ({done - pages} unchanged), packaged {made} into "
         f"{_relative(project, project.output_dir / 'deposit')}/ ({done - made} unchanged)"
         + (f"; {len(failures)} failed" if failures else ""))
    if failures and not made:   # nothing that changed could be packaged: nothing new to publish
        failed = [f for f in (_failed_package(record, failures, stage, project.output_dir) for record in records) if f]
        for record in failed:
            echo(f"error: {record['source']}: {record['error']}")
        raise not_built(project, [{**f, "error": f"{f['source']}: {f['error']}"} for f in failed])
    return keys, failures


def _failed_package(record: dict, failures: list[tuple], stage: Project, output_dir: Path) -> dict | None:
    """The record of a document whose page or package failed, with the error (the TEI it may name is not
    published: said without it, for the document to be named by its source; another file of the new output
    folder named where it would have been, in ``output_dir``), or None if it did not fail."""
    result = next((result for job, result in failures if job.doc_id == record["id"]), None)
    if result is None:
        return None
    tei = re.escape(str(stage.output_dir / "tei" / f"{record['id']}.xml"))
    error = re.sub(rf"^{tei}(:\d+)*: ", "", result["error"]).replace(str(stage.output_dir), str(output_dir))
    return {**record, "error": error, "kind": result.get("kind")}


def settle_failed_packages(plan: BuildPlan, stage: Project, records: list[dict], failures: list[tuple],
                           keys: dict[str, str], summary: BuildSummary, echo: Callable[[str], None]) -> list[dict]:
    """The records of the new output once each document whose page or package could not be made
    (``failures``, from ``package_all``) is settled as a document that fails to convert is: none of what
    this build made of it is kept (its TEI, report, PDF, page and package go, so that the site never
    shows what its package does not hold), its previous output is carried over whole when there is one
    (``carry_over_whole``), and it is named in the summary; ``keys`` gets the carried package's key. The
    others are published."""
    settled = []
    for record in records:
        failed = _failed_package(record, failures, stage, plan.project.output_dir)
        if failed is None:
            settled.append(record)
            continue
        echo(f"error: {record['source']}: {failed['error']}")
        remove_document_outputs(stage.output_dir, record["id"])
        # a document carried over already (it failed to convert) has nothing more to carry
        others = {r["id"] for r in records if r is not record}
        kept = None if record.get("carried") else carry_over_whole(plan.project, stage, failed, others)
        if not record.get("carried"):
            if record["reused"]:
                summary.unchanged -= 1
            else:
                summary.built -= 1
        summary.failed.append({"source": record["source"], "id": record["id"], "error": failed["error"],
                               "kept": "previous output" if kept else "none"})
        keys.pop(record["id"], None)
        if kept is not None:
            keys[kept["id"]] = kept["package"]
            settled.append(kept)
    return settled


def remove_document_outputs(output_dir: Path, doc_id: str) -> None:
    """Remove what this build made of one document in its new output folder (``output_dir``, the build's own):
    its TEI, report, PDF, share of the site and package."""
    from .tasks import SITE_PARTS

    for name in (f"tei/{doc_id}.xml", f"reports/{doc_id}.json", f"print/{doc_id}.pdf", f"deposit/{doc_id}.zip"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(output_dir / name)
    for name in (f"{SITE_PARTS}/{doc_id}", f"deposit/{doc_id}"):
        if os.path.isdir(output_dir / name) and not os.path.islink(output_dir / name):
            shutil.rmtree(output_dir / name)


def carry_over_whole(project: Project, stage: Project, failed: dict, others: set[str]) -> dict | None:
    """The previous build's whole output of a document whose page or package failed now (``carry_over``,
    with its share of the site and its package, which the package stage would otherwise have taken), or
    None when the previous build has not all of it, or when its previous id is another document's now
    (``others``: the ids of the build's other documents)."""
    from .manifest import reuse
    from .tasks import SITE_PARTS

    old = failed.get("old") or {}
    doc_id = old.get("id")
    names = [f"{SITE_PARTS}/{doc_id}", f"deposit/{doc_id}", f"deposit/{doc_id}.zip"]
    if not doc_id or doc_id in others or not old.get("package") \
            or not all((project.output_dir / name).exists() for name in names):
        return None
    remove_document_outputs(stage.output_dir, doc_id)   # its id may have changed: what this build made of it
    kept = carry_over(project, stage, failed)
    if kept is not None:
        for name in names:
            reuse(project.output_dir / name, stage.output_dir / name)
    return kept


def _package_key(shared: str, record: dict, files: tuple[Path, ...]) -> str:
    """The key of a document's package (``manifest.package_key``: its TEI, report, PDF and source files).

    A document whose key is the recorded one (its transcript, editorial file and register unchanged:
    they are in it) with the TEI, report and PDF recorded has the recorded package key: its files are not
    read and hashed again."""
    from .manifest import package_key

    if record.get("carried"):  # a failed document's previous output, package and all
        return record["package"]
    old = record.get("old") or {}
    if record.get("reused") and old.get("package") and old.get("key") == record.get("key") \
            and all(record.get(k) == old.get(k) for k in ("tei", "report", "pdf")):
        return old["package"]
    return package_key(shared, record["tei"], record.get("report") or "", record.get("pdf") or "",
                       *(f"{p.name}:{file_sha256(p)}" for p in files))


def _error(record: dict) -> EditionError:
    """The error a task reported, of the kind it was (``RenderError``, ``SourceError``, …)."""
    from .. import errors

    kind = getattr(errors, record.get("kind") or "", None)
    return (kind if isinstance(kind, type) and issubclass(kind, EditionError) else EditionError)(record["error"])


def _spare_site(previous: Path | None) -> Path | None:
    """The site of the spare of the output folder (``fsio.spare_dir``), when a build made it."""
    if previous is None:
        return None
    spare = spare_dir(previous)
    return spare / "html" if own_spare(spare) and (spare / "html").is_dir() else None


@contextlib.contextmanager
def listing_ahead(stage: Project, previous: Path):
    """The listing pass's state opened before the package stage (``listing.listing_feed``, made from what
    ``render_html`` makes the pass from), for ``package_all`` to read each document's digest into as its
    task returns, on this process's core while the workers make the others, instead of all of them after
    the last (about 2 ms a document)."""
    from ..publish.html import site
    from ..publish.html.listing import STATE_NAME, listing_feed
    from .tasks import SITE_PARTS

    meta = site.listing_meta(site.site_params(stage.title, stage.base_url, stage.introduction), site.HTML_XSL,
                             site.read_odd(site_options(stage, {})["odd_path"]))
    with listing_feed(stage.output_dir / SITE_PARTS / STATE_NAME, previous / SITE_PARTS / STATE_NAME, meta) as feed:
        yield feed


def render_html(stage: Project, records: list[dict], summary: BuildSummary, echo: Callable[[str], None], *,
                previous: Path | None = None, feed=None, workers=None) -> None:
    """The HTML edition: the listing pass (``site.publish_site``) over every document's share of the site
    that the package stage made (``.site/<id>/``): their pages with the PDF and package links, the
    listing pages from their digests, the search index. ``previous``: the output folder this build
    replaces, whose listing state (``.site/.listing.sqlite``) and unchanged listing pages are reused.
    ``feed``: that state opened before, with the digests read so far (``listing_ahead``). ``workers``: the
    build's executor; the listing pages' transforms run in its worker processes when it has them
    (``executors.Processes.submit``), which have compiled the stylesheet, a few at once."""
    from ..publish.html import site
    from ..publish.html.listing import STATE_NAME
    from .tasks import SITE_PARTS

    started = time.perf_counter()
    out = stage.output_dir
    html_dir = out / "html"
    parts = []
    for record in records:
        doc_id = record["id"]
        pdf, package = out / "print" / f"{doc_id}.pdf", out / "deposit" / f"{doc_id}.zip"
        parts.append(site.DocumentPart(doc_id, out / SITE_PARTS / doc_id, out / "tei" / f"{doc_id}.xml",
                                       pdf if pdf.is_file() else None, package if package.is_file() else None))
    options = site_options(stage, {})
    result = site.publish_site(html_dir, parts, odd_path=options["odd_path"],
                               params=site.site_params(stage.title, stage.base_url, stage.introduction),
                               state=out / SITE_PARTS / STATE_NAME,
                               previous_state=previous / SITE_PARTS / STATE_NAME if previous is not None else None,
                               previous_site=previous / "html" if previous is not None else html_dir,
                               spare_site=_spare_site(previous), feed=feed,
                               submit=getattr(workers, "submit", None) if isinstance(workers, Processes) else None,
                               stylesheets=site._stylesheet_digest(site.HTML_XSL))
    summary.stage("site", time.perf_counter() - started, len(parts))
    for warning in result.report.warnings():
        echo(f"warning: {warning}")
    write_new_file(out / "reports" / "render.json", result.report.to_json().encode("utf-8"))
    listing = result.listing
    echo(f"rendered {len(result.pages)} pages into {_relative(stage, html_dir)}/ (listing pages: "
         f"{len(listing.written)} made, {len(listing.reused)} unchanged; {len(listing.read)} digest(s) read)")


@contextlib.contextmanager
def _progress(progress, label: str, length: int):
    if progress is None or length < 2:
        class Quiet:
            def update(self, n: int) -> None:
                pass
        yield Quiet()
    else:
        with progress(label, length) as bar:
            yield bar


# --------------------------------------------------------------------------- the output folder

def output_lock(project: Project, echo: Callable[[str], None] = lambda message: None):
    """The lock of the project's output folder: two builds never write it at once (the second waits)."""
    from ..fsio import output_lock as lock

    return lock(project.output_dir, echo)


def prepare_output(project: Project, *, folders: bool = True) -> None:
    """Refuse an output folder edition may not replace; remove what an interrupted build left.

    Every refusal comes before the first file of the build is written. ``folders=False`` leaves out
    the walk through every folder of the output (``check_writable``), for a caller that does it once
    it knows the folder will be replaced (a build with nothing to do replaces nothing).
    """
    check_output(project, folders=folders)
    try:
        clean_leftovers(project.output_dir)
    except OSError as exc:
        raise output_error(exc, project.output_dir.parent) from None


def check_output(project: Project, *, folders: bool = True) -> None:
    """Refuse an output folder edition may not replace (see ``prepare_output``); writes nothing."""
    out = project.output_dir
    if out == project.root or out in project.root.parents:
        raise ConfigError(f"the output folder {out} holds the project: set output to a folder of its own, "
                          "such as output = \"output\"", path=str(project.root / "edition.toml"))
    inputs = [p for spec in project.documents for p in (spec.source, spec.metadata) if p is not None]
    for path in [*inputs, *([project.register] if project.register else [])]:
        if out in path.parents:
            raise ConfigError(f"{path} lies inside the output folder {out}, which each build replaces: "
                              "move it out or choose another output folder",
                              path=str(project.root / "edition.toml"))
    if os.path.ismount(out):
        raise OutputError("is a mount point, and a build replaces its output folder whole: set output in "
                          "edition.toml to a folder inside it", path=str(out))
    check_replaceable(out, OUTPUT_MARKER, describe="build output (output in edition.toml)", listed=False,
                      legacy=_legacy_output, writable=folders)
    if out.is_dir():
        for entry in sorted(out.iterdir()):
            if entry.name not in OUTPUT_ENTRIES and not _is_leftover(entry.name):
                raise OutputError(f"this was not made by edition and a build would lose it: move it out of "
                                  f"{out}, then build again", path=str(entry))


def _legacy_output(folder: Path) -> bool:
    """An output folder of an earlier version of edition (before the marker): only its own kinds of file."""
    for entry in folder.iterdir():
        if _is_leftover(entry.name):
            continue
        if entry.name not in OUTPUT_ENTRIES or not entry.is_dir() or entry.is_symlink():
            return False
        ending = _LEGACY_FILES.get(entry.name)
        if ending and any(not (p.is_file() and p.suffix == ending) for p in entry.iterdir()
                          if not p.name.startswith(".")):
            return False
    return True


def _is_leftover(name: str) -> bool:
    """A temporary file or folder of an earlier, interrupted writer (``.html.build-…``, ``.x.xml.….tmp``)."""
    return bool(re.match(r"\.[^/]+\.(build|old)-", name) or (name.startswith(".") and name.endswith(".tmp")))


@contextlib.contextmanager
def staged_output(project: Project, echo: Callable[[str], None], *,
                  keep_spare: Callable[[], bool] = lambda: True) -> Iterator[tuple[Project, Callable]]:
    """A new output folder beside the old one; it replaces the old one when the block ends without error.

    Yields the project writing into the new folder, and an ``echo`` that names files by where they
    will be once the build is done. The old folder is kept as the spare of the next build
    (``fsio.spare_dir``) when the file system makes hard links and ``keep_spare()`` says the new folder
    shares files with it (a build that reused no document's output does not: the old folder is removed).
    """
    final = project.output_dir
    try:
        stage_dir = staging_dir(final)
    except OSError as exc:
        raise output_error(exc, final.parent) from None
    stage = dataclasses.replace(project, output_dir=stage_dir)
    names = [(str(stage_dir), str(final)), (_relative(project, stage_dir), _relative(project, final))]

    def stage_echo(message: str) -> None:
        for staged, shown in names:
            message = message.replace(staged, shown)
        echo(message)

    try:
        yield stage, stage_echo
        for name in KEPT_ENTRIES:
            kept = final / name
            if kept.is_dir() and not kept.is_symlink() and not (stage_dir / name).exists():
                shutil.copytree(kept, stage_dir / name, symlinks=True)
        os.chmod(stage_dir, 0o755)
        spare = spare_dir(final)  # the output replaced now: the next build takes unchanged folders from it
        keep = keep_spare() and links_work(stage_dir)  # (its probe is made and removed in the new folder)
        if not keep:
            remove_spare(spare)
        replace_dir(stage_dir, final, keep_old=spare if keep else None)
    except BaseException as exc:
        shutil.rmtree(stage_dir, ignore_errors=True)
        if isinstance(exc, OSError):
            exc = output_error(exc, final)
        if isinstance(exc, EditionError):  # name the file where it would have been, not where it was staged
            exc.message = exc.message.replace(str(stage_dir), str(final))
            raise exc from None
        raise


def print_key(tei_bytes: bytes, project: Project, stylesheets: str | None = None) -> str:
    """What a PDF is made from, as a hash: the TEI, what the title page takes from the project (its title, the
    edition's address in the citation), the stylesheets and the print CSS (``xslt/``; ``stylesheets``: their
    digest, when the caller has it), and the version and code of edition."""
    from ..publish.html.site import _code_digest, _stylesheet_digest
    from ..publish.print.pdf import PRINT_XSL

    from .tasks import _print_options

    options = _print_options(project)
    digest = hashlib.sha256("\0".join([
        f"edition {__version__}", options.project_title, options.base_url, _code_digest(),
        stylesheets or _stylesheet_digest(PRINT_XSL)]).encode("utf-8") + b"\0")
    digest.update(tei_bytes)
    return digest.hexdigest()


def printed_from(output_dir: Path, doc_id: str) -> str | None:
    """The ``print_key`` the output folder records for ``print/<id>.pdf``, or None."""
    for line in read_marker(output_dir, OUTPUT_MARKER) or []:
        name, _, key = line.partition(" ")
        if name == f"print/{doc_id}.pdf":
            return key
    return None


# --------------------------------------------------------------------------- the stages

def warn_unlisted_sources(project: Project, echo: Callable[[str], None]) -> None:
    """A transcript in sources/ that no [[document]] (nor witness) names is not published: say so."""
    listed = {spec.source for spec in project.documents} | {w.source for spec in project.documents
                                                            for w in spec.witnesses}
    resolve = FolderResolver()   # the folder resolved once, not every transcript's path
    folder = project.root / "sources"
    for transcript in sorted(path for suffix in TRANSCRIPT_SUFFIXES for path in folder.glob("*" + suffix)):
        try:
            resolved = resolve(transcript, "a transcript")
        except EditionError:   # a symbolic link loop: no document's source
            resolved = transcript
        if resolved not in listed:
            echo(f"warning: {_relative(project, transcript)} is not a [[document]] of edition.toml and is not "
                 "published; add [[document]] source = \"" + _relative(project, transcript) + "\" to publish it")


def check_unique_ids(project: Project, results: list) -> None:
    """Every clash of document identifiers (also of the names their pages get), before anything is published.

    ``results`` are conversion results or the records of ``tasks.document_task``.
    """
    seen: dict[str, str] = {}
    clashes = []
    for result in results:
        doc_id, source = (result["id"], result["source"]) if isinstance(result, dict) else (
            result.id, result.report.source)
        for key in dict.fromkeys([doc_id, re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id).strip("-.")]):
            other = seen.setdefault(key, source)
            if other is not source:
                clashes.append(f"{source} and {other} are both {key!r}")
                break
    if clashes:
        raise ConfigError("documents with the same identifier would overwrite each other: " + "; ".join(clashes)
                          + "; give each its own id in its editorial file (id = \"...\")",
                          path=str(project.root / "edition.toml"))


def write_tei(project: Project, results: list[ConversionResult], echo: Callable[[str], None]) -> list[Path]:
    """``output/tei/<id>.xml`` and ``output/reports/<id>.json`` of every document."""
    written = []
    for result in results:
        tei_path = project.tei_dir / f"{result.id}.xml"
        write_bytes_atomic(tei_path, result.to_bytes())
        write_text_atomic(project.output_dir / "reports" / f"{result.id}.json", result.report.to_json())
        written.append(tei_path)
        echo(f"converted {result.report.source} → {_relative(project, tei_path)}")
    return written


def build_tei(project: Project, echo: Callable[[str], None] = lambda message: None) -> list[Path]:
    """Convert and validate every document, then write ``output/tei/<id>.xml`` and its report in place
    (``edition render`` in a project, and the tests; ``edition build`` writes a new output
    folder). Returns the TEI paths, in the project's order."""
    return update_tei(project, {}, echo)


def update_tei(project: Project, known: dict[str, dict], echo: Callable[[str], None] = lambda message: None
               ) -> list[Path]:
    """``build_tei`` for a preview that rebuilds on every edit (``edition serve``): only the documents
    whose inputs changed since the last call (their key, ``manifest.document_key``) are converted,
    validated and written again; the others are as that call left them.

    ``known`` (source name → {"key", "id"}) is what the earlier calls made; the caller keeps it and this
    updates it once every document is written. Returns the TEI paths of every document, in the
    project's order.
    """
    from .tasks import _register

    prepare_output(project)
    plan = plan_build(project, pdf=False)
    warn_unlisted_sources(project, echo)
    changed = [d for d in plan.documents if known.get(d.name, {}).get("key") != d.key
               or not (project.tei_dir / f"{known[d.name]['id']}.xml").is_file()]
    register = _register(project.register)
    results = [convert_document(project, d.spec, register) for d in changed]
    for result in results:
        for warning in result.report.warnings:
            echo(f"warning: {warning}")
    strict = project.settings.get("edition", {}).get("strict", False) is True
    for result in results:
        result.check_doubts(strict)
    made = {d.name: r.id for d, r in zip(changed, results)}
    check_unique_ids(project, [{"id": made.get(d.name) or known[d.name]["id"], "source": d.name}
                               for d in plan.documents])
    check_valid(project, results, echo)
    write_tei(project, results, echo)
    if read_marker(project.output_dir, OUTPUT_MARKER) is None:
        write_text_atomic(project.output_dir / OUTPUT_MARKER, MARKER_HEADER + "\n")
    for document, result in zip(changed, results):
        known[document.name] = {"key": document.key, "id": result.id}
    for name in set(known) - {d.name for d in plan.documents}:
        del known[name]
    return [project.tei_dir / f"{known[d.name]['id']}.xml" for d in plan.documents]


def site_options(project: Project, pdfs: dict) -> dict:
    """How the project's site is rendered, by ``build``, ``render`` and ``serve`` alike: its title, base
    URL, introduction, and the guidelines from the project's ODD (``schema/edition.odd``), else the
    customisation the tool validates with."""
    from ..publish.html.site import DEFAULT_ODD

    odd = project.root / "schema" / "edition.odd"
    return dict(project_title=project.title, odd_path=odd if odd.is_file() else DEFAULT_ODD, pdfs=pdfs,
                base_url=project.base_url, introduction=project.introduction)


def check_valid(project: Project, results: list[ConversionResult], echo: Callable[[str], None]) -> None:
    """Validate every document as it will be written (customisation + Schematron); stop on errors.

    Each document is checked in memory, parsed from the bytes that would be written (so lines are the
    file's). One that fails is written to ``output/rejected/<id>.xml`` (never over the good output in
    ``output/tei/``) and checked there again, so that its problems name lines and columns in that file.
    """
    from ..safexml import parse_xml_bytes
    from ..validate.tei import validate_files, validate_tree

    rejected_dir = project.output_dir / "rejected"
    failures = 0
    for result in results:
        candidate = rejected_dir / f"{result.id}.xml"
        problems = validate_tree(parse_xml_bytes(result.to_bytes(), str(candidate)), str(candidate))
        if any(p.severity != "warning" for p in problems):
            write_bytes_atomic(candidate, result.to_bytes())
            problems = [p for file in validate_files([candidate]).files for p in file.problems]
        elif candidate.exists():
            candidate.unlink()  # rejected by an earlier build, valid now
        for problem in problems:
            echo(problem.format())
        failures += sum(1 for p in problems if p.severity != "warning")
    if rejected_dir.is_dir() and not any(rejected_dir.iterdir()):
        rejected_dir.rmdir()
    if failures:
        raise ValidationFailed(f"{failures} validation error(s) in {_relative(project, rejected_dir)}/: "
                               "nothing was published, the previous output stays; fix the editorial files "
                               "and build again")
