"""The speed harness: ratios against the reference, and the tricks it must not fall for."""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
import numpy as np
import pytest
from helpers import grade_sources

from autograder.authoring.assignment import load_assignment
from autograder.grading import calibrate as cal
from autograder.grading.speed import SpeedHarness, curve, summarize
from autograder.sandbox.jail.codec import Handle

TOML = """\
id = "spd01"
slug = "speed"
title = "Speed"
notebook = "spd01_speed.ipynb"

[grading]
call_timeout_s = 10

[[questions]]
id = "q1"
title = "Fast row norms"
points = 2
functions = ["row_norms"]

[questions.speed]
cpu = { full = 1.5, zero = 6.0 }
cuda = { full = 2.0, zero = 8.0 }
min_rounds = 5
max_rounds = 12
max_seconds = 8
"""

SOLUTION = '''\
import numpy as np

def row_norms(x):
    """||x_i|| for every row. x: (N, p) -> (N,)."""
    ### BEGIN SOLUTION
    return np.sqrt(np.einsum("ij,ij->i", x, x))
    ### END SOLUTION
'''

HIDDEN = '''\
from autograder.api import question
from shared.compare import close


def make(rng):
    return (rng.normal(size=(400, 64)),), {}


@question("q1", points=1)
def test_row_norms_correct(student, reference, rng):
    """Are the row norms right?"""
    x = rng.normal(size=(5, 3))
    close(student.row_norms(x), reference.row_norms(x), what="row_norms(x)")


@question("q1", points=1, timeout=60)
def test_row_norms_speed(speed):
    """Is row_norms within 1.5x of the reference's time?"""
    return speed.measure("row_norms", make,
                         lambda got, want: close(got, want, rtol=1e-9, what="row_norms(x)"))
'''


@pytest.fixture(scope="module")
def spd(tmp_path_factory):
    root = tmp_path_factory.mktemp("spdroot")
    src = root / "solutions" / "spd01_speed"
    (src / "hidden").mkdir(parents=True)
    (src / "assignment.toml").write_text(TOML)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SOLUTION)])
    nbformat.write(nb, src / "spd01_speed.ipynb")
    (src / "hidden" / "test_speed.py").write_text(HIDDEN)
    return load_assignment("spd01", Path(root))


def speed_test(res: dict) -> dict:
    return next(t for t in res["tests"] if t["extra_data"]["test"].endswith("speed"))


def test_curve_is_full_then_log_linear_then_zero():
    assert curve(1.0, 1.5, 6.0) == curve(1.5, 1.5, 6.0) == 1.0
    assert curve(3.0, 1.5, 6.0) == pytest.approx(0.5)
    assert curve(6.0, 1.5, 6.0) == curve(float("inf"), 1.5, 6.0) == 0.0


def test_noise_is_scored_in_the_students_favour_but_slowness_is_not():
    ref = [1.0, 1.01, 0.99, 1.02, 1.0, 1.0, 0.98]
    settled = [2.0 * r for r in ref]
    ratio, spread, scored = summarize(settled, ref, 0.10)
    assert ratio == pytest.approx(2.0) and spread < 0.10 and scored == ratio
    # the reference against itself on a busy machine: load adds time to either side
    noise = [0.0, 1.4, 0.0, 1.9, 0.1, 1.1, 0.0, 1.6, 2.0]
    s_busy = [1.0 + n for n in noise]
    r_busy = [1.0 + n for n in noise[::-1]]
    ratio, spread, scored = summarize(s_busy, r_busy, 0.10)
    assert spread > 0.10 and scored == pytest.approx(1.0)
    assert curve(scored, 1.5, 5.0) == 1.0
    # a Python loop 15x slower, just as noisy: no benefit, whichever side was disturbed
    s_loop = [15.0 + n for n in noise]
    ratio, spread, scored = summarize(s_loop, r_busy, 0.10)
    assert scored == ratio > 6.0 and curve(scored, 2.0, 6.0) == 0.0


