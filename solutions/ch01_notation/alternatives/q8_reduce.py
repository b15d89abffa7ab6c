"""functools.reduce over the layers, with the activations in a dict of lambdas."""

# medl-alternative: q8
# ruff: noqa: F821 -- np and the notebook's functions come from the notebook
from functools import reduce


def model_III(X: np.ndarray, layers: list) -> np.ndarray:
    s = {
        "sigmoid": lambda z: 1 / (1 + np.exp(-np.clip(z, -700, 700))),
        "tanh": np.tanh,
        "relu": lambda z: z * (z > 0),
        "identity": lambda z: z,
        "softmax": lambda z: softmax(z),
    }
    return reduce(
        lambda a, layer: s[layer[2]](affine(a, layer[0], layer[1])),
        layers,
        np.asarray(X, dtype=float),
    )
