"""inner() returns the element-wise (Hadamard) product u * v instead of its sum."""
# medl-breaks: q2
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def inner(u: np.ndarray, v: np.ndarray) -> float:
    return np.asarray(u) * np.asarray(v)
