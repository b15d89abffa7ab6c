"""One sample at a time, b + W x as in eq. (29), stacked into rows."""
# medl-alternative: q3
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def affine(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.stack([b + W @ x for x in X])
