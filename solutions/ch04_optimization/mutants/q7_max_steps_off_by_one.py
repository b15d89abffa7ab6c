"""Loops for k in range(max_steps): the last trial alpha0 rho^max_steps is never tested."""

# medl-breaks: q7


def armijo_step(X, y, theta, d, lam=0.0, alpha0=1.0, rho=0.5, c=1e-4, max_steps=50):
    C0, g, _ = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
    slope = float(g @ d)
    if not slope < 0:
        raise ValueError("d is not a descent direction")
    for k in range(max_steps):
        alpha = alpha0 * rho**k
        if logistic_loss_grad_hess(X, y, theta + alpha * d, lam)[0] <= C0 + c * alpha * slope:  # noqa: F821
            return alpha
    return alpha
