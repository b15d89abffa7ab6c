"""predict compares the logit z = b + w^T x with tau instead of the probability sigma(z):
right for no threshold at all (z > 1/2 is not sigma(z) > 1/2)."""
# medl-breaks: q3


def predict(w, b, X, tau=0.5):
    return (X @ w + b > tau).astype(int)
