"""Copies the book's column-vector form W x + b literally and returns (q, N), not (N, q)."""
# medl-breaks: q3
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def affine(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return W @ X.T + b[:, None]
