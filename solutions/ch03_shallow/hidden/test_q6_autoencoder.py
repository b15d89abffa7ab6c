"""q6: the shallow linear autoencoder (3.5): forward pass, cost, gradients, and training.

Training is graded by the largest principal angle between the decoder's column space and
the top-m principal subspace of fresh low-rank data, never by the weights themselves: any
invertible mix of the principal directions is an equally good answer.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close
from shared.gradcheck import numeric_gradient

from ._checks import angle_deg, low_rank, scalar, scaled_mistakes, unpack


def _problem(rng, n, p, m):
    return rng.normal(size=(n, p)), rng.normal(size=(m, p)), rng.normal(size=(p, m))


@question("q6", points=0.5)
def test_forward_codes_and_reconstructions(student, reference, rng):
    """Are H = X W_enc^T (N, m) and X_hat = H W_dec^T (N, p) right?"""
    n, p, m = int(rng.integers(3, 10)), int(rng.integers(4, 8)), int(rng.integers(1, 4))
    X, We, Wd = _problem(rng, n, p, m)
    call = f"ae_forward(X ({n}, {p}), W_enc ({m}, {p}), W_dec ({p}, {m}))"
    H, Xh = unpack(student.ae_forward(X, We, Wd), ("H", "X_hat"), call)
    wH, wXh = reference.ae_forward(X, We, Wd)
    close(H, wH, rtol=1e-9, atol=1e-12, what=f"H ({call})")
    close(Xh, wXh, rtol=1e-9, atol=1e-12, what=f"X_hat ({call})")


@question("q6", points=0.5)
def test_cost_is_the_mean_squared_reconstruction_error(student, reference, rng):
    """Is C the mean over SAMPLES of ||x_hat - x||^2 (summed over the p coordinates)?"""
    n, p, m = int(rng.integers(4, 12)), int(rng.integers(3, 7)), 2
    X, We, Wd = _problem(rng, n, p, m)
    call = f"ae_loss_and_grads(X ({n}, {p}), W_enc ({m}, {p}), W_dec ({p}, {m}))"
    C = unpack(student.ae_loss_and_grads(X, We, Wd), ("C", "dW_enc", "dW_dec"), call)[0]
    got, want = scalar(C, f"C ({call})"), reference.ae_loss_and_grads(X, We, Wd)[0]
    close(
        got,
        want,
        rtol=1e-9,
        what=f"C ({call})",
        mistakes=[
            ("a mean over all N p entries? sum over the coordinates, average over N", want / p),
            *scaled_mistakes(want, n),
        ],
    )


@question("q6", points=1.25)
def test_gradients_match_central_differences(student, reference, rng):
    """Do dW_enc (m, p) and dW_dec (p, m) match float64 central differences of C?"""
    for n, p, m in ((int(rng.integers(3, 8)), 5, 2), (1, 3, 1), (20, 4, 3)):
        X, We, Wd = _problem(rng, n, p, m)
        call = f"ae_loss_and_grads(X ({n}, {p}), W_enc ({m}, {p}), W_dec ({p}, {m}))"
        _, dWe, dWd = unpack(student.ae_loss_and_grads(X, We, Wd), ("C", "dW_enc", "dW_dec"), call)
        want_e = numeric_gradient(
            lambda v, X=X, Wd=Wd: reference.ae_loss_and_grads(X, v, Wd)[0], We
        )
        want_d = numeric_gradient(
            lambda v, X=X, We=We: reference.ae_loss_and_grads(X, We, v)[0], Wd
        )
        for got, want, name in ((dWd, want_d, "dW_dec"), (dWe, want_e, "dW_enc")):
            close(
                got,
                want,
                rtol=1e-5,
                atol=1e-7,
                what=f"{name} ({call})",
                mistakes=scaled_mistakes(want, n),
            )


def _initial(seed, m, p):
    """The prescribed start: W_enc, then W_dec, from np.random.default_rng(seed)."""
    g = np.random.default_rng(seed)
    W_enc = 0.1 * g.normal(size=(m, p))
    return W_enc, 0.1 * g.normal(size=(p, m))


@question("q6", points=0.5)
def test_training_steps_from_the_seeded_start(student, reference, rng):
    """For 1 and 3 epochs, are W_enc, W_dec and losses exactly those of full-batch gradient
    descent from W_enc = 0.1 N(0, 1), then W_dec = 0.1 N(0, 1), drawn from
    np.random.default_rng(seed), both updated from the same gradients?"""
    for epochs in (1, 3):
        n, p, m = int(rng.integers(10, 30)), int(rng.integers(3, 7)), int(rng.integers(1, 3))
        X = rng.normal(size=(n, p))
        X -= X.mean(axis=0)
        lr, seed = float(rng.uniform(0.01, 0.1)), int(rng.integers(10_000))
        call = f"train_linear_ae(X ({n}, {p}), m={m}, lr={lr:.3g}, epochs={epochs}, seed={seed})"
        We, Wd, losses = unpack(
            student.train_linear_ae(X, m, lr=lr, epochs=epochs, seed=seed),
            ("W_enc", "W_dec", "losses"),
            call,
        )
        want_e, want_d = _initial(seed, m, p)
        costs = []
        for _ in range(epochs):
            C, dWe, dWd = reference.ae_loss_and_grads(X, want_e, want_d)
            costs.append(C)
            want_e, want_d = want_e - lr * dWe, want_d - lr * dWd
        legacy = np.random.RandomState(seed)  # np.random.seed(seed) then np.random.randn
        legacy_start = 0.1 * legacy.normal(size=(m, p)), 0.1 * legacy.normal(size=(p, m))
        mistakes = [
            (
                "the start is not W_enc = 0.1 * rng.normal(size=(m, p)) then W_dec = 0.1 * "
                "rng.normal(size=(p, m)) with rng = np.random.default_rng(seed)",
                [reference.ae_loss_and_grads(X, *legacy_start)[0]],
            )
        ]
        close(
            as_array(losses, f"losses from {call}").ravel()[:1],
            costs[:1],
            rtol=1e-10,
            atol=1e-12,
            what=f"losses[0] from {call} (the cost at the seeded start)",
            mistakes=mistakes,
        )
        close(
            as_array(losses, f"losses from {call}").ravel(),
            costs,
            rtol=1e-10,
            atol=1e-12,
            what=f"losses from {call} (entry t: the cost before step t + 1)",
        )
        close(We, want_e, rtol=1e-10, atol=1e-12, what=f"W_enc from {call}")
        close(Wd, want_d, rtol=1e-10, atol=1e-12, what=f"W_dec from {call}")


def _train(student, rng):
    n, p, m = 300, int(rng.integers(6, 12)), int(rng.integers(2, 4))
    X = low_rank(rng, n, p, m)
    seed = int(rng.integers(1000))
    call = f"train_linear_ae(X ({n}, {p}), m={m}, lr=0.05, epochs=400, seed={seed})"
    We, Wd, losses = unpack(
        student.train_linear_ae(X, m, lr=0.05, epochs=400, seed=seed),
        ("W_enc", "W_dec", "losses"),
        call,
    )
    We, Wd = as_array(We, "W_enc").astype(float), as_array(Wd, "W_dec").astype(float)
    if We.shape != (m, p) or Wd.shape != (p, m):
        raise AssertionError(
            f"{call}: W_enc {We.shape}, W_dec {Wd.shape}; expected ({m}, {p}) and ({p}, {m})"
        )
    if not (np.isfinite(We).all() and np.isfinite(Wd).all()):
        raise AssertionError(f"{call}: the weights hold NaN or infinity (diverged?)")
    return X, m, We, Wd, losses, call


@question("q6", points=0.75, timeout=60)
def test_training_finds_the_principal_subspace(student, reference, rng):
    """After training, do the decoder's columns span the top-m principal subspace (< 3 deg)?"""
    X, m, We, Wd, _, call = _train(student, rng)
    top = np.linalg.svd(X, full_matrices=False)[2][:m].T
    angle = angle_deg(Wd, top)
    if angle > 3:
        raise AssertionError(
            f"{call}: the decoder's column space is {angle:.1f} degrees from "
            "the principal subspace of the data (expected under 3); are both "
            "W_enc and W_dec updated at every step?"
        )


@question("q6", points=0.5, timeout=60)
def test_training_reaches_the_pca_cost(student, reference, rng):
    """Is losses one cost per epoch, falling, and is the final cost the PCA optimum (+1%)?"""
    X, m, We, Wd, losses, call = _train(student, rng)
    arr = as_array(losses, "losses").astype(float).ravel()
    if arr.size != 400 or not np.isfinite(arr).all():
        raise AssertionError(
            f"{call}: losses should be 400 finite costs, one per epoch; got {arr.size} entries"
        )
    s = np.linalg.svd(X, compute_uv=False)
    best = float(np.sum(s[m:] ** 2) / len(X))
    final = reference.ae_loss_and_grads(X, We, Wd)[0]
    if not final <= 1.01 * best or not arr[-1] < arr[0]:
        raise AssertionError(
            f"{call}: the cost of the returned weights is {final:.6g}, the "
            f"best rank-{m} reconstruction (PCA) costs {best:.6g}; losses "
            f"went from {arr[0]:.4g} to {arr[-1]:.4g}"
        )
