"""Logistic gradient that forgets the bias: db is returned as 0."""
# medl-breaks: q2


def logistic_loss_and_grad(w, b, X, y):
    z = X @ w + b
    r = (sigmoid(z) - y) / X.shape[0]  # noqa: F821
    return bce_from_logits(z, y), X.T @ r, 0.0  # noqa: F821
