"""Z - Z.max(axis=1) without keepdims: broadcasts across columns (an error unless N = K)."""
# medl-breaks: q5
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.max(axis=1))
    return E / E.sum(axis=1, keepdims=True)
