"""The grading pipeline on the toy assignment: scores, messages, and robustness."""

from __future__ import annotations

import json

import pytest
from helpers import by_question, grade_sources, kinds, submission

from autograder.course.gradebook import Gradebook
from autograder.grading.results import write_results
from autograder.grading.runner import grade
from autograder.grading.submission import from_notebook, with_override

IMPORTS = "import numpy as np"
SCALE = "def scale(x, alpha):\n    return alpha * np.asarray(x, dtype=float)"
SOFTMAX = (
    "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)"
)


def test_reference_scores_full_and_stub_scores_zero(toy):
    ref = grade(toy, from_notebook(toy.solution_notebook, "reference"))
    assert ref["score"] == ref["max_score"] == 3
    stub = grade(toy, from_notebook(toy.release_dir / toy.notebook, "stub"))
    assert stub["score"] == 0
    assert set(kinds(stub).values()) == {"todo"}
    assert "not implemented yet" in stub["tests"][0]["output"]


def test_results_follow_gradescope_schema(toy):
    res = grade_sources(toy, IMPORTS, SCALE, SOFTMAX)
    assert set(res) >= {"score", "max_score", "execution_time", "output", "tests"}
    for t in res["tests"]:
        assert set(t) >= {"name", "number", "score", "max_score", "status", "output"}
        assert t["status"] in ("passed", "failed")
    json.dumps(res, allow_nan=False)  # strict JSON


def test_mutant_loses_its_question_and_alternative_earns_full_marks(toy):
    base = from_notebook(toy.solution_notebook, "reference")
    mutant = grade(toy, with_override(base, "m", toy.source_dir / "mutants" / "q2_unstable.py"))
    assert by_question(mutant) == {"q1": 1, "q2": 1}
    huge = next(t for t in mutant["tests"] if t["extra_data"]["test"].endswith("huge"))
    assert "NaN or infinite" in huge["output"] or "NaN" in huge["output"]
    alt = grade(toy, with_override(base, "a", toy.source_dir / "alternatives" / "q2_logsumexp.py"))
    assert alt["score"] == 3


def test_failing_and_slow_exploration_code_costs_nothing(toy):
    res = grade_sources(
        toy,
        IMPORTS,
        SCALE,
        "scale(1, 2) / 0\nimport time\ntime.sleep(1000)",
        SOFTMAX,
        "while True:\n    pass",
    )
    assert res["score"] == 3


def test_syntax_error_in_one_cell_keeps_the_other_cells(toy):
    res = grade_sources(toy, IMPORTS, SCALE, "def softmax(z):\n    return z +* 2")
    assert by_question(res) == {"q1": 1, "q2": 0}
    q2 = [t for t in res["tests"] if t["number"] == "q2"][0]
    assert "`softmax` is not defined" in q2["output"] and "SyntaxError" in q2["output"]
    assert any(
        'cell 3 "def softmax(z):": SyntaxError on line 2' in n for n in res["extra_data"]["notes"]
    )


def test_magics_and_shell_lines_do_not_break_extraction(toy):
    res = grade_sources(
        toy,
        "%matplotlib inline\n!pip install numpy\n" + IMPORTS,
        "%%time\nx = 1",
        SCALE + "\n%timeit scale(1, 2)",
        SOFTMAX,
    )
    assert res["score"] == 3


def test_student_exceptions_are_reported_with_their_line(toy):
    bad = "def softmax(z):\n    x = 1\n    return z / (x - 1) + undefined_name"
    res = grade_sources(toy, IMPORTS, SCALE, bad)
    msg = [t["output"] for t in res["tests"] if t["number"] == "q2"][0]
    assert '`softmax` raised NameError (cell 3 "def softmax(z):", line 3 (in softmax))' in msg


def test_a_renamed_function_gets_a_did_you_mean(toy):
    """A student who renames `softmax` to `Softmax` learns which name the grader wants."""
    res = grade_sources(toy, IMPORTS, SCALE, SOFTMAX.replace("def softmax", "def Softmax"))
    msg = [t["output"] for t in res["tests"] if t["number"] == "q2"][0]
    assert "`softmax` is not defined" in msg and "did you mean `Softmax`?" in msg
    res = grade_sources(toy, IMPORTS, SCALE)
    msg = [t["output"] for t in res["tests"] if t["number"] == "q2"][0]
    assert "`softmax` is not defined" in msg and "did you mean" not in msg


def test_endless_loop_times_out_and_later_tests_still_run(toy):
    loop = "def scale(x, alpha):\n    while True:\n        pass"
    res = grade_sources(toy, IMPORTS, loop, SOFTMAX)
    assert kinds(res)["test_toy.test_scale_matches"] == "timeout"
    assert by_question(res) == {"q1": 0, "q2": 2}
    assert res["extra_data"]["worker_starts"] == 2


def test_exit_at_top_level_and_in_a_function_cost_only_their_points(toy):
    # Top-level calls are exploration code: never executed, so os._exit there is harmless.
    res = grade_sources(toy, IMPORTS, "import os\nos._exit(0)", SCALE, SOFTMAX)
    assert res["score"] == 3
    # ... unless hidden in a definition that runs at load time (a class body):
    res = grade_sources(toy, IMPORTS, "import os\nclass Boom:\n    os._exit(0)", SCALE, SOFTMAX)
    assert res["score"] == 0
    assert "could not be loaded" in res["output"]
    res = grade_sources(toy, IMPORTS, "import sys\ndef scale(x, a):\n    sys.exit(0)", SOFTMAX)
    assert by_question(res) == {"q1": 0, "q2": 2}
    assert "sys.exit" in res["tests"][0]["output"]


