"""Applies the sigmoid to every class score: each entry is in (0, 1) but rows do not sum to 1."""
# medl-breaks: q7
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_II(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return sigmoid(affine(X, W, b))
