"""Backprop of the SUM of the per-sample costs: the 1/N of the mean cost is missing."""
# medl-breaks: q3
# medl-breaks: q3s


def mlp_backward(Y, params, cache, activations, output="softmax"):
    A, Z = cache["a"], cache["z"]
    L = len(params)
    delta = A[L] - Y if output == "softmax" else 2.0 * (A[L] - Y)
    grads = [None] * L
    for l in range(L, 0, -1):
        W = params[l - 1][0]
        grads[l - 1] = (delta.T @ A[l - 1], delta.sum(axis=0))
        if l > 1:
            delta = (delta @ W) * activation_prime(activations[l - 2], Z[l - 2])  # noqa: F821
    return grads
