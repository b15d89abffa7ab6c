"""q6: the ridge logistic cost, its gradient and Hessian, and Newton's method."""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close
from shared.gradcheck import numeric_gradient

from ._checks import logistic_data, trajectory


def _cgh(student, X, y, theta, lam):
    N, d = X.shape
    call = f"logistic_loss_grad_hess(X ({N}x{d}), y, theta, lam={lam:.3g})"
    out = student.logistic_loss_grad_hess(X, y, theta, lam)
    if not isinstance(out, (list, tuple)) or len(out) != 3:
        raise AssertionError(f"{call} should return the triple (C, g, H)")
    C = as_array(out[0], f"{call}: C")
    if C.size != 1:
        raise AssertionError(f"{call}: C should be one number, got shape {C.shape}")
    g = as_array(out[1], f"{call}: g").astype(np.float64)
    H = as_array(out[2], f"{call}: H").astype(np.float64)
    if g.shape != (d,) or H.shape != (d, d):
        raise AssertionError(f"{call}: g {g.shape} and H {H.shape}, expected ({d},) and ({d}, {d})")
    return float(C.ravel()[0]), g, H, call


@question("q6", points=1.5)
def test_cost_gradient_and_hessian(student, reference, rng):
    """Are C, g and H right (against the reference and central differences), H symmetric?"""
    for lam in (0.0, float(rng.uniform(0.01, 0.5))):
        N, d = int(rng.integers(30, 60)), int(rng.integers(3, 6))
        X, y = logistic_data(rng, N, d)
        theta = rng.normal(size=d)
        C, g, H, call = _cgh(student, X, y, theta, lam)
        Cr, gr, Hr = reference.logistic_loss_grad_hess(X, y, theta, lam)
        close(C, Cr, rtol=1e-10, atol=1e-12, what=f"{call}: C")
        close(g, gr, rtol=1e-9, atol=1e-12, what=f"{call}: g")

        def g_j(z, j, X=X, y=y, lam=lam):
            return reference.logistic_loss_grad_hess(X, y, z, lam)[1][j]

        num = np.array([numeric_gradient(lambda z, j=j: g_j(z, j), theta) for j in range(d)])
        close(H, num, rtol=1e-5, atol=1e-8, what=f"{call}: H against central differences of g")
        close(H, Hr, rtol=1e-9, atol=1e-12, what=f"{call}: H")
        close(H, H.T, rtol=1e-12, atol=1e-14, what=f"{call}: H against its transpose")


@question("q6", points=0.5)
def test_cost_is_finite_for_huge_scores(student, reference, rng):
    """With |z| = |X theta| in the thousands, of both signs, are C, g and H finite and right
    (no overflow)?"""
    X, y = logistic_data(rng, 40, 4)
    theta = rng.normal(size=4) * 1000
    w = theta[1:]
    for row, target in ((0, 2000.0), (1, -2000.0)):  # one score far above 709, one far below
        X[row, 1:] = (target - theta[0]) * w / (w @ w)
    C, g, H, call = _cgh(student, X, y, theta, 0.0)
    Cr, gr, Hr = reference.logistic_loss_grad_hess(X, y, theta, 0.0)
    call += f" with |X theta| up to {np.abs(X @ theta).max():.0f}"
    close(C, Cr, rtol=1e-9, what=f"{call}: C (use np.logaddexp(0, z) for log(1 + e^z))")
    close(g, gr, rtol=1e-9, atol=1e-12, what=f"{call}: g")
    close(H, Hr, rtol=1e-7, atol=1e-12, what=f"{call}: H")


@question("q6", points=1.25)
def test_newton_trajectory_matches_the_reference(student, reference, rng):
    """Is every Newton iterate theta - H^-1 g right, for lam = 0 and lam > 0?"""
    for lam in (0.0, float(rng.uniform(0.01, 0.3))):
        N, d = int(rng.integers(60, 120)), int(rng.integers(3, 6))
        X, y = logistic_data(rng, N, d)
        theta0 = rng.normal(size=d) * 0.3
        T = 5
        call = f"newton_method(X ({N}x{d}), y, theta0, lam={lam:.3g}, T={T})"
        got = trajectory(student.newton_method(X, y, theta0, lam, T), T, d, call)
        want = reference.newton_method(X, y, theta0, lam, T)
        close(got[:2], want[:2], rtol=1e-8, atol=1e-10, what=f"{call}, the first step (rows 0-1)")
        close(got, want, rtol=1e-7, atol=1e-9, what=call)


@question("q6", points=0.25)
def test_newton_converges_quadratically(student, reference, rng):
    """From theta0 = 0, is the gradient below 1e-10 after 8 Newton steps?"""
    X, y = logistic_data(rng, 200, 5)
    lam = float(rng.uniform(0.01, 0.1))
    call = f"newton_method(X (200x5), y, zeros, lam={lam:.3g}, T=8)"
    path = trajectory(student.newton_method(X, y, np.zeros(5), lam, 8), 8, 5, call)
    norms = [np.linalg.norm(reference.logistic_loss_grad_hess(X, y, th, lam)[1]) for th in path]
    if not norms[-1] < 1e-10:
        trace = ", ".join(f"{v:.1e}" for v in norms)
        raise AssertionError(
            f"{call}: |grad C(theta^(t))| = {trace}; Newton's method should "
            "reach 1e-10 (the digits double at every step near the minimum)"
        )


@question("q6", points=0.5)
def test_newton_step_is_solved_not_inverted(student, reference, rng):
    """With two features equal up to 1e-7 (H has condition number ~1e13), does every step s
    solve H s = g to rounding, as np.linalg.solve does and inv(H) @ g does not?"""
    for _ in range(2):
        N = int(rng.integers(60, 120))
        x1 = rng.normal(size=N)
        X = np.column_stack([np.ones(N), x1, x1 + 1e-7 * rng.normal(size=N), rng.normal(size=N)])
        y = (X @ rng.normal(size=4) + rng.normal(size=N) > 0).astype(np.float64)
        theta0 = 0.3 * rng.normal(size=4)
        call = f"newton_method(X ({N}x4, columns 1 and 2 equal to 1e-7), y, theta0, lam=0, T=1)"
        path = trajectory(student.newton_method(X, y, theta0, 0.0, 1), 1, 4, call)
        _, g, H = reference.logistic_loss_grad_hess(X, y, path[0], 0.0)
        s = path[0] - path[1]
        r = np.linalg.norm(H @ s - g) / (
            np.linalg.norm(H, 2) * np.linalg.norm(s) + np.linalg.norm(g)
        )
        if not r <= 1e-13:
            raise AssertionError(
                f"{call}: the step s = theta^(0) - theta^(1) leaves H s - g at {r:.2g} of its "
                "scale (np.linalg.solve(H, g) leaves about 1e-16): an explicit inverse of an "
                "ill-conditioned H loses digits; solve H s = g instead"
            )
