"""dW^[l] = a^[l-1]^T delta^[l]: the transpose, of shape (n_(l-1), n_l) instead of W's."""
# medl-breaks: q3


def mlp_backward(Y, params, cache, activations, output="softmax"):
    A, Z = cache["a"], cache["z"]
    L, N = len(params), Y.shape[0]
    delta = (A[L] - Y) / N if output == "softmax" else 2.0 * (A[L] - Y) / N
    grads = [None] * L
    for l in range(L, 0, -1):
        W = params[l - 1][0]
        grads[l - 1] = (A[l - 1].T @ delta, delta.sum(axis=0))
        if l > 1:
            delta = (delta @ W) * activation_prime(activations[l - 2], Z[l - 2])  # noqa: F821
    return grads
