"""Starts from He weights whatever the activation: tanh layers still train, but the recipe
starts sigmoid and tanh networks from Xavier weights."""
# medl-breaks: q7
import numpy as np


def train_mlp(X, y, hidden, activation="relu", epochs=20, lr=0.2, batch_size=50, seed=0):
    N = X.shape[0]
    K = int(y.max()) + 1
    Y = np.eye(K)[y]
    params = init_params([X.shape[1], *hidden, K], "he", seed)  # noqa: F821
    acts = [activation] * len(hidden)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(N)
        total = 0.0
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            C, grads = loss_and_grads(X[idx], Y[idx], params, acts, "softmax")  # noqa: F821
            params = [(W - lr * dW, b - lr * db)
                      for (W, b), (dW, db) in zip(params, grads, strict=True)]
            total += C * len(idx)
        losses.append(total / N)
    return params, losses
