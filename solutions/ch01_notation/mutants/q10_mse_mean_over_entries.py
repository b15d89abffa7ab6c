"""np.mean((Y - Y_hat)**2): averages over all N*K entries, i.e. divides eq. (20) by K too."""
# medl-breaks: q10
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def mse(Y: np.ndarray, Y_hat: np.ndarray) -> float:
    return float(np.mean((Y - Y_hat) ** 2))