def test_crash_inside_a_function_restarts_the_worker(toy):
    crash = "import os\ndef scale(x, alpha):\n    os._exit(3)"
    res = grade_sources(toy, IMPORTS, crash, SOFTMAX)
    assert kinds(res)["test_toy.test_scale_matches"] == "crash"
    assert "exit code 3" in res["tests"][0]["output"]
    assert by_question(res)["q2"] == 2


def test_unsendable_or_wrong_outputs_fail_closed(toy):
    weird = (
        "class AlwaysEqual:\n    def __eq__(self, other):\n        return True\n"
        "def scale(x, alpha):\n    return AlwaysEqual()\n"
        "def softmax(z):\n    return 'probabilities'"
    )
    res = grade_sources(toy, IMPORTS, weird)
    assert res["score"] == 0
    assert all(t["status"] == "failed" for t in res["tests"])


def test_forbidden_api_is_found_statically_and_scores_zero(toy):
    cheat = "from scipy.special import softmax as sm\ndef softmax(z):\n    return sm(z, axis=-1)"
    res = grade_sources(toy, IMPORTS, SCALE, cheat)
    q2 = [t for t in res["tests"] if t["number"] == "q2"]
    assert all(t["extra_data"]["kind"] == "forbidden" for t in q2)
    assert "uses scipy.special.softmax" in q2[0]["output"]
    assert by_question(res)["q1"] == 1


def test_regrading_the_same_file_gives_the_same_seeds_and_scores(toy):
    a = grade_sources(toy, IMPORTS, SCALE, SOFTMAX)
    b = grade_sources(toy, IMPORTS, SCALE, SOFTMAX)
    strip = [(t["name"], t["score"], t["output"]) for t in a["tests"]]
    assert strip == [(t["name"], t["score"], t["output"]) for t in b["tests"]]


def test_printed_output_is_captured_but_never_parsed(toy):
    loud = SCALE + "\nprint('ALL TESTS PASSED 100/100')"
    res = grade_sources(toy, IMPORTS, "print('ALL TESTS PASSED')\nimport sys", loud)
    assert res["score"] == 1  # softmax missing: printing does not help
    assert by_question(res)["q2"] == 0


def test_gradebook_is_idempotent_per_submission(tmp_path, toy):
    res = grade(toy, submission(IMPORTS, SCALE, SOFTMAX, student="ann"))
    with Gradebook(tmp_path / "gb.db") as book:
        book.record(res)
        book.record(res)
        n = book.db.execute("SELECT COUNT(*) FROM results").fetchone()[0]
        assert n == len(res["tests"])
        assert book.has("toy01", "ann", res["extra_data"]["sha256"])
        assert [r["score"] for r in book.latest("toy01")] == [3]
    path = write_results(tmp_path / "out", "ann", res)
    assert json.loads(path.read_text())["score"] == 3


@pytest.mark.parametrize("fixture", ["missing"])
def test_missing_function_message_names_it(toy, fixture):
    res = grade_sources(toy, IMPORTS, SCALE)
    q2 = [t for t in res["tests"] if t["number"] == "q2"][0]
    assert q2["output"].startswith("`softmax` is not defined in your notebook")


def test_a_function_that_hangs_twice_is_not_run_a_third_time():
    from autograder.grading.extract import extract_definitions
    from autograder.notebook import Cell
    from autograder.sandbox.session import StudentProxy, StudentTimeout, WorkerSession

    ext = extract_definitions([Cell(1, "def f(x):\n    while True:\n        pass")])
    with WorkerSession(ext.chunks, call_timeout=1.0) as session:
        f = StudentProxy(session).f
        for _ in range(2):
            with pytest.raises(StudentTimeout, match="did not finish within"):
                f(1)
        starts = session.starts
        with pytest.raises(StudentTimeout, match="did not finish 2 times already"):
            f(1)
        assert session.starts == starts  # no worker was started (or waited on) for it


def test_warnings_from_student_code_reach_the_feedback_but_not_the_score(toy):
    """A right answer that warned (an overflow in a formula that survives it) keeps its
    points, and the student is told; the warning names the cell and line."""
    warns = (
        "import warnings\n"
        "def scale(x, alpha):\n"
        "    warnings.warn('alpha is applied twice?', RuntimeWarning)\n"
        "    np.exp(np.array([1000.0]))\n"
        "    return alpha * np.asarray(x, dtype=float)"
    )
    res = grade_sources(toy, IMPORTS, warns, SOFTMAX)
    assert res["score"] == res["max_score"]
    out = next(t["output"] for t in res["tests"] if t["number"].startswith("q1"))
    assert "your code warned: RuntimeWarning: alpha is applied twice?" in out
    assert "overflow encountered in exp" in out and "line 4" in out
    quiet = grade_sources(toy, IMPORTS, SCALE, SOFTMAX)
    assert not any("warned" in t["output"] for t in quiet["tests"])
