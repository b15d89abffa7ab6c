"""d||r||^2/dr taken as r instead of 2 r: both gradients are half the true ones."""

# medl-breaks: q6
import numpy as np


def ae_loss_and_grads(X, W_enc, W_dec):
    N = X.shape[0]
    H = X @ W_enc.T
    R = H @ W_dec.T - X
    G = R / N
    return float(np.sum(R * R) / N), (G @ W_dec).T @ X, G.T @ H
