"""Shifts each row by its mean instead of its maximum: the exponents are centred, so scores
spread around a huge level survive, but one score far above the others still overflows."""
# medl-breaks: q5
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def softmax(Z: np.ndarray) -> np.ndarray:
    E = np.exp(Z - Z.mean(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
