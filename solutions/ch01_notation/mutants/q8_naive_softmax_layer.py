"""The activation table writes its own softmax, exp(z) / sum exp(z), instead of using the
stable softmax of q5: NaN as soon as a layer's scores pass about 709."""
# medl-breaks: q8
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook


def model_III(X: np.ndarray, layers: list) -> np.ndarray:
    acts = {
        "sigmoid": sigmoid,
        "tanh": np.tanh,
        "relu": lambda z: np.maximum(z, 0.0),
        "identity": lambda z: z,
        "softmax": lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
    }
    a = np.asarray(X, dtype=float)
    for W, b, name in layers:
        if name not in acts:
            raise ValueError(f"unknown activation {name!r}")
        a = acts[name](affine(a, W, b))
    return a
