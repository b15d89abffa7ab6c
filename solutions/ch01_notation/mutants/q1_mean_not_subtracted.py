"""Scales every column by its standard deviation but never subtracts the column mean."""
# medl-breaks: q1
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def standardize(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    s = X.std(axis=0)
    return X / np.where(s > 0, s, 1.0)
