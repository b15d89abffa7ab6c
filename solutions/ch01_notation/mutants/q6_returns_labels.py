"""Applies the decision rule (3) with tau = 0.5 and returns 0/1 labels, not probabilities."""
# medl-breaks: q6
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_I(X: np.ndarray, w: np.ndarray, b0: float) -> np.ndarray:
    return (sigmoid(b0 + X @ w) > 0.5).astype(float)
