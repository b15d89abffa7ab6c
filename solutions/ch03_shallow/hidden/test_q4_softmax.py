"""q4: one_hot, a stable row-wise softmax, the softmax cross-entropy and its gradient (3.3).

Gradients are compared with float64 central differences of the reference cost and with the
reference's analytic gradient on square W (K = p, where a transpose keeps the shape),
N = 1 and N = 300.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, rows_are_probabilities
from shared.gradcheck import numeric_gradient

from ._checks import multiple_hint, scalar, unpack


def _problem(rng, n, p, K, scale=1.0):
    W, b = scale * rng.normal(size=(K, p)), scale * rng.normal(size=K)
    X, y = rng.normal(size=(n, p)), rng.integers(0, K, size=n)
    return W, b, X, y


@question("q4", points=1)
def test_one_hot_and_softmax_values(student, reference, rng):
    """Is one_hot (N, K) with one 1 per row, and is softmax normalized along each ROW?"""
    n, K = int(rng.integers(5, 12)), int(rng.integers(3, 7))
    y = rng.integers(0, K - 1, size=n)  # the last class never occurs
    what = f"one_hot(y, K={K}) for N = {n}"
    got = as_array(student.one_hot(y, K), what)
    if got.shape == (K, n) and n != K:
        raise AssertionError(
            f"{what}: shape {got.shape}, expected ({n}, {K}): one ROW per "
            "sample (yours is transposed)"
        )
    close(got, reference.one_hot(y, K), rtol=0, atol=0, what=what)
    Z = 3 * rng.normal(size=(n, K))
    P = as_array(student.softmax(Z), f"softmax(Z) for Z of shape ({n}, {K})")
    if P.shape == Z.shape and np.allclose(P.sum(axis=0), 1) and not np.allclose(P.sum(1), 1):
        raise AssertionError(
            f"softmax(Z) for Z of shape ({n}, {K}): the COLUMNS sum to 1; "
            "each row (one sample's K scores) must be normalized: axis=1"
        )
    rows_are_probabilities(P, what=f"softmax(Z) for Z of shape ({n}, {K})")
    close(P, reference.softmax(Z), rtol=1e-9, atol=1e-12, what=f"softmax(Z), Z ({n}, {K})")


@question("q4", points=0.5)
def test_softmax_is_stable_for_huge_scores(student, reference, rng):
    """With scores of size 1000, are the rows of softmax still finite probabilities?"""
    Z = 1000 * rng.normal(size=(6, 5))
    Z[0] = 800.0  # a row of ties
    P = student.softmax(Z)
    rows_are_probabilities(P, what="softmax(Z) with |Z| ~ 1000")
    close(P, reference.softmax(Z), rtol=1e-9, atol=1e-300, what="softmax(Z) with |Z| ~ 1000")


@question("q4", points=1)
def test_cost_is_the_mean_cross_entropy_even_for_huge_logits(student, reference, rng):
    """Is C = -mean log y_hat_{y_i}, and finite when the logits are in the hundreds?"""
    for scale in (1.0, 300.0):
        n, p, K = int(rng.integers(4, 15)), int(rng.integers(2, 6)), int(rng.integers(3, 6))
        W, b, X, y = _problem(rng, n, p, K, scale)
        call = f"softmax_loss_and_grads(W, b, X, y) with W ({K}, {p}), X ({n}, {p})"
        if scale > 1:
            call += ", logits in the hundreds"
        out = unpack(student.softmax_loss_and_grads(W, b, X, y), ("C", "dW", "db"), call)
        want = reference.softmax_loss_and_grads(W, b, X, y)[0]
        got = scalar(out[0], f"C ({call})")
        if not np.isclose(got, want, rtol=1e-9, atol=1e-12):
            raise AssertionError(
                f"C ({call}): yours {got:.10g}, expected {want:.10g}{multiple_hint(got, want, n)}"
            )


def _check(student, W, b, X, y, want_dW, want_db):
    (K, p), n = W.shape, X.shape[0]
    call = f"softmax_loss_and_grads(W, b, X, y) with W ({K}, {p}), X ({n}, {p})"
    _, dW, db = unpack(student.softmax_loss_and_grads(W, b, X, y), ("C", "dW", "db"), call)
    for got, want, name in ((dW, want_dW, "dW"), (db, want_db, "db")):
        try:
            close(got, want, rtol=1e-6, atol=1e-9, what=f"{name} ({call})")
        except AssertionError as exc:
            hint = multiple_hint(got, want, n)
            arr = np.asarray(as_array(got, name), dtype=float)
            if (
                name == "dW"
                and arr.shape == want.shape
                and K == p
                and np.allclose(arr, want.T, rtol=1e-6, atol=1e-9)
            ):
                hint = " (yours is transposed: dW = (Y_hat - Y)^T X / N has the shape of W)"
            elif name == "dW" and arr.shape == want.shape[::-1] and K != p:
                hint = " (dW must have the shape of W, (K, p): (Y_hat - Y)^T X / N)"
            raise AssertionError(f"{exc}{hint}") from None


@question("q4", points=1.5)
def test_gradients_match_central_differences(student, reference, rng):
    """Do dW and db match float64 central differences of C(W, b), for K != p?"""
    for n, p, K in ((int(rng.integers(3, 9)), 3, 4), (10, 5, 3), (1, 2, 5)):
        W, b, X, y = _problem(rng, n, p, K)

        def C(W=W, b=b, X=X, y=y):
            return reference.softmax_loss_and_grads(W, b, X, y)[0]

        _check(
            student,
            W,
            b,
            X,
            y,
            numeric_gradient(lambda v: C(W=v), W),
            numeric_gradient(lambda v: C(b=v), b),
        )


@question("q4", points=1)
def test_gradients_on_square_weights_and_big_batches(student, reference, rng):
    """Are the gradients right for K = p (a transpose would fit), N = 300, and big logits?"""
    for n, p, K, scale in ((8, 4, 4, 1.0), (300, 6, 10, 1.0), (20, 3, 3, 200.0)):
        W, b, X, y = _problem(rng, n, p, K, scale)
        _, dW, db = reference.softmax_loss_and_grads(W, b, X, y)
        _check(student, W, b, X, y, dW, db)
