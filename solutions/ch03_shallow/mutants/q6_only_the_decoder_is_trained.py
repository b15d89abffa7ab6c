"""Only W_dec is updated; the random encoder stays as initialized, so the code space is a
random projection and the decoder cannot reach the principal subspace."""

# medl-breaks: q6
import numpy as np


def train_linear_ae(X, m, lr=0.05, epochs=400, seed=0):
    rng = np.random.default_rng(seed)
    p = X.shape[1]
    W_enc, W_dec = 0.1 * rng.normal(size=(m, p)), 0.1 * rng.normal(size=(p, m))
    losses = []
    for _ in range(epochs):
        C, _, dW_dec = ae_loss_and_grads(X, W_enc, W_dec)  # noqa: F821
        losses.append(C)
        W_dec = W_dec - lr * dW_dec
    return W_enc, W_dec, losses
