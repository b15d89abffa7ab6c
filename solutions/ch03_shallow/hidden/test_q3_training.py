"""q3: standardize, predict and train_logistic on the breast cancer data (3.1-3.2).

standardize is graded by properties (training columns centred with unit spread, either
1/N or 1/(N-1) variance; the test set mapped by the SAME affine map); predict against the
reference for random thresholds; train_logistic by the held-out accuracy of what it returns
on a split drawn by the grader, standardized by the reference so that only training counts.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, named_mistake

from ._checks import cancer, scalar, unpack


def _check_standardized(student, X_train, X_test, constant_last):
    """Training columns mean 0 and std 1 (1/N or 1/(N-1)), the test set mapped by the SAME
    affine map; a constant last training column (when constant_last) gives zeros there and
    X_test - mu in X_test_s (s replaced by 1, so test values off the constant move by 1 each)."""
    (n, p), m = X_train.shape, len(X_test)
    call = f"standardize(X_train ({n}, {p}), X_test ({m}, {p}))"
    A, B = unpack(student.standardize(X_train, X_test), ("X_train_s", "X_test_s"), call)
    A, B = as_array(A, "X_train_s").astype(float), as_array(B, "X_test_s").astype(float)
    if A.shape != X_train.shape or B.shape != X_test.shape:
        raise AssertionError(
            f"{call} returned shapes {A.shape} and {B.shape}; expected "
            f"{X_train.shape} and {X_test.shape}"
        )
    if not (np.isfinite(A).all() and np.isfinite(B).all()):
        raise AssertionError(
            f"{call}: NaN or infinity in the output; the last column is "
            "constant (standard deviation 0): divide it by 1, not by 0"
        )
    q = p - 1 if constant_last else p
    if constant_last:
        close(A[:, -1], np.zeros(n), atol=1e-9, what="the constant column of X_train_s")
        off = X_test[:, -1] - X_train[0, -1]  # integers: s = 1 leaves them as they are
        close(
            B[:, -1],
            off,
            atol=1e-9,
            what="the column of X_test_s whose training column is constant (s = 0 is replaced "
            "by 1, so X_test_s = X_test - mu there)",
            mistakes=[
                ("that column of X_test_s is set to 0 instead of X_test - mu", np.zeros(m)),
                ("s = 0 is replaced by 2 (or another number), not by 1", off / 2),
            ],
        )
    close(A.mean(axis=0), np.zeros(p), atol=1e-9, what="column means of X_train_s")
    sd = A[:, :q].std(axis=0)
    lo = np.sqrt((n - 1) / n) - 1e-9
    if ((sd < lo) | (sd > 1 + 1e-9)).any():
        j = int(np.argmax(np.abs(sd - 1)))
        s_j = X_train[:, j].std()
        tiny = (
            f" (the column's own standard deviation is {s_j:.2g}: not 0, so divide by it "
            "exactly; an epsilon added to s, or a threshold above 0, changes the result)"
            if s_j < 1e-6
            else ""
        )
        raise AssertionError(
            f"column {j} of X_train_s has standard deviation {sd[j]:.6g}, expected 1{tiny}"
        )
    # X_s = (X - mu) / s column by column: recover mu and s from the training pair.
    s = X_train[:, :q].std(axis=0) / sd
    mu = X_train[:, :q].mean(axis=0)
    want = (X_test[:, :q] - mu) / s
    T = X_test[:, :q]
    own = "the test set is scaled with its own mean and standard deviation"
    close(
        B[:, :q],
        want,
        rtol=1e-6,
        atol=1e-9,
        what="X_test_s (centred and scaled with the mean and standard deviation of the "
        "TRAINING set)",
        mistakes=[(own, lambda d=d: (T - T.mean(axis=0)) / T.std(axis=0, ddof=d)) for d in (0, 1)],
    )


@question("q3", points=0.75)
def test_standardize_uses_training_statistics_for_both_sets(student, rng):
    """Are training columns mean 0 / std 1, and is the test set scaled with the TRAIN stats?"""
    n, m, p = int(rng.integers(30, 60)), int(rng.integers(10, 20)), int(rng.integers(3, 7))
    scale, shift = rng.uniform(0.1, 300, size=p), rng.uniform(-500, 500, size=p)
    X_train = rng.normal(size=(n, p)) * scale + shift
    X_test = rng.normal(size=(m, p)) * scale * 1.5 + shift + 0.7 * scale
    X_train[:, -1] = np.round(shift[-1])  # constant: an exact mean, standard deviation 0
    # The test column is NOT constant: it differs from the training constant by integers.
    X_test[:, -1] = np.round(shift[-1]) + rng.permutation(np.arange(m) % 7 - 3)
    _check_standardized(student, X_train, X_test, constant_last=True)


@question("q3", points=0.25)
def test_standardize_keeps_a_tiny_spread(student, rng):
    """Is a column whose standard deviation is 1e-10 to 1e-7 scaled to std 1 (s is replaced
    by 1 only where it is exactly 0; no epsilon "for safety")?"""
    n, m, p = int(rng.integers(30, 60)), int(rng.integers(10, 20)), 3
    scale = 10.0 ** rng.uniform(-10, -7, size=p)
    shift = scale * rng.uniform(-3, 3, size=p)
    X_train = rng.normal(size=(n, p)) * scale + shift
    X_test = rng.normal(size=(m, p)) * scale + shift
    _check_standardized(student, X_train, X_test, constant_last=False)


@question("q3", points=0.75)
def test_predict_thresholds_the_probability(student, reference, rng):
    """Is predict 1 exactly where sigma(b + w^T x) > tau, for tau other than 1/2 too?"""
    for tau in (0.5, float(rng.uniform(0.1, 0.35)), float(rng.uniform(0.65, 0.9))):
        n, p = int(rng.integers(20, 60)), int(rng.integers(2, 6))
        X, w, b = rng.normal(size=(n, p)), rng.normal(size=p), float(rng.normal())
        want = reference.predict(w, b, X, tau)
        what = f"predict(w, b, X, tau={tau:.3f}) with X of shape ({n}, {p})"
        got = as_array(student.predict(w, b, X, tau), what)
        if got.shape != (n,):
            raise AssertionError(f"{what}: shape {got.shape}, expected ({n},)")
        if not np.isin(got, (0, 1)).all():
            raise AssertionError(f"{what} should hold 0s and 1s, found {np.unique(got)[:5]}")
        wrong = np.flatnonzero(got != want)
        if wrong.size:
            i = int(wrong[0])
            yh = float(reference.sigmoid(X[i] @ w + b))
            hint = named_mistake(
                got,
                [
                    (
                        "compare the probability sigma(z) with tau, not the logit z",
                        (X @ w + b > tau).astype(int),
                    )
                ],
            )
            hint = f" ({hint})" if hint else ""
            raise AssertionError(
                f"{what}: sample {i} has y_hat = {yh:.4f}, so the class is "
                f"{int(want[i])}, yours {int(got[i])}; {wrong.size} of {n} "
                f"samples are wrong{hint}"
            )


@question("q3", points=0.25)
def test_predict_is_strict_at_the_threshold(student, reference, rng):
    """Where sigma(b + w^T x) is exactly tau = 1/2 (the logit is exactly 0), is the class 0,
    as "1 where sigma > tau" says (> not >=)?"""
    n, p = int(rng.integers(12, 30)), int(rng.integers(2, 5))
    X = rng.integers(-3, 4, size=(n, p)).astype(float)
    w = rng.integers(-3, 4, size=p).astype(float)
    w[0] = 1.0
    b = -float(X[int(rng.integers(n))] @ w)  # integers: z is exactly 0 on that row and others
    on = np.flatnonzero(X @ w + b == 0)
    what = f"predict(w, b, X, tau=0.5) with X @ w + b exactly 0 on rows {on.tolist()}"
    want = reference.predict(w, b, X, 0.5)
    close(
        student.predict(w, b, X, 0.5),
        want,
        what=what,
        mistakes=[
            (
                "sigma(z) = tau exactly is class 0: compare with > tau, not >= tau",
                (X @ w + b >= 0).astype(int),
            )
        ],
    )


def _gradient_descent(reference, X, y, lr, epochs):
    """The reference's full-batch gradient descent from zeros, written out step by step."""
    w, b, losses = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs + 1):
        C, dw, db = reference.logistic_loss_and_grad(w, b, X, y)
        losses.append(C)
        w, b = w - lr * dw, b - lr * db
    return losses


