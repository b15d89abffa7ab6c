"""sigmoid as e^z / (1 + e^z): inf / inf = NaN for z above ~709."""
# medl-breaks: q4
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(np.asarray(z, dtype=float))
    return e / (1.0 + e)
