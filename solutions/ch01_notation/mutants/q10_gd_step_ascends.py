"""theta + alpha * grad: climbs the loss (gradient ascent) instead of descending."""
# medl-breaks: q10
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def gd_step(theta: np.ndarray, grad: np.ndarray, alpha: float) -> np.ndarray:
    return theta + alpha * grad
