"""Writes its own softmax inline and normalizes over the batch axis (axis 0)."""
# medl-breaks: q7
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_II(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    Z = X @ W.T + b
    E = np.exp(Z - Z.max())
    return E / E.sum(axis=0)
