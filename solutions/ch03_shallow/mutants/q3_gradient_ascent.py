"""The update adds the gradient: gradient ascent, the cost grows every step."""

# medl-breaks: q3
import numpy as np


def train_logistic(X, y, lr=0.5, epochs=200):
    w, b = np.zeros(X.shape[1]), 0.0
    losses = []
    for _ in range(epochs):
        C, dw, db = logistic_loss_and_grad(w, b, X, y)  # noqa: F821
        losses.append(C)
        w, b = w + lr * dw, b + lr * db
    return w, b, losses
