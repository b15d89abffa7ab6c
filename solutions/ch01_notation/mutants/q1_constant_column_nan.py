"""Eq. (13) verbatim: a constant column divides 0 by 0 and comes out as NaN."""
# medl-breaks: q1
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def standardize(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0)
