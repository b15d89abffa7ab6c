"""Reading notebooks: every malformed file is one clear line, never a traceback."""

from __future__ import annotations

import json

import nbformat
import pytest

from autograder.errors import SubmissionError
from autograder.grading.extract import extract_definitions
from autograder.notebook import Cell, read_notebook, strip_magics

GOOD = {
    "cells": [
        {
            "cell_type": "code",
            "source": "x = 1",
            "metadata": {},
            "outputs": [],
            "execution_count": None,
        }
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.mark.parametrize(
    "content,match",
    [
        (b"", "empty"),
        (b"hello", "not valid JSON"),
        (json.dumps(GOOD).encode()[:40], "truncated"),
        (b"\xff\xfe\x00bin", "not UTF-8"),
        (b"[1, 2]", "not a Jupyter notebook"),
        (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "format 3"),
        (json.dumps({**GOOD, "cells": []}).encode(), "no cells"),
        (
            json.dumps({**GOOD, "cells": [{"cell_type": "code", "source": 5}]}).encode(),
            "cell 1 has a source that is not text",
        ),
        (json.dumps({**GOOD, "cells": ["x"]}).encode(), "cell 1 is not a notebook cell"),
    ],
)
def test_malformed_notebooks_give_one_line(tmp_path, content, match):
    p = tmp_path / "sub.ipynb"
    p.write_bytes(content)
    with pytest.raises(SubmissionError, match=match) as info:
        read_notebook(p)
    assert "\n" not in str(info.value) and "sub.ipynb" in str(info.value)


def test_missing_metadata_is_tolerated(tmp_path):
    nb = {k: v for k, v in GOOD.items() if k != "metadata"}
    p = tmp_path / "ok.ipynb"
    p.write_text(json.dumps(nb))
    assert read_notebook(p).cells[0].source == "x = 1"


def test_list_sources_are_joined(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a = 1\nb = 2")])
    raw = json.loads(nbformat.writes(nb))
    raw["cells"][0]["source"] = ["a = 1\n", "b = 2"]
    p = tmp_path / "list.ipynb"
    p.write_text(json.dumps(raw))
    assert read_notebook(p).cells[0].source == "a = 1\nb = 2"


def test_symlinks_and_huge_files_are_refused(tmp_path, monkeypatch):
    real = tmp_path / "real.ipynb"
    real.write_text(json.dumps(GOOD))
    link = tmp_path / "link.ipynb"
    link.symlink_to(real)
    with pytest.raises(SubmissionError, match="symbolic link"):
        read_notebook(link)
    monkeypatch.setattr("autograder.notebook.MAX_BYTES", 10)
    with pytest.raises(SubmissionError, match="over the"):
        read_notebook(real)


def test_magics_and_shell_lines_become_pass_keeping_line_numbers():
    src = "%matplotlib inline\n!pip install foo\nfiles = !ls\ndef f():\n    %timeit 1\n    return 1"
    out = strip_magics(src)
    assert out.split("\n") == ["pass", "pass", "pass", "def f():", "    pass", "    return 1"]
    assert strip_magics("%%time\nx = 1\ny = 2") == "\n\n"
    assert strip_magics("a != b") == "a != b"


def test_extraction_keeps_definitions_and_drops_exploration():
    cells = [
        Cell(
            2,
            "import numpy as np\nEPS = 1e-8\nW = np.array([[1.0]])\nprint('hi')\n"
            "W[0, 0] = 2.0\nnp.pi_copy = 3",
        ),
        Cell(3, "def f(x):\n    return x + EPS\nf(3)\nfor i in range(10**9):\n    pass"),
        Cell(4, "def broken(:\n    pass"),
        Cell(
            5,
            "try:\n    import scipy\nexcept ImportError:\n    scipy = None\nresult = f(2)\n"
            "digit = result[:1]\nACTS = {'f': f}",
        ),
    ]
    ext = extract_definitions(cells)
    kept = [c.source.strip().split("\n")[0] for c in ext.chunks]
    assert kept == [
        "import numpy as np",
        "EPS = 1e-8",
        "W = np.array([[1.0]])",
        "def f(x):",
        "try:",
        "ACTS = {'f': f}",
    ]
    assert len(ext.problems) == 1 and ext.problems[0].startswith(
        'cell 4 "def broken(:": SyntaxError on line 1'
    )
    # chunk line numbers are the student's own
    f_chunk = ext.chunks[3]
    assert f_chunk.cell == 3 and f_chunk.source.split("\n")[f_chunk.lineno - 1] == "def f(x):"
