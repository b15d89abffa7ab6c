"""Full-batch gradient descent, one step per epoch: 20 steps are far too few to learn digits."""
# medl-breaks: q7
import numpy as np


def train_mlp(X, y, hidden, activation="relu", epochs=20, lr=0.2, batch_size=50, seed=0):
    K = int(y.max()) + 1
    Y = np.eye(K)[y]
    params = init_params([X.shape[1], *hidden, K], "he", seed)  # noqa: F821
    acts = [activation] * len(hidden)
    losses = []
    for _ in range(epochs):
        C, grads = loss_and_grads(X, Y, params, acts, "softmax")  # noqa: F821
        params = [(W - lr * dW, b - lr * db)
                  for (W, b), (dW, db) in zip(params, grads, strict=True)]
        losses.append(C)
    return params, losses
