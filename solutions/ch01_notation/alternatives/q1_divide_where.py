"""np.std (which divides by N by default) and np.divide(..., where=s > 0) into zeros."""
# medl-alternative: q1
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def standardize(X: np.ndarray) -> np.ndarray:
    centred = X - np.mean(X, axis=0, keepdims=True)
    s = np.std(X, axis=0, keepdims=True)
    return np.divide(centred, s, out=np.zeros_like(centred, dtype=float), where=s > 0)
