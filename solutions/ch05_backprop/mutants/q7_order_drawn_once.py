"""Shuffles once, before the first epoch, and then visits the samples in that same order every
epoch: it trains about as well, but it is not the recipe (a fresh rng.permutation(N) at the
start of every epoch)."""
# medl-breaks: q7
import numpy as np


def train_mlp(X, y, hidden, activation="relu", epochs=20, lr=0.2, batch_size=50, seed=0):
    N = X.shape[0]
    K = int(y.max()) + 1
    Y = np.eye(K)[y]
    method = "xavier" if activation in ("sigmoid", "tanh") else "he"
    params = init_params([X.shape[1], *hidden, K], method, seed)  # noqa: F821
    acts = [activation] * len(hidden)
    order = np.random.default_rng(seed).permutation(N)
    losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            C, grads = loss_and_grads(X[idx], Y[idx], params, acts, "softmax")  # noqa: F821
            params = [(W - lr * dW, b - lr * db)
                      for (W, b), (dW, db) in zip(params, grads, strict=True)]
            total += C * len(idx)
        losses.append(total / N)
    return params, losses
