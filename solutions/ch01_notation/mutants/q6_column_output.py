"""Returns an (N, 1) column instead of one probability per sample, shape (N,)."""
# medl-breaks: q6
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_I(X: np.ndarray, w: np.ndarray, b0: float) -> np.ndarray:
    return sigmoid(b0 + X @ w.reshape(-1, 1))
