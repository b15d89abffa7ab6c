"""q4: one_hot, a stable row-wise softmax, the softmax cross-entropy and its gradient (3.3).

Gradients are compared with float64 central differences of the reference cost and with the
reference's analytic gradient on square W (K = p, where a transpose keeps the shape),
N = 1 and N = 300.
"""

import numpy as np

from autograder.api import question
from shared.compare import close, rows_are_probabilities
from shared.gradcheck import numeric_gradient

from ._checks import scalar, scaled_mistakes, unpack


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
    want = reference.one_hot(y, K)
    close(
        student.one_hot(y, K),
        want,
        rtol=0,
        atol=0,
        what=what,
        mistakes=[("one ROW per sample, one column per class (yours is transposed)", want.T)],
    )
    Z = 3 * rng.normal(size=(n, K))
    what = f"softmax(Z) for Z of shape ({n}, {K})"
    P = student.softmax(Z)
    E = np.exp(Z - Z.max(axis=0))
    close(
        P,
        reference.softmax(Z),
        rtol=1e-9,
        atol=1e-12,
        what=what,
        mistakes=[
            (
                "the COLUMNS sum to 1; each row (one sample's K scores) must be normalized: axis=1",
                E / E.sum(axis=0),
            )
        ],
    )
    rows_are_probabilities(P, what=what)


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
        close(
            got,
            want,
            rtol=1e-9,
            atol=1e-12,
            what=f"C ({call})",
            mistakes=scaled_mistakes(want, n),
        )


def _check(student, W, b, X, y, want_dW, want_db):
    (K, p), n = W.shape, X.shape[0]
    call = f"softmax_loss_and_grads(W, b, X, y) with W ({K}, {p}), X ({n}, {p})"
    _, dW, db = unpack(student.softmax_loss_and_grads(W, b, X, y), ("C", "dW", "db"), call)
    transposed = (
        "yours is transposed: dW = (Y_hat - Y)^T X / N has the shape of W, (K, p)",
        want_dW.T,
    )
    close(
        dW,
        want_dW,
        rtol=1e-6,
        atol=1e-9,
        what=f"dW ({call})",
        mistakes=[transposed, *scaled_mistakes(want_dW, n)],
    )
    close(
        db, want_db, rtol=1e-6, atol=1e-9, what=f"db ({call})", mistakes=scaled_mistakes(want_db, n)
    )


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
