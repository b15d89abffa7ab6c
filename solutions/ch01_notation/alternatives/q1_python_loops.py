"""Column by column with Python sums, and an explicit test for a constant column."""
# medl-alternative: q1
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def standardize(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    n, p = X.shape
    out = np.zeros((n, p))
    for j in range(p):
        col = [float(x) for x in X[:, j]]
        mean = sum(col) / n
        var = sum((x - mean) ** 2 for x in col) / n
        if var > 0:
            sd = var**0.5
            for i in range(n):
                out[i, j] = (col[i] - mean) / sd
    return out
