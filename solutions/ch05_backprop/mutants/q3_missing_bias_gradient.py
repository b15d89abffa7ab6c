"""Backprop that forgets the biases: db^[l] is left at zero."""
# medl-breaks: q3
import numpy as np


def mlp_backward(Y, params, cache, activations, output="softmax"):
    A, Z = cache["a"], cache["z"]
    L, N = len(params), Y.shape[0]
    delta = (A[L] - Y) / N if output == "softmax" else 2.0 * (A[L] - Y) / N
    grads = [None] * L
    for l in range(L, 0, -1):
        W, b = params[l - 1]
        grads[l - 1] = (delta.T @ A[l - 1], np.zeros_like(b))
        if l > 1:
            delta = (delta @ W) * activation_prime(activations[l - 2], Z[l - 2])  # noqa: F821
    return grads
