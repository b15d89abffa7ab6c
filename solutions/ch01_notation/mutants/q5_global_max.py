"""Subtracts the maximum of the whole batch instead of each row's: rows far below underflow."""
# medl-breaks: q5
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - np.max(Z))
    return E / E.sum(axis=1, keepdims=True)
