"""Looks the activation up with dict.get(name, identity): a misspelled or unknown name such as
"Sigmoid" silently gives a linear layer instead of an error."""
# medl-breaks: q8
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_III(X: np.ndarray, layers: list) -> np.ndarray:
    acts = {
        "sigmoid": sigmoid,
        "tanh": np.tanh,
        "relu": lambda z: np.maximum(z, 0.0),
        "softmax": softmax,
    }
    a = np.asarray(X, dtype=float)
    for W, b, name in layers:
        a = acts.get(name, lambda z: z)(affine(a, W, b))
    return a
