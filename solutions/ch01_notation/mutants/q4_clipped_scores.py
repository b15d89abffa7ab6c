"""Avoids overflow by clipping z to [-10, 10], which also changes the values near 0 and 1."""
# medl-breaks: q4
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -10.0, 10.0)))
