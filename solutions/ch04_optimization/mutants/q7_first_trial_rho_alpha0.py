"""Shrinks before the first test (alpha = alpha0; loop: alpha *= rho, then test): alpha0
itself is never tried, every step is rho times too short when alpha0 would pass."""

# medl-breaks: q7


def armijo_step(X, y, theta, d, lam=0.0, alpha0=1.0, rho=0.5, c=1e-4, max_steps=50):
    C0, g, _ = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
    slope = g @ d
    if not slope < 0:
        raise ValueError("d is not a descent direction")
    alpha = alpha0
    for _ in range(max_steps):
        alpha *= rho
        if logistic_loss_grad_hess(X, y, theta + alpha * d, lam)[0] <= C0 + c * alpha * slope:  # noqa: F821
            return alpha
    return alpha
