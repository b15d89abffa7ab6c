"""Records each epoch's cost as the plain mean of its mini-batch costs: the last, smaller
batch counts as much as a full one (the recipe weights each cost by the batch's size)."""
# medl-breaks: q7
import numpy as np


def train_mlp(X, y, hidden, activation="relu", epochs=20, lr=0.2, batch_size=50, seed=0):
    N = X.shape[0]
    K = int(y.max()) + 1
    Y = np.eye(K)[y]
    method = "xavier" if activation in ("sigmoid", "tanh") else "he"
    params = init_params([X.shape[1], *hidden, K], method, seed)  # noqa: F821
    acts = [activation] * len(hidden)
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(N)
        costs = []
        for start in range(0, N, batch_size):
            idx = order[start:start + batch_size]
            C, grads = loss_and_grads(X[idx], Y[idx], params, acts, "softmax")  # noqa: F821
            params = [(W - lr * dW, b - lr * db)
                      for (W, b), (dW, db) in zip(params, grads, strict=True)]
            costs.append(C)
        losses.append(float(np.mean(costs)))
    return params, losses
