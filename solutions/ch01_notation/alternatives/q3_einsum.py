"""Z[n, k] = b[k] + sum_j W[k, j] X[n, j] with np.einsum."""
# medl-alternative: q3
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def affine(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("kj,nj->nk", W, X) + b
