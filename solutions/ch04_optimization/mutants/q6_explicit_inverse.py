"""Newton's step with an explicit inverse, theta - inv(H) @ g: the same iterates on
well-conditioned problems, digits lost when H is ill-conditioned."""

# medl-breaks: q6
import numpy as np


def newton_method(X, y, theta0, lam, T):
    path = [np.asarray(theta0, dtype=float).copy()]
    for _ in range(T):
        _, g, H = logistic_loss_grad_hess(X, y, path[-1], lam)  # noqa: F821
        path.append(path[-1] - np.linalg.inv(H) @ g)
    return np.array(path)
