"""Fixtures of the adversarial suite: the target assignment with its secret, and a
course secret in the grader's environment that must not leak either."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from advtoy import make_adv_root  # noqa: E402


@pytest.fixture(scope="session")
def adv_root(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(checkout root holding only adv01, the secret in its hidden tests and reference)."""
    root = tmp_path_factory.mktemp("advroot")
    return root, make_adv_root(root)


@pytest.fixture(scope="session")
def adv(adv_root: tuple[Path, str]):
    from autograder.authoring.assignment import load_assignment

    return load_assignment("adv01", adv_root[0])
