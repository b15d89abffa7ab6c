"""1 / (1 + e^{z}): the sign of the exponent is flipped, which computes sigmoid(-z)."""
# medl-breaks: q4
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(z))
