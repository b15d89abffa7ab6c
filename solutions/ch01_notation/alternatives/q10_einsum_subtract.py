"""mse via np.einsum of the residuals with themselves; gd_step via np.subtract in place."""
# medl-alternative: q10
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def mse(Y: np.ndarray, Y_hat: np.ndarray) -> float:
    r = np.asarray(Y, dtype=float) - Y_hat
    return np.einsum("nk,nk->", r, r) / r.shape[0]


def gd_step(theta: np.ndarray, grad: np.ndarray, alpha: float) -> np.ndarray:
    new = np.array(theta, dtype=float, copy=True)
    np.subtract(new, alpha * np.asarray(grad), out=new)
    return new
