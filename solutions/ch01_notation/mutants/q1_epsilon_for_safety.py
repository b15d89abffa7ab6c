"""Adds 1e-8 to s_j "for safety" instead of treating s_j = 0 apart: right for ordinary scales,
but a feature measured on a scale of 1e-9 comes out 10 times too small."""
# medl-breaks: q1
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def standardize(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-8)
