"""Returns the last layer's scores b^[L] + W^[L] a^[L-1], forgetting its activation S^[L]."""
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
    for ell, (W, b, name) in enumerate(layers):
        z = affine(a, W, b)
        a = z if ell == len(layers) - 1 else acts[name](z)
    return a
