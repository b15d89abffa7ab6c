"""assignment.toml: named forbidden sets expand in place; mistakes are one-line errors."""

from __future__ import annotations

import pytest

from autograder.authoring.assignment import load_assignment
from autograder.errors import UsageError

HEAD = """\
id = "zz01"
slug = "sets"
title = "Sets"
notebook = "zz01_sets.ipynb"
"""


def _write(tmp_path, body: str):
    src = tmp_path / "solutions" / "zz01_sets"
    src.mkdir(parents=True)
    (src / "assignment.toml").write_text(HEAD + body)
    (tmp_path / "autograder").mkdir()
    return tmp_path


def test_named_sets_expand_in_order_without_repeats(tmp_path):
    root = _write(
        tmp_path,
        """
[forbidden_sets]
conv = ["torch.conv2d", ".conv2d"]
pool = [".max_pool2d"]

[[questions]]
id = "q1"
points = 1
forbidden = ["@conv", "torch.ops", ".conv2d", "@pool"]
""",
    )
    q = load_assignment("zz01", root).question("q1")
    assert q.forbidden == ("torch.conv2d", ".conv2d", "torch.ops", ".max_pool2d")


@pytest.mark.parametrize(
    "body,words",
    [
        ('[[questions]]\nid = "q1"\npoints = 1\nforbidden = ["@nope"]\n', "unknown set '@nope'"),
        (
            '[forbidden_sets]\nconv = "torch.conv2d"\n[[questions]]\nid = "q1"\npoints = 1\n',
            "[forbidden_sets] must map names to lists of strings",
        ),
    ],
)
def test_bad_sets_are_one_line_errors(tmp_path, body, words):
    root = _write(tmp_path, body)
    with pytest.raises(UsageError) as info:
        load_assignment("zz01", root)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_ch06_writes_its_conv_list_once(repo_root):
    text = (repo_root / "solutions" / "ch06_cnn" / "assignment.toml").read_text()
    assert text.count('"torch.nn.functional.conv2d"') == 1  # written once, in [forbidden_sets]
    a = load_assignment("ch06", repo_root)
    assert all("torch.nn.functional.conv2d" in a.question(q).forbidden for q in ("q1", "q2", "q3"))
