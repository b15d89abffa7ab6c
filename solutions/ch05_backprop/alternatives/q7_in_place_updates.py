"""train_mlp written differently: the one-hot labels by fancy assignment, the order's
batches through np.array_split at multiples of batch_size, in-place parameter updates on
copies, and the epoch cost accumulated as a sum over samples. The same recipe, step by step."""
# medl-alternative: q7
import numpy as np


def train_mlp(X, y, hidden, activation="relu", epochs=20, lr=0.2, batch_size=50, seed=0):
    N, p = X.shape
    K = int(np.max(y)) + 1
    Y = np.zeros((N, K))
    Y[np.arange(N), y] = 1.0
    init = "xavier" if activation in {"sigmoid", "tanh"} else "he"
    params = [(W.copy(), b.copy()) for W, b in init_params([p, *hidden, K], init, seed)]  # noqa: F821
    acts = [activation for _ in hidden]
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        order = rng.permutation(N)
        seen = 0.0
        for idx in np.array_split(order, range(batch_size, N, batch_size)):
            C, grads = loss_and_grads(X[idx], Y[idx], params, acts, "softmax")  # noqa: F821
            for (W, b), (dW, db) in zip(params, grads, strict=True):
                W -= lr * dW
                b -= lr * db
            seen += C * idx.size
        losses.append(seen / N)
    return params, losses
