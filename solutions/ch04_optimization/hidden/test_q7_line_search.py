"""q7: the backtracking (Armijo) line search on the ridge logistic cost of q6, and gradient
descent and damped Newton that use it.

Every Armijo decision a test relies on is at least 1e-9 (relative to C) away from equality:
draws closer to it are replaced, so that correct implementations that compute C with other
rounding never disagree. (For the same reason <= and < in Armijo's condition cannot be told
apart on this cost: equality has probability zero.)
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, same_shape

from ._checks import logistic_data

CLEAR = 1e-9


def _search(reference, X, y, theta, d, lam, alpha0, rho, c, max_steps=50, *, mistake=None):
    """(alpha, clear): the reference's backtracking, or a known mistake in it ("no c": plain
    decrease, "from rho": first trial rho alpha0, "sign": + c alpha |g^T d|); clear is False
    when a decision was within CLEAR of equality."""
    C0, g, _ = reference.logistic_loss_grad_hess(X, y, theta, lam)
    slope = float(g @ d)
    clear, alpha = True, alpha0
    for k in range(1 if mistake == "from rho" else 0, max_steps + 1):
        alpha = alpha0 * rho**k
        lhs = reference.logistic_loss_grad_hess(X, y, theta + alpha * d, lam)[0]
        rhs = {"no c": C0, "sign": C0 - c * alpha * slope}.get(mistake, C0 + c * alpha * slope)
        clear &= abs(lhs - rhs) > CLEAR * (1 + abs(C0))
        if lhs <= rhs:
            break
    return alpha, clear


def _problem(rng):
    N, dim = int(rng.integers(20, 80)), int(rng.integers(2, 6))
    X, y = logistic_data(rng, N, dim)
    lam = 0.0 if rng.random() < 0.3 else float(rng.uniform(0.01, 0.3))
    return X, y, lam


def _direction(reference, rng, X, y, theta, lam, kind):
    _, g, H = reference.logistic_loss_grad_hess(X, y, theta, lam)
    if kind == "gradient":
        return -g
    if kind == "newton":
        return -np.linalg.solve(H, g)
    d = rng.normal(size=len(theta))
    return -d if d @ g > 0 else d


def _settings(rng):
    alpha0 = 1.0 if rng.random() < 0.3 else float(rng.uniform(2, 40))
    rho = 0.5 if rng.random() < 0.5 else float(rng.uniform(0.2, 0.8))
    c = 1e-4 if rng.random() < 0.4 else float(rng.uniform(0.1, 0.7))
    return alpha0, rho, c


def _raised(exc: BaseException) -> str:
    return getattr(exc, "type", None) or type(exc).__name__


@question("q7", points=1.25)
def test_armijo_step_matches_the_reference(student, reference, rng):
    """Is alpha the first alpha0 rho^k with C(theta + alpha d) <= C(theta) + c alpha g^T d,
    for gradient, Newton and random descent directions and random alpha0, rho and c?"""
    for kind in ("gradient", "newton", "random", "gradient", "newton", "random", "gradient"):
        while True:
            X, y, lam = _problem(rng)
            theta = 2 * rng.normal(size=X.shape[1])
            d = _direction(reference, rng, X, y, theta, lam, kind)
            alpha0, rho, c = _settings(rng)
            want, clear = _search(reference, X, y, theta, d, lam, alpha0, rho, c)
            if clear:
                break
        call = (
            f"armijo_step(X {X.shape}, y, theta, d, lam={lam:.3g}, alpha0={alpha0:.4g}, "
            f"rho={rho:.3g}, c={c:.3g}) with d a {kind} direction"
        )
        got = as_array(student.armijo_step(X, y, theta, d, lam, alpha0, rho, c), call)

        def wrong(mistake, args=(X, y, theta, d, lam, alpha0, rho, c)):
            return _search(reference, *args, mistake=mistake)[0]

        close(
            got,
            want,
            rtol=1e-12,
            what=call,
            mistakes=[
                (
                    "this is the first alpha that merely lowers C; Armijo asks for "
                    "C(theta + alpha d) <= C(theta) + c alpha g^T d",
                    lambda: wrong("no c"),
                ),
                (
                    "the first trial must be alpha0 itself (k = 0), then rho alpha0, ...",
                    lambda: wrong("from rho"),
                ),
                (
                    "the c alpha g^T d term has the wrong sign: g^T d < 0, so the bound lies "
                    "BELOW C(theta)",
                    lambda: wrong("sign"),
                ),
            ],
        )


@question("q7", points=0.25)
def test_armijo_refuses_directions_that_do_not_descend(student, reference, rng):
    """Is d = +g (uphill) a ValueError, and so is d = 0, where g^T d = 0 is not < 0?"""
    X, y, lam = _problem(rng)
    theta = rng.normal(size=X.shape[1])
    g = reference.logistic_loss_grad_hess(X, y, theta, lam)[1]
    for d, name in ((g, "d = +g"), (np.zeros_like(g), "d = 0")):
        call = f"armijo_step(X, y, theta, {name})"
        try:
            out = student.armijo_step(X, y, theta, d, lam)
        except Exception as exc:  # noqa: BLE001 - the student's exception, whatever it is
            kind = _raised(exc)
            if kind == "ValueError":
                continue
            if kind == "NotImplementedError":
                raise
            raise AssertionError(f"{call} raised {kind}, expected ValueError ({exc})") from None
        raise AssertionError(
            f"{call} returned {out!r}; g^T d must be < 0 (a descent direction), else raise "
            "ValueError" + (" (g^T d = 0 is not < 0)" if name == "d = 0" else "")
        )


@question("q7", points=0.25)
def test_max_steps_is_the_last_trial(student, reference, rng):
    """When the first acceptable alpha is alpha0 rho^k*, does max_steps = k* still find it,
    and does max_steps = k* - 1 return alpha0 rho^(k* - 1), the smallest one tried?"""
    while True:
        X, y, lam = _problem(rng)
        theta = rng.normal(size=X.shape[1])
        d = _direction(reference, rng, X, y, theta, lam, "gradient")
        alpha0, rho, c = float(rng.uniform(20, 200)), 0.5, 1e-4
        alpha, clear = _search(reference, X, y, theta, d, lam, alpha0, rho, c)
        k = int(round(np.log(alpha / alpha0) / np.log(rho)))
        if clear and k >= 2:
            break
    for steps, want in ((k, alpha), (k - 1, alpha0 * rho ** (k - 1))):
        call = f"armijo_step(..., alpha0={alpha0:.4g}, rho=0.5, c=1e-4, max_steps={steps})"
        close(
            as_array(student.armijo_step(X, y, theta, d, lam, alpha0, rho, c, steps), call),
            want,
            rtol=1e-12,
            what=f"{call}, where alpha0 rho^{k} is the first to satisfy Armijo's condition "
            f"(trials k = 0..max_steps)",
            mistakes=[
                (
                    "the trials stop at k = max_steps - 1; k = max_steps is tried too",
                    alpha0 * rho ** (steps - 1),
                ),
            ],
        )


def _trajectory(student, method, args, T, dim, call):
    out = getattr(student, method)(*args)
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise AssertionError(f"{call} should return the pair (path, alphas)")
    path = same_shape(out[0], (T + 1, dim), what=f"path from {call}").astype(np.float64)
    alphas = same_shape(out[1], (T,), what=f"alphas from {call}").astype(np.float64)
    return path, alphas


def _reference_run(reference, X, y, theta0, lam, T, alpha0, rho, c, newton, *, warm=False):
    """Path, alphas and whether every decision was clear; warm: each search starts at the
    previous alpha (a mistake)."""
    theta, path, alphas, clear, start = np.array(theta0, dtype=float), [], [], True, alpha0
    path.append(theta.copy())
    for _ in range(T):
        _, g, H = reference.logistic_loss_grad_hess(X, y, theta, lam)
        d = -np.linalg.solve(H, g) if newton else -g
        alpha, ok = _search(reference, X, y, theta, d, lam, start, rho, c)
        clear &= ok
        start = alpha if warm else alpha0
        theta = theta + alpha * d
        path.append(theta.copy())
        alphas.append(alpha)
    return np.array(path), np.array(alphas), clear


@question("q7", points=0.75)
def test_gradient_descent_with_armijo_step_by_step(student, reference, rng):
    """Is every iterate theta + alpha_t (-g) and every alpha_t right, each search starting
    again at alpha0 (on problems where some step is longer than the one before)?"""
    for T in (int(rng.integers(6, 10)), int(rng.integers(10, 16))):
        while True:
            X, y, lam = _problem(rng)
            X[:, 1:] *= rng.uniform(0.2, 3.0, size=X.shape[1] - 1)  # zig-zags: alpha varies
            theta0 = 2 * rng.normal(size=X.shape[1])
            alpha0, rho, c = float(rng.uniform(4, 60)), *_settings(rng)[1:]
            path, alphas, clear = _reference_run(
                reference, X, y, theta0, lam, T, alpha0, rho, c, False
            )
            if clear and np.any(np.diff(alphas) > 0):  # a later step longer than the last
                break
        call = (
            f"gd_armijo(X {X.shape}, y, theta0, lam={lam:.3g}, T={T}, alpha0={alpha0:.4g}, "
            f"rho={rho:.3g}, c={c:.3g})"
        )
        got_path, got_alphas = _trajectory(
            student, "gd_armijo", (X, y, theta0, lam, T, alpha0, rho, c), T, X.shape[1], call
        )
        warm = _reference_run(reference, X, y, theta0, lam, T, alpha0, rho, c, False, warm=True)[1]
        close(
            got_alphas,
            alphas,
            rtol=1e-12,
            what=f"alphas from {call}",
            mistakes=[("each search must start again at alpha0, not at the last alpha", warm)],
        )
        close(got_path, path, rtol=1e-9, atol=1e-12, what=f"path from {call}")


@question("q7", points=0.75)
def test_damped_newton_step_by_step(student, reference, rng):
    """Is every iterate theta + alpha_t d with H d = -g, and every alpha_t (from alpha0 = 1)
    right, from starts far enough for the first steps to be shortened?"""
    for T in (3, int(rng.integers(4, 7))):
        while True:
            X, y, _ = _problem(rng)
            lam = float(rng.uniform(0.01, 0.3))  # H >= lam I: Newton's system is never singular
            theta0 = 5 * rng.normal(size=X.shape[1])
            rho, c = _settings(rng)[1:]
            path, alphas, clear = _reference_run(reference, X, y, theta0, lam, T, 1.0, rho, c, True)
            if clear:
                break
        call = (
            f"newton_armijo(X {X.shape}, y, theta0, lam={lam:.3g}, T={T}, rho={rho:.3g}, c={c:.3g})"
        )
        got_path, got_alphas = _trajectory(
            student, "newton_armijo", (X, y, theta0, lam, T, rho, c), T, X.shape[1], call
        )
        gd_path = _reference_run(reference, X, y, theta0, lam, T, 1.0, rho, c, False)[0]
        close(got_alphas, alphas, rtol=1e-12, what=f"alphas from {call}")
        close(
            got_path,
            path,
            rtol=1e-9,
            atol=1e-12,
            what=f"path from {call}",
            mistakes=[("this is gradient descent: the direction is d = -H^-1 g", gd_path)],
        )


@question("q7", points=0.25)
def test_a_stationary_point_is_kept(student, reference, rng):
    """Where the gradient is exactly 0 (here at theta0 = 0: balanced labels, one constant
    feature), do both methods stay put with alpha_t = 0 instead of raising?"""
    N, dim = 2 * int(rng.integers(5, 20)), int(rng.integers(2, 5))
    X = np.column_stack([np.ones(N), np.zeros((N, dim - 1))])
    y = rng.permutation(np.repeat([0.0, 1.0], N // 2))
    lam, T = float(rng.uniform(0.01, 0.3)), 3
    for method, args in (
        ("gd_armijo", (X, y, np.zeros(dim), lam, T)),
        ("newton_armijo", (X, y, np.zeros(dim), lam, T)),
    ):
        call = f"{method}(X, y, theta0 = 0, lam={lam:.3g}, T={T}) where grad C(0) = 0 exactly"
        path, alphas = _trajectory(student, method, args, T, dim, call)
        close(path, np.zeros((T + 1, dim)), atol=0, what=f"path from {call}")
        close(alphas, np.zeros(T), atol=0, what=f"alphas from {call} (a skipped step is 0)")


@question("q7", points=0.5)
def test_both_methods_descend_and_newton_converges_from_far(student, reference, rng):
    """From theta0 of size ~8, does the cost never rise along either path (gradient descent
    with alpha0 = 50, far beyond a stable fixed step), and does damped Newton reach
    |grad C| < 1e-8 within 30 steps, where pure Newton may overshoot?"""
    for _ in range(2):
        N, dim = int(rng.integers(60, 120)), int(rng.integers(2, 5))
        X, y = logistic_data(rng, N, dim)
        lam = float(rng.uniform(0.005, 0.05))
        theta0 = 8 * rng.normal(size=dim)
        for method, args, T in (
            ("gd_armijo", (X, y, theta0, lam, 50, 50.0), 50),
            ("newton_armijo", (X, y, theta0, lam, 30), 30),
        ):
            call = f"{method}(X ({N}x{dim}), y, theta0, lam={lam:.3g}, T={T})"
            path, _ = _trajectory(student, method, args, T, dim, call)
            costs = np.array([reference.logistic_loss_grad_hess(X, y, t, lam)[0] for t in path])
            rises = np.flatnonzero(np.diff(costs) > 1e-12 * (1 + abs(costs[0])))
            if rises.size:
                t = int(rises[0])
                raise AssertionError(
                    f"{call}: C rises from {costs[t]:.8g} to {costs[t + 1]:.8g} at step "
                    f"{t + 1}; a step that passes Armijo's test always lowers C"
                )
        grad = np.linalg.norm(reference.logistic_loss_grad_hess(X, y, path[-1], lam)[1])
        if not grad < 1e-8:
            raise AssertionError(
                f"{call}: |grad C(theta^(30))| = {grad:.3g}; damped Newton converges to below "
                "1e-8 (full steps alpha = 1 near the minimum)"
            )
