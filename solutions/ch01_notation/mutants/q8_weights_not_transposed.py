"""Multiplies a @ W instead of a @ W.T: the shapes only work for square layers."""
# medl-breaks: q8
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_III(X: np.ndarray, layers: list) -> np.ndarray:
    acts = {
        "sigmoid": sigmoid,
        "tanh": np.tanh,
        "relu": lambda z: np.maximum(z, 0.0),
        "identity": lambda z: z,
        "softmax": softmax,
    }
    a = X
    for W, b, name in layers:
        a = acts[name](a @ W + b)
    return a
