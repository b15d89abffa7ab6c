"""log sigma(z) = -log(1 + e^{-z}) = -logaddexp(0, -z), which numpy evaluates safely."""
# medl-alternative: q4
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))
