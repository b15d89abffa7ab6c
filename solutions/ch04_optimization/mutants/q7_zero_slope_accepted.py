"""Refuses only directions with g^T d > 0: d = 0 (g^T d = 0) slips through and alpha0 comes
back, as if a step of length 0 were a descent."""

# medl-breaks: q7


def armijo_step(X, y, theta, d, lam=0.0, alpha0=1.0, rho=0.5, c=1e-4, max_steps=50):
    C0, g, _ = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
    slope = float(g @ d)
    if slope > 0:
        raise ValueError("d is not a descent direction")
    for k in range(max_steps + 1):
        alpha = alpha0 * rho**k
        if logistic_loss_grad_hess(X, y, theta + alpha * d, lam)[0] <= C0 + c * alpha * slope:  # noqa: F821
            return alpha
    return alpha
