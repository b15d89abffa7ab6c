"""Gradient summed over the samples while the cost is their mean: N times too large."""
# medl-breaks: q2


def logistic_loss_and_grad(w, b, X, y):
    z = X @ w + b
    r = sigmoid(z) - y  # noqa: F821
    return bce_from_logits(z, y), X.T @ r, float(r.sum())  # noqa: F821
