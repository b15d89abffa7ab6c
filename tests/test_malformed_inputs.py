"""Malformed submissions through the real command line, in one batch.

Every kind of broken file gets its own results.json with a zero and one clear line, the
batch goes on (the good notebook beside them scores full marks), nothing prints a
traceback, and nothing is written outside the output folder. A zip with ``../`` and
absolute entry names is graded from its safe entries only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

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


def _nb(cells: list) -> bytes:
    return json.dumps({**GOOD, "cells": cells}).encode()


def _code(src: object) -> dict:
    return {
        "cell_type": "code",
        "source": src,
        "metadata": {},
        "outputs": [],
        "execution_count": None,
    }


# file name -> (content, a fragment of the one-line message). None: written specially.
MALFORMED: dict[str, tuple[bytes | None, str]] = {
    "empty": (b"", "the file is empty"),
    "not_json": (b"print('hello')\n", "not valid JSON"),
    "truncated": (json.dumps(GOOD).encode()[:60], "truncated"),
    "nbformat3": (
        json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [], "metadata": {}}).encode(),
        "format 3 is not supported",
    ),
    "nbformat_string": (json.dumps({**GOOD, "nbformat": "4"}).encode(), "format '4'"),
    "source_int": (_nb([_code(5)]), "cell 1 has a source that is not text"),
    "source_list_of_ints": (_nb([_code([1, 2])]), "cell 1 has a source that is not text"),
    "huge_200mb": (None, "MB is over the 20 MB limit"),
    "binary": (bytes(range(256)) * 64, "not UTF-8"),
    "zip_renamed": (None, "not UTF-8"),
    "ten_thousand_cells": (_nb([_code("x = 1")] * 10_000), "10000 cells is over the limit"),
    "latin1": (
        json.dumps({**GOOD, "cells": [_code("s = 'café'")]}, ensure_ascii=False).encode("latin-1"),
        "not UTF-8",
    ),
    "utf16": (json.dumps(GOOD).encode("utf-16"), "not UTF-8"),
    "deeply_nested": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "json_array": (b"[1, 2, 3]", "not a Jupyter notebook"),
    "json_string": (b'"cells"', "not a Jupyter notebook"),
    "no_cells": (_nb([]), "the notebook has no cells"),
    "cells_not_list": (json.dumps({**GOOD, "cells": {"a": 1}}).encode(), "'cells' is not a list"),
    "cell_not_dict": (_nb(["x = 1"]), "cell 1 is not a notebook cell"),
    "huge_integer": (
        b'{"nbformat": 4, "cells": [], "x": ' + b"9" * 5000 + b"}",
        "not valid notebook JSON",
    ),
    "symlink": (None, "is a symbolic link"),
}


def _write_inputs(folder: Path, good: Path) -> None:
    folder.mkdir()
    for name, (content, _) in MALFORMED.items():
        path = folder / f"{name}.ipynb"
        if content is not None:
            path.write_bytes(content)
    with open(folder / "huge_200mb.ipynb", "wb") as f:  # sparse: instant, no disk used
        f.truncate(200 * 2**20)
    zbytes = folder.parent / "tmp.zip"
    with zipfile.ZipFile(zbytes, "w") as z:
        z.writestr("a.ipynb", json.dumps(GOOD))
    (folder / "zip_renamed.ipynb").write_bytes(zbytes.read_bytes())
    zbytes.unlink()
    (folder / "symlink.ipynb").symlink_to(good)
    (folder / "good.ipynb").write_bytes(good.read_bytes())


def _snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, toy_root: Path, toy) -> dict:
    """Grade the malformed folder and a hostile zip with ``medl grade``; what came out."""
    tmp_path = tmp_path_factory.mktemp("malformed")
    inputs = tmp_path / "inputs"
    _write_inputs(inputs, toy.solution_notebook)
    zpath = tmp_path / "hostile.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        z.writestr("../../medl-adv-escape.ipynb", json.dumps(GOOD))
        z.writestr("/tmp/medl-adv-absolute.ipynb", json.dumps(GOOD))
        z.writestr("subs/zipped_ok.ipynb", toy.solution_notebook.read_text())
    work = tmp_path / "work"
    work.mkdir()
    before = _snapshot(tmp_path)
    env = {**os.environ, "MEDL_ROOT": str(toy_root)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder.cli",
            "grade",
            "toy01",
            str(inputs),
            str(zpath),
            "--out",
            str(work / "out"),
            "--jobs",
            "2",
            "--quiet",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    after = _snapshot(tmp_path)
    return {"proc": proc, "out": work / "out", "new": after - before, "tmp": tmp_path}


def test_every_malformed_file_is_one_clear_zero_and_the_batch_goes_on(batch):
    proc, out = batch["proc"], batch["out"]
    text = proc.stdout + proc.stderr
    assert proc.returncode == 0, text[-3000:]
    assert "Traceback" not in text
    for name, (_, fragment) in MALFORMED.items():
        path = out / name / "results.json"
        assert path.is_file(), f"{name}: no results ({text[-2000:]})"
        res = json.loads(path.read_text())
        assert res["score"] == 0, name
        messages = {t["output"] for t in res["tests"]}
        assert len(messages) == 1, (name, messages)
        (msg,) = messages
        assert fragment in msg and "\n" not in msg, (name, msg)
        assert {t["extra_data"]["kind"] for t in res["tests"]} == {"unreadable"}
    good = json.loads((out / "good" / "results.json").read_text())
    assert good["score"] == good["max_score"] == 3


def test_nothing_is_written_outside_the_output_folder(batch):
    outside = [p for p in batch["new"] if not p.startswith(os.path.join("work", "out"))]
    assert outside == [] or outside == ["work/out"], outside
    assert not list(Path("/tmp").glob("medl-adv-*"))
    assert not (batch["tmp"].parent / "medl-adv-escape.ipynb").exists()


def test_a_zip_with_path_traversal_is_graded_from_its_safe_entries(batch):
    text = batch["proc"].stdout + batch["proc"].stderr
    assert "medl-adv-escape" in text and "medl-adv-absolute" in text  # reported as rejected
    ok = json.loads((batch["out"] / "zipped_ok" / "results.json").read_text())
    assert ok["score"] == 3


def test_a_notebook_with_a_utf8_bom_still_grades(tmp_path, toy):
    from autograder.notebook import read_notebook

    p = tmp_path / "bom.ipynb"
    p.write_bytes(b"\xef\xbb\xbf" + toy.solution_notebook.read_bytes())
    assert len(read_notebook(p).cells) == len(nbformat.read(toy.solution_notebook, 4).cells)


@pytest.mark.parametrize(
    "make,fragment",
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: p.symlink_to(p.parent / "nowhere.ipynb"), "is a symbolic link"),
        (lambda p: None, "no such file"),
    ],
)
def test_things_that_are_not_files_are_refused_without_reading(tmp_path, make, fragment):
    from autograder.errors import SubmissionError
    from autograder.notebook import read_notebook

    p = tmp_path / "x\nweird.ipynb"
    make(p)
    with pytest.raises(SubmissionError, match=fragment) as info:
        read_notebook(p)
    assert "\n" not in str(info.value)
