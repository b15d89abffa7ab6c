"""``medl report``: one self-contained page with plots, and per-student feedback pages."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import submission

from autograder.cli import main
from autograder.course.gradebook import Gradebook
from autograder.course.report.data import message_pattern, speed_ratios
from autograder.grading.runner import grade

IMPORTS = "import numpy as np"
SCALE = "def scale(x, alpha):\n    return alpha * np.asarray(x, dtype=float)"
SOFTMAX = (
    "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)"
)
UNSTABLE = "def softmax(z):\n    e = np.exp(z)\n    return e / e.sum(axis=-1, keepdims=True)"
SCRIPTY = "def scale(x, alpha):\n    raise ValueError('<script>alert(1)</script>')"


def make_gradebook(tmp_path: Path, toy, ratios: bool = True) -> Path:
    """Grade four real toy submissions into a gradebook; add speed ratios to q2's tests."""
    db = tmp_path / "gb.db"
    subs = {
        "ann": (IMPORTS, SCALE, SOFTMAX),
        "bob": (IMPORTS, SCALE, UNSTABLE),
        "cy": (IMPORTS, SCRIPTY, SOFTMAX),
        "dee": (IMPORTS, SCALE),
    }
    with Gradebook(db) as book:
        for i, (name, cells) in enumerate(subs.items()):
            res = grade(toy, submission(*cells, student=name))
            for t in res["tests"]:
                if ratios and t["number"] == "q2":
                    t["extra_data"]["ratio"] = 1.1 + 0.7 * i
            book.record(res)
    return db


def test_report_is_one_self_contained_page_with_every_section(tmp_path, toy):
    db = make_gradebook(tmp_path, toy)
    out = tmp_path / "r" / "report.html"
    assert main(["report", str(db), "--out", str(out), "--students", str(tmp_path / "s")]) == 0
    html = out.read_text()
    for heading in (
        "Score histogram",
        "Pass rate per question",
        "Most common failure messages",
        "Measured speed ratios",
        "Students",
    ):
        assert heading in html
    srcs = re.findall(r'(?:src|href)="([^"]+)"', html)
    images = [s for s in srcs if s.startswith("data:")]
    assert len(images) == 3 and all(s.startswith("data:image/png;base64,") for s in images)
    assert all(s.startswith(("data:", "../s/")) for s in srcs), srcs  # nothing fetched
    assert "<script" not in html
    assert "test_toy.test_softmax_huge" in html  # the test with measured ratios
    assert '<a href="../s/ann.html">' in html


def test_student_page_shows_feedback_escaped_and_only_their_own(tmp_path, toy):
    db = make_gradebook(tmp_path, toy)
    main(
        [
            "report",
            str(db),
            "--out",
            str(tmp_path / "report.html"),
            "--students",
            str(tmp_path / "s"),
        ]
    )
    pages = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert pages == ["ann.html", "bob.html", "cy.html", "dee.html"]
    cy = (tmp_path / "s" / "cy.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in cy and "<script>" not in cy
    assert "Feedback for cy" in cy and "toy01: 2 / 3" in cy
    assert "bob" not in cy and "ann" not in cy
    bob = (tmp_path / "s" / "bob.html").read_text()
    assert "Is softmax stable when |z| ~ 1000?" in bob and "NaN" in bob


def test_report_without_speed_ratios_says_so(tmp_path, toy):
    db = make_gradebook(tmp_path, toy, ratios=False)
    out = tmp_path / "report.html"
    assert main(["report", str(db), "--out", str(out)]) == 0
    html = out.read_text()
    assert "No speed ratios recorded for toy01" in html
    assert html.count("data:image/png;base64,") == 2


def test_report_on_a_missing_gradebook_is_a_usage_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "none.db"), "--out", str(tmp_path / "r.html")]) == 2
    assert "no such gradebook" in capsys.readouterr().err


def test_failure_messages_group_by_pattern_and_ratios_are_validated():
    a = message_pattern("softmax(z): worst entry (2, 3): got 0.5, want 0.25\nmore")
    b = message_pattern("softmax(z): worst entry (0, 1): got 1e-3, want 7")
    assert a == b == "softmax(z): worst entry (#, #): got #, want #"
    assert speed_ratios({"ratio": 2.5}) == [2.5]
    assert speed_ratios({"ratios": [1.0, float("nan"), -1, "x", True]}) == [1.0]
    assert speed_ratios({}) == []
