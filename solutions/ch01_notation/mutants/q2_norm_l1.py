"""norm() sums absolute values (the L1 norm) instead of sqrt of the sum of squares (eq. 16)."""
# medl-breaks: q2
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def norm(u: np.ndarray) -> float:
    return float(np.sum(np.abs(u)))
