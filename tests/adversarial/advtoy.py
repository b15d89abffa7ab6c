"""A tiny assignment to attack: two one-point questions whose hidden tests and reference
hold a secret that must never reach a result. Calls of ``scale`` (q1) may take 10 s, so that
resource bombs reach their limits even on a loaded machine; calls of ``softmax`` (q2) 2 s.

The secret has a fixed prefix (so attacks can search for it) and a random tail drawn per
test session (so an attack's own source, which may hold the prefix, never holds it whole).
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

PREFIX = "medl-adv-secret-"
AID = "adv01"
FOLDER = "adv01_attack"

TOML = """\
id = "adv01"
slug = "attack"
title = "Adversarial corpus target"
chapter = 0
notebook = "adv01_attack.ipynb"

[grading]
call_timeout_s = 2
load_timeout_s = 20

[[questions]]
id = "q1"
title = "Scale"
points = 1
functions = ["scale"]

[[questions]]
id = "q2"
title = "Softmax"
points = 1
functions = ["softmax"]
"""

HIDDEN = '''\
"""Hidden tests of the adversarial target. {secret}"""
from autograder.api import question
from shared.compare import close

SECRET = "{secret}"


@question("q1", points=1, timeout=10)  # room for bombs to hit their limits on a busy machine
def test_scale(student, reference, rng):
    """Does scale multiply every entry?"""
    x = rng.normal(size=(3, 4))
    close(student.scale(x, 2.5), reference.scale(x, 2.5), what="scale(x, 2.5)")


@question("q2", points=1)
def test_softmax(student, reference, rng):
    """Does softmax match on moderate scores?"""
    z = rng.normal(size=(4, 5)) * 3
    close(student.softmax(z), reference.softmax(z), what="softmax(z)")
'''

SETUP = "import numpy as np"
SCALE = '''\
def scale(x: np.ndarray, alpha: float) -> np.ndarray:
    """alpha * x."""
    return alpha * np.asarray(x, dtype=float)
'''
SOFTMAX = '''\
def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax. z: (N, K) -> (N, K)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
'''
HONEST = (SETUP, SCALE, SOFTMAX)


def notebook_json(cells: list[str]) -> str:
    """An nbformat-4 notebook whose code cells are ``cells``."""
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"c{i}",
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for i, src in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(nb, indent=1)


def make_adv_root(root: Path, secret: str | None = None) -> str:
    """Write ``root/solutions/adv01_attack``; return the secret it holds."""
    secret = secret or PREFIX + secrets.token_hex(16)
    src = root / "solutions" / FOLDER
    (src / "hidden").mkdir(parents=True)
    (src / "data").mkdir()
    (src / "assignment.toml").write_text(TOML)
    (src / "hidden" / "test_adv.py").write_text(HIDDEN.format(secret=secret))
    (src / "data" / "secret.txt").write_text(secret + "\n")
    ref = [SETUP, SCALE, SOFTMAX, f'REFERENCE_NOTE = "{secret}"']
    (src / f"{FOLDER}.ipynb").write_text(notebook_json(ref))
    (root / "autograder").mkdir(exist_ok=True)  # find_root() looks for solutions/ + autograder/
    return secret
