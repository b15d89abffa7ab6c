"""Updates w first, then takes db at the NEW w: a Gauss-Seidel sweep, not the prescribed
gradient step. It still trains (about 97% on the tumours) and its costs still fall."""

# medl-breaks: q3
import numpy as np


def train_logistic(X, y, lr=0.5, epochs=200):
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        C, dw, _ = logistic_loss_and_grad(w, b, X, y)  # noqa: F821
        losses.append(C)
        w = w - lr * dw
        _, _, db = logistic_loss_and_grad(w, b, X, y)  # noqa: F821
        b = b - lr * db
    return w, b, losses
