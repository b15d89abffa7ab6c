"""Softmax exactly as eq. (4), without subtracting the row maximum: overflows for |z| ~ 1000."""
# medl-breaks: q5
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
