"""Where the per-document work runs does not change a byte: worker processes and a Dask cluster of
worker processes write what one process writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.build.test_buildplan import build, hashes, make_project


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """Three documents built in one process (``--jobs 1``), and the hashes of every file it wrote."""
    folder = make_project(tmp_path_factory.mktemp("serial") / "proj")
    build(folder, "--jobs", "1")
    return folder, hashes(folder / "output")


def fresh_copy(serial, tmp_path: Path) -> Path:
    folder = tmp_path / "proj"
    shutil.copytree(serial[0], folder, ignore=shutil.ignore_patterns("output", ".output.lock"))
    return folder


def test_two_worker_processes_write_the_bytes_of_one(serial, tmp_path):
    folder = fresh_copy(serial, tmp_path)
    summary = build(folder, "--jobs", "2")
    assert (summary["built"], summary["failed"]) == (3, [])
    assert hashes(folder / "output") == serial[1]


def test_a_local_dask_cluster_of_two_worker_processes_writes_the_bytes_of_one(serial, tmp_path):
    pytest.importorskip("distributed")
    folder = fresh_copy(serial, tmp_path)
    summary = build(folder, "--executor", "dask", "--jobs", "2")
    assert (summary["built"], summary["failed"]) == (3, [])
    assert hashes(folder / "output") == serial[1]


def test_an_existing_dask_cluster_is_used_through_its_scheduler(serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    folder = fresh_copy(serial, tmp_path)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            summary = build(folder, "--executor", "dask", "--scheduler", cluster.scheduler_address)
            ran = client.run(lambda: __import__("sys").modules.get("edition.build.tasks") is not None)
    assert summary["built"] == 3
    assert any(ran.values())  # the tasks ran on the workers of that cluster
    assert hashes(folder / "output") == serial[1]


def test_an_unreachable_scheduler_is_one_line(serial, tmp_path):
    import subprocess

    from tests.build.test_buildplan import EDITION

    folder = fresh_copy(serial, tmp_path)
    done = subprocess.run([EDITION, "build", "--no-pdf", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"],
                          cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("edition: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def test_one_document_printed_in_a_worker_of_its_own_is_the_pdf_of_one_process(tmp_path, monkeypatch):
    """A build of one document prints it in a print worker (while the build's process goes on) when it may
    use two cores; its output, the PDF and the package holding it, is that of ``--jobs 1``, which prints in
    the build's own process."""
    from edition.build import executors
    from edition.build.run import build as run_build
    from edition.project import load_project

    if executors.default_jobs() < 2:
        pytest.skip("one core: a build prints in its own process")
    submitted = []
    submit = executors.PrintAside.submit
    monkeypatch.setattr(executors.PrintAside, "submit", lambda aside, job: submitted.append(job.doc_id)
                        or submit(aside, job))
    aside, alone = make_project(tmp_path / "aside", count=1), make_project(tmp_path / "alone", count=1)
    summary = run_build(load_project(aside / "edition.toml"))
    assert summary.built == 1 and submitted == ["memo-0"]
    run_build(load_project(alone / "edition.toml"), jobs=1)
    assert submitted == ["memo-0"]
    assert (aside / "output" / "print" / "memo-0.pdf").is_file()
    assert hashes(aside / "output") == hashes(alone / "output")


def test_a_print_that_fails_in_the_print_worker_publishes_nothing_as_in_one_process(tmp_path, monkeypatch):
    """The one document that changed is printed aside (its page made meanwhile, as it will be with its new
    PDF); when that print fails the build stops with the print's error in one line and publishes nothing:
    the previous output stays whole, as when the print fails in the build's own process."""
    from concurrent.futures import Future

    from edition.build import executors
    from edition.build.run import build as run_build
    from edition.errors import RenderError
    from edition.project import load_project

    if executors.default_jobs() < 2:
        pytest.skip("one core: a build prints in its own process")
    folder = make_project(tmp_path / "proj", count=2)
    run_build(load_project(folder / "edition.toml"), jobs=2)                # with the print edition
    before = hashes(folder / "output")
    source = folder / "sources" / "memo-1.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("copy 1.", "copy one."), encoding="utf-8")
    submitted = []

    def failing(aside, job):
        submitted.append(job.doc_id)
        failed = Future()
        failed.set_result({"error": "memo-1.xml: WeasyPrint could not lay out the print edition", "kind": "RenderError"})
        return failed

    monkeypatch.setattr(executors.PrintAside, "submit", failing)
    with pytest.raises(RenderError, match="^memo-1.xml: WeasyPrint could not lay out the print edition$"):
        run_build(load_project(folder / "edition.toml"))
    assert submitted == ["memo-1"]      # memo-0 did not change: its PDF is taken from the previous build
    assert hashes(folder / "output") == before
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".output.build-")]    # no half-made output


def _where(job: int) -> tuple[int, int]:
    import os

    return job, os.getpid()


def test_cheap_jobs_run_in_the_builds_process_and_the_others_in_a_forked_worker_in_order():
    """After a one-file change the changed document is made in a worker while this process takes over the
    others (``executors.Processes``, ``here``): the results come back in the jobs' order."""
    import os

    from edition.build.executors import Processes

    workers = Processes(1, fork=True)
    try:
        results = list(workers.map(_where, [0, 1, 2, 3, 4], here=lambda job: job != 3))
    finally:
        workers.close()
    assert [job for job, _ in results] == [0, 1, 2, 3, 4]
    assert {job for job, pid in results if pid == os.getpid()} == {0, 1, 2, 4}
    assert results[3][1] != os.getpid()


