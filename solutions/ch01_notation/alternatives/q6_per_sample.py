"""Model I one sample at a time from eq. (2), using the notebook's sigmoid on scalars."""
# medl-alternative: q6
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_I(X: np.ndarray, w: np.ndarray, b0: float) -> np.ndarray:
    return np.array(
        [float(sigmoid(b0 + sum(wi * xi for wi, xi in zip(w, x, strict=True)))) for x in X]
    )
