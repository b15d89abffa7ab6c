"""Accepts the first alpha that merely lowers the cost, C(theta + alpha d) < C(theta): no
sufficient-decrease term c alpha g^T d, so steps that barely help pass."""

# medl-breaks: q7


def armijo_step(X, y, theta, d, lam=0.0, alpha0=1.0, rho=0.5, c=1e-4, max_steps=50):
    C0, g, _ = logistic_loss_grad_hess(X, y, theta, lam)  # noqa: F821
    if not g @ d < 0:
        raise ValueError("d is not a descent direction")
    for k in range(max_steps + 1):
        alpha = alpha0 * rho**k
        if logistic_loss_grad_hess(X, y, theta + alpha * d, lam)[0] < C0:  # noqa: F821
            return alpha
    return alpha
