"""Backprop one sample at a time: correct, but a Python loop over the batch.

Full marks on q3 (the gradients are right) and on the training question; it is expected to
lose only the speed points: the grader keeps speed in its own question, q3s, which times
loss_and_grads (calling this mlp_backward) against the vectorized reference.
"""
# medl-alternative: q3
# medl-alternative: q7
# medl-breaks: q3s
import numpy as np


def mlp_backward(Y, params, cache, activations, output="softmax"):
    A, Z = cache["a"], cache["z"]
    L, N = len(params), Y.shape[0]
    grads = [[np.zeros_like(W), np.zeros_like(b)] for W, b in params]
    for i in range(N):
        delta = A[L][i] - Y[i]  # (K,): dC_i/dz^[L] for sample i
        if output != "softmax":
            delta = 2.0 * delta
        delta = delta / N
        for l in range(L, 0, -1):
            W = params[l - 1][0]
            grads[l - 1][0] += np.outer(delta, A[l - 1][i])
            grads[l - 1][1] += delta
            if l > 1:
                delta = (W.T @ delta) * activation_prime(activations[l - 2], Z[l - 2][i])  # noqa: F821
    return [(dW, db) for dW, db in grads]
