"""Forgets to add the bias vector b."""
# medl-breaks: q3
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def affine(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return X @ W.T
