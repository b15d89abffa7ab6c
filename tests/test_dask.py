"""Scale-out: each submission is a task on a Dask ``distributed`` cluster (LocalCluster with
two worker processes here); this process alone writes results and the gradebook."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import nbformat
import pytest
from test_gradebook_resume import check_consistent, write_class
from toy import notebook

from autograder.cli import main
from autograder.course.batch import BatchOutcome, collect, grade_batch
from autograder.course.gradebook import Gradebook

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

SLOW = (
    "import numpy as np, time\ndef scale(x, alpha):\n    time.sleep(0.8)\n"
    "    return alpha * np.asarray(x, float)\n"
)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    ) as c:
        yield c


def test_cli_grades_on_a_dask_cluster(tmp_path, toy_root, cluster, monkeypatch, capsys):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    subs = write_class(tmp_path / "class", 6)
    db = tmp_path / "gb.db"
    code = main(
        [
            "grade",
            "toy01",
            str(subs),
            "--executor",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
            "--gradebook",
            str(db),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
        ]
    )
    assert code == 0, capsys.readouterr()
    assert check_consistent(db) == 6
    with Gradebook(db) as book:
        scores = {r["student"]: r["score"] for r in book.latest("toy01")}
    assert scores == {f"s{i:03d}": (3.0 if i % 3 else 0.0) for i in range(6)}


def test_dask_without_a_scheduler_is_a_usage_error(tmp_path, toy_root, monkeypatch, capsys):
    monkeypatch.setenv("MEDL_ROOT", str(toy_root))
    subs = write_class(tmp_path / "class", 1)
    assert (
        main(["grade", "toy01", str(subs), "--executor", "dask", "--out", str(tmp_path / "o")]) == 2
    )
    assert "--scheduler" in capsys.readouterr().err


def test_a_worker_killed_mid_batch_loses_no_submission(tmp_path, toy, cluster):
    folder = tmp_path / "class"
    folder.mkdir()
    for i in range(10):
        nbformat.write(notebook([("code", SLOW + f"STUDENT = {i}\n")]), folder / f"s{i:02d}.ipynb")
    found = collect([folder])
    killed: list[str] = []
    with distributed.Client(cluster) as watcher:
        pids = watcher.run(os.getpid)

        def kill_a_busy_worker(o: BatchOutcome) -> None:
            if killed:
                return
            busy = [w for w, tasks in watcher.processing().items() if tasks]
            assert busy, "no worker is busy: nothing to kill"
            killed.append(busy[0])
            os.kill(pids[busy[0]], signal.SIGKILL)

        db = tmp_path / "gb.db"
        outcomes = grade_batch(
            toy,
            found.subs,
            tmp_path / "out",
            db,
            on_done=kill_a_busy_worker,
            executor="dask",
            scheduler=cluster.scheduler_address,
        )
        assert killed
        watcher.wait_for_workers(2, timeout=60)  # the nanny restarted the killed one
        assert set(watcher.run(os.getpid).values()) != set(pids.values())
    assert [o.error for o in outcomes] == [None] * 10
    assert all(o.results and o.results["score"] == 1.0 for o in outcomes)
    assert check_consistent(db) == 10
    assert sorted(p.name for p in Path(tmp_path / "out").iterdir()) == [
        f"s{i:02d}" for i in range(10)
    ]
