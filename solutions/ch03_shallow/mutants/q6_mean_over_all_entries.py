"""The cost averaged over all N p entries (np.mean of the squared residuals) instead of over
the N samples: C and both gradients are p times too small."""

# medl-breaks: q6
import numpy as np


def ae_loss_and_grads(X, W_enc, W_dec):
    H = X @ W_enc.T
    R = H @ W_dec.T - X
    G = 2.0 * R / R.size
    return float(np.mean(R * R)), (G @ W_dec).T @ X, G.T @ H
