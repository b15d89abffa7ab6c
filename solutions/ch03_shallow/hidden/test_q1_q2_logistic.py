"""q1: sigmoid and the binary cross-entropy from logits; q2: the logistic gradient (3.1-3.2).

Values are compared with the reference on fresh random logits, with the textbook formula
where it is finite, and at |z| up to 1500 where only the softplus form survives. Gradients
are compared with float64 central differences of the reference cost.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close
from shared.gradcheck import numeric_gradient

from ._checks import scalar, scaled_mistakes, unpack


def _huge(rng, n):
    """Logits of both signs with |z| in [50, 1500], plus a few ordinary ones."""
    big = rng.choice([-1.0, 1.0], size=n) * rng.uniform(50, 1500, size=n)
    big[:2] = [rng.uniform(800, 1500), -rng.uniform(800, 1500)]  # both signs beyond 709
    return rng.permutation(np.concatenate([big, rng.normal(size=3)]))


# --------------------------------------------------------------------------- q1

EPS = [10.0**-k for k in range(4, 17)]


def _clipped(z, y, eps):
    """The loss of y_hat clipped into [eps, 1 - eps], the usual patch for log(0)."""
    hint = (
        f"clipping y_hat into [{eps:g}, 1 - {eps:g}] caps each sample's loss near "
        f"-log(eps) = {-np.log(eps):.3g}; a sample with z = -1000 and y = 1 costs 1000"
    )

    def value():
        yh = np.clip(1 / (1 + np.exp(-np.clip(z, -700, 700))), eps, 1 - eps)
        return -np.mean(y * np.log(yh) + (1 - y) * np.log(1 - yh))

    return hint, value


@question("q1", points=1)
def test_sigmoid_values_shape_and_stability(student, reference, rng):
    """Is sigmoid right entrywise on a (5, 4) array, and finite and right for |z| ~ 1000?"""
    z = 3 * rng.normal(size=(5, 4))
    close(
        student.sigmoid(z),
        reference.sigmoid(z),
        rtol=1e-9,
        atol=1e-12,
        what="sigmoid(z) for z of shape (5, 4)",
    )
    z = _huge(rng, 8)
    got = as_array(student.sigmoid(z), "sigmoid(z)")
    if got.shape == z.shape and not np.isfinite(got).all():
        i = int(np.argmax(~np.isfinite(got)))
        raise AssertionError(
            f"sigmoid({z[i]:.1f}) is {got[i]}: e^z overflows for large z; "
            "compute 1/(1+e^{-z}) for z >= 0 and e^z/(1+e^z) for z < 0"
        )
    close(
        got,
        reference.sigmoid(z),
        rtol=1e-9,
        atol=1e-300,
        what=f"sigmoid(z) with z = {np.array2string(z, precision=1, max_line_width=200)}",
    )


@question("q1", points=1)
def test_bce_matches_the_textbook_formula(student, reference, rng):
    """For moderate logits, is bce_from_logits the MEAN of -(y log y_hat + (1-y) log(1-y_hat))?"""
    for n in (1, int(rng.integers(5, 30)), 200):
        z = 2 * rng.normal(size=n)
        y = rng.integers(0, 2, size=n)
        yh = 1 / (1 + np.exp(-z))
        want = float(-np.mean(y * np.log(yh) + (1 - y) * np.log(1 - yh)))
        if not np.isclose(want, reference.bce_from_logits(z, y), rtol=1e-10):
            raise RuntimeError("grader self-check: reference bce disagrees with the textbook")
        what = f"bce_from_logits(z, y) for N = {n}"
        got = scalar(student.bce_from_logits(z, y), what)
        close(
            got,
            want,
            rtol=1e-9,
            atol=1e-12,
            what=what,
            mistakes=[
                ("the sign: the cross-entropy is minus the log-likelihood", -want),
                ("divided by N twice?", want / n if n > 1 else None),
                *scaled_mistakes(want, n),
            ],
        )
    y = rng.integers(0, 2, size=6).astype(float)
    z = rng.normal(size=6)
    close(
        student.bce_from_logits(z, y),
        reference.bce_from_logits(z, y),
        rtol=1e-9,
        what="bce_from_logits(z, y) with float labels",
    )


@question("q1", points=1)
def test_bce_is_finite_and_right_for_huge_logits(student, reference, rng):
    """With |z| up to 1500, is the loss finite and equal to log(1 + e^z) - y z?"""
    for _ in range(3):
        z = _huge(rng, 6)
        y = rng.integers(0, 2, size=z.size)
        want = reference.bce_from_logits(z, y)
        what = (
            f"bce_from_logits(z, y) with z = "
            f"{np.array2string(z, precision=1, max_line_width=200)}, y = {y}"
        )
        got = as_array(student.bce_from_logits(z, y), what)
        if got.size == 1 and not np.isfinite(float(got.reshape(()))):
            raise AssertionError(
                f"{what} is {float(got.reshape(()))}, expected {want:.6g}: "
                "log(sigmoid(z)) or log(1 - sigmoid(z)) hits log(0); use "
                "log(1 + e^z) - y z with a stable softplus"
            )
        g = scalar(got, what)
        close(g, want, rtol=1e-9, what=what, mistakes=[_clipped(z, y, eps) for eps in EPS])


# --------------------------------------------------------------------------- q2


def _problem(rng, n, p, scale=1.0):
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, size=p)
    w = scale * rng.normal(size=p)
    b = float(scale * rng.normal())
    y = rng.integers(0, 2, size=n)
    return w, b, X, y


def _check(student, reference, w, b, X, y, grads=None):
    n, p = X.shape
    call = f"logistic_loss_and_grad(w, b, X, y) with X of shape ({n}, {p})"
    _, dw, db = unpack(student.logistic_loss_and_grad(w, b, X, y), ("C", "dw", "db"), call)
    _, want_dw, want_db = reference.logistic_loss_and_grad(w, b, X, y)
    if grads is not None:
        want_dw, want_db = grads
    close(
        dw, want_dw, rtol=1e-6, atol=1e-9, what=f"dw ({call})", mistakes=scaled_mistakes(want_dw, n)
    )
    db_arr = as_array(db, "db")
    if db_arr.size != 1:
        raise AssertionError(
            f"db should be one number (the bias is a scalar), got shape {db_arr.shape} ({call})"
        )
    close(
        db_arr.reshape(()),
        want_db,
        rtol=1e-6,
        atol=1e-9,
        what=f"db ({call})",
        mistakes=[
            ("db is 0: the bias gradient is the mean of y_hat - y", 0.0 if want_db != 0 else None),
            *scaled_mistakes(want_db, n),
        ],
    )


@question("q2", points=1.5)
def test_gradient_matches_central_differences(student, reference, rng):
    """Do dw and db match float64 central differences of C(w, b) on random batches?"""
    for n, p in ((int(rng.integers(3, 9)), int(rng.integers(2, 6))), (1, 3), (40, 7)):
        w, b, X, y = _problem(rng, n, p)
        num_w = numeric_gradient(
            lambda v, X=X, b=b, y=y: reference.bce_from_logits(X @ v + b, y), w
        )
        num_b = numeric_gradient(
            lambda v, X=X, w=w, y=y: reference.bce_from_logits(X @ w + v[0], y), np.array([b])
        )[0]
        _check(student, reference, w, b, X, y, grads=(num_w, num_b))


@question("q2", points=1)
def test_gradient_for_confident_models_and_big_batches(student, reference, rng):
    """Are the gradients right with logits in the hundreds (no NaN) and for N = 500?"""
    for n, p, scale in ((12, 4, 200.0), (500, 10, 1.0)):
        w, b, X, y = _problem(rng, n, p, scale)
        _check(student, reference, w, b, X, y)


@question("q2", points=0.5)
def test_cost_is_the_mean_cross_entropy(student, reference, rng):
    """Is the C returned the binary cross-entropy of the logits X w + b?"""
    w, b, X, y = _problem(rng, int(rng.integers(5, 20)), 3)
    call = f"logistic_loss_and_grad(w, b, X, y) with X of shape {X.shape}"
    C = unpack(student.logistic_loss_and_grad(w, b, X, y), ("C", "dw", "db"), call)[0]
    got, want = scalar(C, f"C ({call})"), reference.bce_from_logits(X @ w + b, y)
    close(got, want, rtol=1e-9, what=f"C ({call})", mistakes=scaled_mistakes(want, len(y)))