def test_the_reference_itself_earns_full_speed_marks(spd):
    plain = SOLUTION.replace("    ### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION\n", "")
    res = grade_sources(spd, plain)
    t = speed_test(res)
    sp = t["extra_data"]["speed"][0]
    assert t["score"] == 1, t["output"]
    assert 0.5 < sp["ratio"] < 1.5 and sp["rounds"] >= 5 and sp["device"] == "cpu"
    assert "not graded on this machine" in t["extra_data"]["cuda"]
    assert "x the reference's CPU time" in t["output"]
    assert sp["clock"] == "cpu-time" and sp["isolation"] in ("cgroup", "signals")
    assert sp["threshold"]["from"] == "assignment.toml"
    assert sp["student_wall_median_s"] > 0 and sp["codec_s"] is not None


LOOP = """\
import numpy as np
def row_norms(x):
    out = np.empty(x.shape[0])
    for i in range(x.shape[0]):
        s = 0.0
        for v in x[i]:
            s += v * v
        out[i] = s ** 0.5
    return out
"""


def test_a_python_loop_is_correct_but_loses_the_speed_points(spd):
    res = grade_sources(spd, LOOP)
    assert res["tests"][0]["score"] == 1
    t = speed_test(res)
    assert t["score"] == 0, t["output"]
    ratio = t["extra_data"]["speed"][0]["ratio"]
    assert ratio is None or ratio > 6


def test_patching_the_clock_in_the_worker_gains_nothing(spd):
    patched = LOOP + textwrap.dedent("""\
        import time
        _real = time.perf_counter
        time.perf_counter = lambda: 0.0
        time.monotonic = lambda: 0.0
        PATCHED = time.perf_counter()
        """)
    t = speed_test(grade_sources(spd, patched))
    assert t["score"] == 0


def test_caching_outputs_across_calls_is_caught_by_the_output_check(spd):
    cheat = """\
import numpy as np
CACHE = {}
def row_norms(x):
    if "out" not in CACHE:
        CACHE["out"] = np.sqrt((x * x).sum(axis=1))
    return CACHE["out"]
"""
    t = speed_test(grade_sources(spd, cheat))
    assert t["score"] == 0 and "output is wrong" in t["output"]


def test_returning_a_lazy_object_before_the_work_is_done_fails(spd):
    lazy = """\
import numpy as np
class Lazy:
    def __init__(self, x):
        self.x = x
    def __array__(self, dtype=None, copy=None):
        return np.sqrt((self.x * self.x).sum(axis=1))
def row_norms(x):
    return Lazy(x)
"""
    t = speed_test(grade_sources(spd, lazy))
    assert t["score"] == 0 and "timed function must return arrays" in t["output"]


def test_a_missing_kernel_is_reported_as_missing(spd):
    t = speed_test(grade_sources(spd, "import numpy as np"))
    assert t["score"] == 0 and t["extra_data"]["kind"] == "missing"


# -- the CUDA path, shape-tested on a CPU with stand-in workers ---------------------------
class FakeWorker:
    """Answers the harness's requests like a worker; records what ran while who was frozen."""

    def __init__(self, name: str, log: list, delay: float) -> None:
        self.name, self.log, self.delay = name, log, delay
        self.frozen = False
        self.worker = object()
        self.isolation = "cgroup"
        self.stored: dict[int, object] = {}
        self.next = 1
        self.defined = ["k"]

    def ensure(self):
        return self

    def freeze(self) -> None:
        self.frozen = True

    def thaw(self) -> None:
        self.frozen = False

    def cpu_seconds(self) -> float:
        return 0.0  # a GPU kernel's time is not CPU time: the wall clock must be scored

    def request(self, req: dict, *, what: str, timeout: float | None = None):
        import time

        assert not self.frozen, f"{self.name} was asked to {req['op']} while frozen"
        self.log.append((self.name, req["op"], req.get("device"), self.other.frozen))
        if req["op"] == "put":
            h = Handle(self.next, "Tensor")
            self.stored[self.next], self.next = req["value"], self.next + 1
            return h
        if req["op"] == "call":
            time.sleep(self.delay)
            x = req["args"][0]
            return np.asarray(self.stored[x.id] if isinstance(x, Handle) else x) * 2
        if req["op"] == "get":
            return self.stored[req["handle"].id]
        if req["op"] == "free":
            for i in req["ids"]:
                self.stored.pop(i, None)
            return None
        raise AssertionError(req)


