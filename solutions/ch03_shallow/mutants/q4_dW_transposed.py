"""dW computed as X^T (Y_hat - Y) / N: shape (p, K), the transpose of W's."""

# medl-breaks: q4
import numpy as np


def softmax_loss_and_grads(W, b, X, y):
    N, K = X.shape[0], W.shape[0]
    P = softmax(X @ W.T + b)  # noqa: F821
    C = -float(np.mean(np.log(P[np.arange(N), y])))
    G = (P - one_hot(y, K)) / N  # noqa: F821
    return C, X.T @ G, G.sum(axis=0)
