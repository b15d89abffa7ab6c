"""np.vdot, np.linalg.norm and np.hypot.reduce: library calls instead of the formulas."""
# medl-alternative: q2
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def inner(u: np.ndarray, v: np.ndarray) -> float:
    return np.vdot(u, v)


def norm(u: np.ndarray) -> float:
    return np.linalg.norm(u)


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    return np.vdot(u / np.linalg.norm(u), v / np.linalg.norm(v))


def distance(u: np.ndarray, v: np.ndarray) -> float:
    return np.hypot.reduce(np.subtract(u, v))
