"""Seeds numpy's legacy global generator (np.random.seed(seed), np.random.randn) instead of
np.random.default_rng(seed): reproducible and still trains to the principal subspace, but it
is not the start the docstring prescribes."""

# medl-breaks: q6
import numpy as np


def train_linear_ae(X, m, lr=0.05, epochs=400, seed=0):
    np.random.seed(seed)
    p = X.shape[1]
    W_enc = 0.1 * np.random.randn(m, p)
    W_dec = 0.1 * np.random.randn(p, m)
    losses = []
    for _ in range(epochs):
        C, dW_enc, dW_dec = ae_loss_and_grads(X, W_enc, W_dec)  # noqa: F821
        losses.append(C)
        W_enc, W_dec = W_enc - lr * dW_enc, W_dec - lr * dW_dec
    return W_enc, W_dec, losses