def test_a_changed_document_made_beside_the_ones_taken_over_gives_the_bytes_of_one_process(serial, tmp_path):
    from tests.build.test_buildplan import full_build_of

    folder = tmp_path / "proj"
    shutil.copytree(serial[0], folder, symlinks=True)
    source = folder / "sources" / "memo-2.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("copy 2.", "copy two."), encoding="utf-8")
    summary = build(folder, "--jobs", "2")   # one changed: one forked worker, the other two in this process
    assert (summary["built"], summary["unchanged"]) == (1, 2)
    assert hashes(folder / "output") == full_build_of(folder, tmp_path)


def test_a_worker_is_started_ahead_only_when_a_source_was_written_after_the_last_build(serial, tmp_path):
    """The guess of whether a build has work (``run._edited_since``): a build with nothing changed forks
    no worker to stop at once."""
    import os

    from edition.build.manifest import MANIFEST
    from edition.build.run import _edited_since
    from edition.project import load_project

    folder = tmp_path / "proj"
    shutil.copytree(serial[0], folder, symlinks=True)
    project = load_project(folder / "edition.toml")
    manifest = project.output_dir / MANIFEST
    assert not _edited_since(project, manifest)
    built = manifest.stat().st_mtime_ns
    os.utime(folder / "sources" / "memo-1.toml", ns=(built + 10**9, built + 10**9))   # an editorial file
    assert _edited_since(project, manifest)
    assert not _edited_since(project, tmp_path / "no-manifest.json")   # never built: nothing to take over


def test_a_job_sent_to_a_worker_does_not_carry_the_projects_list_of_documents(serial):
    import pickle

    from edition.build.tasks import DocumentJob, PackageJob
    from edition.project import load_project

    project = load_project(serial[0] / "edition.toml")
    assert len(project.documents) == 3 and "document" in project.settings
    jobs = [DocumentJob(project, project.output_dir, project.documents[0].source, None, "a.txt", "key", None, False),
            PackageJob(project, project.output_dir, "doc", "key", None, (), False)]
    for job in jobs:
        sent = pickle.loads(pickle.dumps(job))
        assert sent.project.documents == () and "document" not in sent.project.settings
        assert (sent.project.title, sent.project.output_dir, sent.project.register) == \
            (project.title, project.output_dir, project.register)
        assert sent.project.settings == {k: v for k, v in project.settings.items() if k != "document"}
        assert job.project is project  # the build's own job is as it was made


def test_a_pdf_printed_again_from_the_last_builds_tei_is_the_pdf_the_conversion_printed(tmp_path):
    """A PDF removed from the output is printed again by the next build from the TEI it takes from the last
    build; it is the PDF that build printed when it converted the document: the print is made from the
    TEI as written, as ``edition print`` prints the file."""
    from edition.build.run import build as run_build
    from edition.project import load_project

    folder = make_project(tmp_path / "proj", count=1)
    run_build(load_project(folder / "edition.toml"), jobs=1)
    before = hashes(folder / "output")
    (folder / "output" / "print" / "memo-0.pdf").unlink()
    summary = run_build(load_project(folder / "edition.toml"), jobs=1)
    assert (summary.built, summary.unchanged) == (0, 1)       # the TEI was taken, the PDF printed now
    assert hashes(folder / "output") == before


def test_a_print_worker_started_ahead_is_taken_when_wanted_and_else_stopped_at_once():
    """``edition build`` starts its print worker before it reads the project (``print_aside_ahead``): a build
    that prints one document aside takes that worker; one that does not (several documents, nothing to do)
    stops it at once, whatever it is doing, and it leaves no process behind."""
    from edition.build import executors

    if executors.default_jobs() < 2:
        pytest.skip("one core: a build prints in its own process")
    with executors.print_aside_ahead(True) as ahead:
        with executors.print_aside(True, ahead) as taken:
            assert taken is ahead and not ahead.closed
        assert ahead.closed
    for ending in ("not wanted", "not taken"):
        with executors.print_aside_ahead(True) as ahead:
            workers = list(ahead.pool._processes.values())
            assert [w.is_alive() for w in workers] == [True]    # warming up: importing WeasyPrint...
            if ending == "not wanted":
                with executors.print_aside(False, ahead) as taken:
                    assert taken is None and ahead.closed
                assert not workers[0].is_alive()
        assert ahead.closed and not workers[0].is_alive()
    with executors.print_aside_ahead(False) as ahead:
        assert ahead is None


def test_the_print_worker_is_started_ahead_only_for_a_first_build(tmp_path):
    """Only a project whose output folder is not there yet (a first build, which builds every document) has
    its print worker started before the project is read; a later build (nothing to do, a file changed) starts
    it, if it wants one, once it knows."""
    from edition.cli import _never_built

    project = tmp_path / "edition.toml"
    project.write_text('[edition]\ntitle = "T"\noutput = "built"\n', encoding="utf-8")
    assert _never_built(project)
    (tmp_path / "built").mkdir()
    assert not _never_built(project)
    project.write_text('[edition]\ntitle = "T"\n', encoding="utf-8")
    assert _never_built(project)
    project.write_text("[edition\n", encoding="utf-8")    # not TOML: the build reports it, no worker ahead
    assert not _never_built(project)
