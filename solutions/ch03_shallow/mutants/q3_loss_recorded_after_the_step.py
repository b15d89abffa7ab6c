"""The cost recorded after each step and with a random start: the history misses its first
value (log 2 at w = 0)."""

# medl-breaks: q3
import numpy as np


def train_logistic(X, y, lr=0.5, epochs=200):
    w, b = 0.01 * np.random.default_rng(0).normal(size=X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        _, dw, db = logistic_loss_and_grad(w, b, X, y)  # noqa: F821
        w, b = w - lr * dw, b - lr * db
        losses.append(logistic_loss_and_grad(w, b, X, y)[0])  # noqa: F821
    return w, b, losses
