"""mlp_forward applies the softmax when output == "softmax" and the identity for any other
name, so a typo silently returns raw scores."""
# medl-breaks: q2
import numpy as np


def mlp_forward(X, params, activations, output="softmax"):
    L = len(params)
    a = np.asarray(X, dtype=float)
    A, Z = [a], []
    for l, (W, b) in enumerate(params, start=1):
        z = a @ W.T + b
        if l < L:
            a = activation(activations[l - 1], z)  # noqa: F821
        else:
            a = softmax(z) if output == "softmax" else z  # noqa: F821
        Z.append(z)
        A.append(a)
    return a, {"a": A, "z": Z}
