"""sigma' evaluated at the cached activation a^[l] instead of the pre-activation z^[l].

Harmless for ReLU (a > 0 exactly where z > 0) but wrong for sigmoid, tanh and softplus.
"""
# medl-breaks: q3


def mlp_backward(Y, params, cache, activations, output="softmax"):
    A = cache["a"]
    L, N = len(params), Y.shape[0]
    delta = (A[L] - Y) / N if output == "softmax" else 2.0 * (A[L] - Y) / N
    grads = [None] * L
    for l in range(L, 0, -1):
        W = params[l - 1][0]
        grads[l - 1] = (delta.T @ A[l - 1], delta.sum(axis=0))
        if l > 1:
            delta = (delta @ W) * activation_prime(activations[l - 2], A[l - 1])  # noqa: F821
    return grads
