"""theta - grad: ignores the learning rate alpha."""
# medl-breaks: q10
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def gd_step(theta: np.ndarray, grad: np.ndarray, alpha: float) -> np.ndarray:
    return theta - grad
