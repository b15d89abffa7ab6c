"""Scores X @ W + b: fails when K != p and is silently wrong when W is square."""
# medl-breaks: q7
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_II(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return softmax(X @ W + b)
