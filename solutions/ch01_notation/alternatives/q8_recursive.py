"""Eq. (7) as recursion, f^[L](model(X, first L-1 layers)), with an if-chain over names."""
# medl-alternative: q8
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_III(X: np.ndarray, layers: list) -> np.ndarray:
    if len(layers) == 0:
        return np.asarray(X, dtype=float)
    *first, (W, b, name) = layers
    z = b + model_III(X, first) @ np.transpose(W)
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "identity":
        return z
    if name == "softmax":
        return softmax(z)
    raise ValueError(f"unknown activation {name}")
