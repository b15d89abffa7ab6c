"""Model I without the bias b0: sigmoid(w^T x)."""
# medl-breaks: q6
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_I(X: np.ndarray, w: np.ndarray, b0: float) -> np.ndarray:
    return sigmoid(X @ w)
