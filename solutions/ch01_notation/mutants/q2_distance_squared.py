"""distance() returns the squared error ||u - v||^2 of eq. (19), not the distance (18)."""
# medl-breaks: q2
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def distance(u: np.ndarray, v: np.ndarray) -> float:
    d = np.asarray(u, dtype=float) - np.asarray(v, dtype=float)
    return float(np.sum(d**2))