@question("q3", points=0.75)
def test_training_is_gradient_descent_step_by_step(student, reference, rng):
    """For 1 to 6 epochs on small fresh data, are losses, w and b exactly those of full-batch
    gradient descent from w = 0, b = 0, both gradients taken at the same (w, b)?"""
    for epochs in (1, 2, int(rng.integers(3, 7))):
        n, p = int(rng.integers(10, 40)), int(rng.integers(2, 6))
        X, y = rng.normal(size=(n, p)), rng.integers(0, 2, size=n)
        lr = float(rng.uniform(0.1, 1.0))
        call = f"train_logistic(X ({n}, {p}), y, lr={lr:.3g}, epochs={epochs})"
        w, b, losses = unpack(
            student.train_logistic(X, y, lr=lr, epochs=epochs), ("w", "b", "losses"), call
        )
        costs = _gradient_descent(reference, X, y, lr, epochs)
        close(
            as_array(losses, f"losses from {call}").ravel(),
            costs[:-1],
            rtol=1e-10,
            atol=1e-12,
            what=f"losses from {call} (entry t: the cost before step t + 1)",
            mistakes=[("these are the costs AFTER each step; record C before it", costs[1:])],
        )
        want_w, want_b = np.zeros(p), 0.0
        for _ in range(epochs):
            _, dw, db = reference.logistic_loss_and_grad(want_w, want_b, X, y)
            want_w, want_b = want_w - lr * dw, want_b - lr * db
        close(w, want_w, rtol=1e-10, atol=1e-12, what=f"w from {call}")
        close(
            scalar(b, f"b from {call}"),
            want_b,
            rtol=1e-10,
            atol=1e-12,
            what=f"b from {call} (db is taken at the same (w, b) as dw, before w moves)",
        )


