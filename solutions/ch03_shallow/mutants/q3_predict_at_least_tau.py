"""predict with >= tau: the same classes except where sigma(z) is exactly tau, which the
docstring's "1 where sigma > tau" puts in class 0."""

# medl-breaks: q3


def predict(w, b, X, tau=0.5):
    return (sigmoid(X @ w + b) >= tau).astype(int)  # noqa: F821
