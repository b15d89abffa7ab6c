"""Writes the softmax inline as exp(z) / sum exp(z) instead of calling the stable softmax of
q5: right for ordinary scores, NaN once a class score exceeds about 709."""
# medl-breaks: q7
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_II(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    E = np.exp(X @ W.T + b)
    return E / E.sum(axis=1, keepdims=True)
