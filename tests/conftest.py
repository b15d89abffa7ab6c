"""Shared fixtures: the repository root, a toy checkout, and a helper to grade sources."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from toy import make_root  # noqa: E402


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def toy_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkout holding only the toy assignment, with its release built."""
    from autograder.authoring.release import build_all

    root = tmp_path_factory.mktemp("toyroot")
    make_root(root)
    build_all(["toy01"], root)
    return root


@pytest.fixture(scope="session")
def toy(toy_root: Path):
    from autograder.authoring.assignment import load_assignment

    return load_assignment("toy01", toy_root)