def test_on_cuda_the_wall_clock_covers_put_call_and_fetch_with_the_other_side_frozen():
    log: list = []
    student, ref = FakeWorker("student", log, 0.02), FakeWorker("reference", log, 0.005)
    student.other, ref.other = ref, student
    cfg = {"cpu": {"full": 1.5, "zero": 3.0}, "cuda": {"full": 2.0, "zero": 6.0}}
    h = SpeedHarness(student, lambda: ref, cfg, "cuda", np.random.default_rng(0))

    def make(rng):
        return (rng.normal(size=(3, 2)),), {"scale": 2}

    frac = h.measure(
        "k", make, lambda g, w: np.testing.assert_allclose(g, w), min_rounds=3, max_rounds=3
    )
    r = h.results[0].extra()
    assert r["clock"] == "wall" and r["device"] == "cuda"
    assert 2.0 < r["ratio"] < 6.0 and 0 < frac < 1  # 20 ms against 5 ms, by the wall clock
    # every request of one side ran while the other side was frozen
    assert log and all(other_frozen for _, _, _, other_frozen in log)
    puts = [e for e in log if e[1] == "put"]
    assert puts and all(device == "cuda" for _, _, device, _ in puts)
    assert not student.stored and not ref.stored  # inputs freed inside the interval
    assert not student.frozen and not ref.frozen  # both run again after the measurement
    assert "GPU threshold" not in h.message()


def test_a_lazy_or_kept_result_is_refused():
    log: list = []
    student, ref = FakeWorker("student", log, 0.0), FakeWorker("reference", log, 0.0)
    student.other, ref.other = ref, student

    def kept(req, *, what, timeout=None, _orig=student.request):
        out = _orig(req, what=what, timeout=timeout)
        return Handle(99, "Lazy") if req["op"] == "call" else out

    student.request = kept  # type: ignore[method-assign]
    cfg = {"cpu": {"full": 1.5, "zero": 3.0}}
    h = SpeedHarness(student, lambda: ref, cfg, "cpu", np.random.default_rng(0))
    with pytest.raises(AssertionError, match="must return arrays or tensors, not Lazy"):
        h.measure("k", lambda rng: ((np.ones(2),), {}), lambda g, w: None)


# -- thresholds stored by `medl calibrate --write` ---------------------------------------
def test_stored_thresholds_are_used_and_named(spd, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    cal.write_thresholds("cpu", {"spd01/q1": {"full": 0.01, "zero": 0.02}})
    assert cal.stored_thresholds("spd01/q1", "cpu")[:2] == (0.01, 0.02)
    assert cal.stored_thresholds("spd01/q1", "cuda") is None  # keyed by device name
    plain = SOLUTION.replace("    ### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION\n", "")
    t = speed_test(grade_sources(spd, plain))
    sp = t["extra_data"]["speed"][0]
    assert sp["threshold"]["full"] == 0.01 and "medl calibrate" in sp["threshold"]["from"]
    assert t["score"] == 0 and "thresholds from medl calibrate for cpu: " in t["output"]


def test_separation_and_the_smallest_change_that_restores_it():
    c = cal.QuestionCalibration("x", "q1s", "cpu", ("f",), 2.0, 6.0, "assignment.toml")
    c.measured = [cal.Measured("reference", "vectorized", 1.0), cal.Measured("a", "slow", 9.0)]
    assert c.separates and c.suggested() == (2.0, 6.0)
    c.measured.append(cal.Measured("b", "vectorized", 1.9))  # too close to full
    assert not c.separates and c.suggested() == (2.38, 6.0)
    c.measured.append(cal.Measured("c", "slow", 3.2))  # a loop too close to the vectorized
    assert not c.separates and c.suggested() is None
    c.measured.append(cal.Measured("d", "slow", problem="output is wrong"))
    assert cal.question_rows(c)[-1][-1].startswith("not timed")


@pytest.mark.slow
def test_calibrate_separates_a_sample_of_a_real_chapter_on_this_cpu(monkeypatch, tmp_path):
    """CI's own CPU: the reference, one alternative and one loop mutant of ch08 q1s through
    the real harness, separated with margin by the thresholds in force."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # this machine's stored ones aside
    c = cal.calibrate(load_assignment("ch08"), "q1s", "cpu", sample=True)
    roles = sorted(m.role for m in c.measured)
    assert roles == ["slow", "vectorized", "vectorized"], cal.markdown([c])
    assert c.separates, cal.markdown([c])
