"""Writes Armijo's bound as C(theta) - c alpha g^T d: with g^T d < 0 that is ABOVE C(theta),
so steps that raise the cost a little are accepted."""

# medl-breaks: q7


def armijo_step(X, y, theta, d, lam=0.0, alpha0=1.0, rho=0.5, c=1e-4, max_steps=50):
    C0, g, _ = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
    slope = g @ d
    if not slope < 0:
        raise ValueError("d is not a descent direction")
    for k in range(max_steps + 1):
        alpha = alpha0 * rho**k
        if logistic_loss_grad_hess(X, y, theta + alpha * d, lam)[0] <= C0 - c * alpha * slope:  # noqa: F821
            return alpha
    return alpha
