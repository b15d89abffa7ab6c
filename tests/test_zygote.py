"""What a fork server preloads: only listed libraries, chosen from the submission's imports."""

from __future__ import annotations

import pytest

from autograder.errors import UsageError
from autograder.grading.extract import Chunk
from autograder.sandbox.session import WorkerSession
from autograder.sandbox.zygote import HEAVY, heavy_imports


def chunks(*sources: str) -> list[Chunk]:
    return [Chunk(i + 1, 1, src) for i, src in enumerate(sources)]


def test_only_listed_libraries_are_preloaded_and_numpy_always():
    got = heavy_imports(chunks("import os, antigravity, this\nimport my_helpers"))
    assert got == ("numpy",)  # names from a submission never reach the server unlisted


def test_submodules_and_from_imports_are_recognized_in_a_fixed_order():
    got = heavy_imports(
        chunks(
            "import networkx as nx",
            "from sklearn import datasets",
            "import torch.nn.functional as F",
            "def f():\n    import gymnasium\n",  # inside a function: imported when called
        )
    )
    assert got == ("numpy", "sklearn", "sklearn.datasets", "torch", "networkx", "gymnasium")
    assert list(got) == [m for m in HEAVY if m in got]


def test_relative_imports_and_syntax_errors_are_ignored():
    assert heavy_imports(chunks("from . import torch", "def broken(:")) == ("numpy",)


def test_a_misspelled_worker_start_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("MEDL_WORKER_START", "frsh")
    with pytest.raises(UsageError, match="MEDL_WORKER_START='frsh': use auto, fork or fresh"):
        WorkerSession(chunks("x = 1"))
