"""The start drawn with rng.standard_normal (the same stream as rng.normal), both gradients
taken first and the weights then updated in place; the costs kept in a preallocated array."""

# medl-alternative: q6
import numpy as np


def train_linear_ae(X, m, lr=0.05, epochs=400, seed=0):
    rng = np.random.default_rng(seed)
    p = X.shape[1]
    W_enc = rng.standard_normal((m, p)) * 0.1
    W_dec = rng.standard_normal((p, m)) * 0.1
    losses = np.empty(epochs)
    for t in range(epochs):
        losses[t], dW_enc, dW_dec = ae_loss_and_grads(X, W_enc, W_dec)  # noqa: F821
        W_enc -= lr * dW_enc
        W_dec -= lr * dW_dec
    return W_enc, W_dec, losses
