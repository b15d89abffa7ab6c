"""The identity sigma(z) = (1 + tanh(z / 2)) / 2; tanh never overflows."""
# medl-alternative: q4
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))
