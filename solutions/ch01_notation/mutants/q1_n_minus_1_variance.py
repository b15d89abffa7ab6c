"""Divides by N - 1 in the variance (the unbiased sample variance) instead of N as eq. (10)."""
# medl-breaks: q1
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def standardize(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    s = X.std(axis=0, ddof=1)
    return (X - X.mean(axis=0)) / np.where(s > 0, s, 1.0)
