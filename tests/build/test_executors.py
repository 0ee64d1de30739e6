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