def _train(student, reference, rng, lr, epochs):
    X_train, y_train, X_test, y_test = cancer(rng)
    S_train, S_test = reference.standardize(X_train, X_test)
    call = f"train_logistic(X_train, y_train, lr={lr}, epochs={epochs}) on the cancer data"
    w, b, losses = unpack(
        student.train_logistic(S_train, y_train, lr=lr, epochs=epochs), ("w", "b", "losses"), call
    )
    w = as_array(w, "w").astype(float)
    if w.shape != (S_train.shape[1],):
        raise AssertionError(f"{call}: w has shape {w.shape}, expected ({S_train.shape[1]},)")
    b = scalar(b, f"b returned by {call}")
    if not np.isfinite(w).all():
        raise AssertionError(f"{call}: w holds NaN or infinity (diverged?)")
    return (w, b, losses), (S_train, y_train, S_test, y_test), call


@question("q3", points=0.75, timeout=60)
def test_training_classifies_held_out_tumours(student, reference, rng):
    """Does the (w, b) train_logistic returns classify at least 90% of unseen tumours?"""
    (w, b, _), (S_train, y_train, S_test, y_test), call = _train(student, reference, rng, 0.5, 200)
    acc = float(np.mean(reference.predict(w, b, S_test) == y_test))
    if acc < 0.90:
        fit = float(np.mean(reference.predict(w, b, S_train) == y_train))
        raise AssertionError(
            f"{call}: the returned model classifies {acc:.1%} of "
            f"{len(y_test)} held-out tumours correctly ({fit:.1%} of its "
            "training set); at least 90% is needed (gradient descent gets "
            "about 97%; is the step w - lr * dw?)"
        )


@question("q3", points=0.5, timeout=60)
def test_cost_history_starts_at_log_2_and_falls(student, reference, rng):
    """Is losses one cost per epoch, log 2 first (zero weights), never rising, and matching?"""
    epochs = int(rng.integers(30, 60))
    (w, b, losses), (S_train, y_train, _, _), call = _train(student, reference, rng, 0.2, epochs)
    arr = as_array(losses, "losses").astype(float).ravel()
    if arr.size != epochs:
        raise AssertionError(
            f"{call}: losses has {arr.size} entries, expected one per epoch ({epochs})"
        )
    if not np.isfinite(arr).all():
        raise AssertionError(f"{call}: losses holds NaN or infinity")
    if not np.isclose(arr[0], np.log(2), rtol=1e-9):
        raise AssertionError(
            f"{call}: losses[0] = {arr[0]:.6g}; starting from w = 0, b = 0 "
            "every y_hat is 1/2 and the first cost is log 2 = 0.693147 "
            "(record the cost BEFORE each step)"
        )
    rises = np.flatnonzero(np.diff(arr) > 1e-12)
    if rises.size:
        i = int(rises[0])
        raise AssertionError(
            f"{call}: the cost rose from {arr[i]:.6g} (epoch {i + 1}) to "
            f"{arr[i + 1]:.6g}; gradient DEscent with this small step never "
            "goes up"
        )
    final = reference.logistic_loss_and_grad(w, b, S_train, y_train)[0]
    if not final <= arr[-1] + 1e-12 or arr[-1] > 0.5 * arr[0]:
        raise AssertionError(
            f"{call}: the last recorded cost is {arr[-1]:.6g} and the cost "
            f"of the returned (w, b) is {final:.6g}; expected the costs to "
            "at least halve and the returned model to be one step further"
        )
