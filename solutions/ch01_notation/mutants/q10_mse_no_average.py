"""Sums the squared errors over the samples but never divides by N."""
# medl-breaks: q10
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def mse(Y: np.ndarray, Y_hat: np.ndarray) -> float:
    return float(np.sum((Y - Y_hat) ** 2))
