"""Off by one: the loop stops before the last layer (range(len(layers) - 1))."""
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
    for ell in range(len(layers) - 1):
        W, b, name = layers[ell]
        a = acts[name](affine(a, W, b))
    return a
