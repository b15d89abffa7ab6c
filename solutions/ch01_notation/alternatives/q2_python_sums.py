"""Eqs. (15)-(18) as Python loops with math.sqrt; the cosine written out in full."""

# medl-alternative: q2
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook
import math


def inner(u: np.ndarray, v: np.ndarray) -> float:
    total = 0.0
    for a, b in zip(u, v, strict=True):
        total += a * b
    return total


def norm(u: np.ndarray) -> float:
    return math.sqrt(sum(x * x for x in u))


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    uv = sum(a * b for a, b in zip(u, v, strict=True))
    return uv / (math.sqrt(sum(a * a for a in u)) * math.sqrt(sum(b * b for b in v)))


def distance(u: np.ndarray, v: np.ndarray) -> float:
    return math.sqrt(sum((a - b) ** 2 for a, b in zip(u, v, strict=True)))
