"""Standardizes each sample (row, axis=1) instead of each feature (column, axis=0)."""
# medl-breaks: q1
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def standardize(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=1, keepdims=True)
    s = X.std(axis=1, keepdims=True)
    return (X - mean) / np.where(s > 0, s, 1.0)
