"""mse as the mean of row norms squared (np.linalg.norm along axis 1); gd_step as a sum."""
# medl-alternative: q10
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def mse(Y: np.ndarray, Y_hat: np.ndarray) -> float:
    return np.mean(np.linalg.norm(Y - Y_hat, axis=1) ** 2)


def gd_step(theta: np.ndarray, grad: np.ndarray, alpha: float) -> np.ndarray:
    return theta + (-alpha) * grad
