"""Writes the sigmoid inline as e^z / (1 + e^z) instead of calling the stable sigmoid of q4:
right for ordinary scores, NaN (inf / inf) once b0 + w^T x exceeds about 709."""
# medl-breaks: q6
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_I(X: np.ndarray, w: np.ndarray, b0: float) -> np.ndarray:
    e = np.exp(b0 + np.asarray(X, dtype=float) @ w)
    return e / (1.0 + e)
