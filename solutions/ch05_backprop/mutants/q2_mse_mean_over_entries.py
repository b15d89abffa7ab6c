"""Mean squared error averaged over all N*K entries (np.mean) instead of over the N samples."""
# medl-breaks: q2
import numpy as np


def cost(Y_hat: np.ndarray, Y: np.ndarray, output: str = "softmax") -> float:
    N = Y.shape[0]
    if output == "softmax":
        return float(-np.sum(Y * np.log(np.clip(Y_hat, 1e-300, None))) / N)
    return float(np.mean((Y_hat - Y) ** 2))
