"""q8: PCA through the SVD: mean, principal axes (up to sign), explained variance ratios,
projection and reconstruction (section 2.6).

Axes are compared column by column after flipping the sign of each of the student's columns
to agree with the reference's: either sign is right. The data are drawn with well-separated
variances (ratios of successive spreads at least 1.3), so that every axis is unique up to its
sign.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, same_shape


def _data(rng, N, p, spreads=None):
    """N samples in R^p with spreads s_1 > s_2 > ... (random orthonormal axes), off-centre."""
    if spreads is None:
        spreads = 3.0 * np.cumprod(np.r_[1.0, rng.uniform(1.3, 2.0, size=p - 1) ** -1])
    Q = np.linalg.qr(rng.normal(size=(p, p)))[0]
    X = (rng.normal(size=(N, p)) * spreads) @ Q.T + rng.uniform(-5, 5, size=p)
    return X


def _aligned(V, ref):
    """V with each column's sign flipped to agree with the column of ref it matches best."""
    V = np.asarray(V, dtype=float)
    if V.shape != ref.shape:
        return V
    signs = np.where(np.sum(V * ref, axis=0) < 0, -1.0, 1.0)
    return V * signs


def _pca(student, X, m):
    N, p = X.shape
    call = f"pca(X, m={m}) for X of shape ({N}, {p})"
    out = student.pca(X, m)
    if not isinstance(out, (list, tuple)) or len(out) != 3:
        raise AssertionError(f"{call} should return the triple (mu, V_m, ratio)")
    mu = same_shape(out[0], (p,), what=f"mu from {call}").astype(np.float64)
    V = as_array(out[1], f"V_m from {call}").astype(np.float64)
    if V.shape == (m, p) and m != p:
        raise AssertionError(
            f"V_m from {call}: shape {V.shape}, expected ({p}, {m}): the axes are the COLUMNS "
            "of V_m, i.e. the first m rows of the Vt that np.linalg.svd returns, transposed"
        )
    V = same_shape(V, (p, m), what=f"V_m from {call}").astype(np.float64)
    ratio = same_shape(out[2], (m,), what=f"ratio from {call}").astype(np.float64)
    return mu, V, ratio, call


def _wrong_answers(X, m):
    """The axes and ratios of the usual mistakes, for messages."""
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    _, s_raw, Vt_raw = np.linalg.svd(X, full_matrices=False)
    axes = [
        ("the data were not centred: subtract mu before the SVD", Vt_raw[:m].T),
        ("these are the first m COLUMNS of Vt; the axes are its first m rows", Vt[:, :m]),
        (
            "these are the eigenvectors of the covariance in ascending order: the principal "
            "axes come with the LARGEST variances",
            Vt[::-1][:m].T,
        ),
    ]
    ratios = [
        ("s_k / sum s_j: the variance is s_k SQUARED", s[:m] / s.sum()),
        (
            "normalized over the m kept axes only; divide by the sum over all r axes",
            s[:m] ** 2 / np.sum(s[:m] ** 2),
        ),
        (
            "the data were not centred: subtract mu before the SVD",
            s_raw[:m] ** 2 / np.sum(s_raw**2),
        ),
        ("these are the variances s_k^2 / N, not their ratios", s[:m] ** 2 / len(X)),
    ]
    return axes, ratios


@question("q8", points=1)
def test_pca_mean_axes_and_ratios(student, reference, rng):
    """Are mu, the first m axes (up to sign) and their explained variance ratios right, for
    N > p, N < p and m from 1 to r?"""
    for N, p, m in ((40, 5, 2), (30, 4, 4), (6, 9, 3), (50, 3, 1)):
        X = _data(rng, N, p) if N > p else _data(rng, N, p, 3.0 * 0.6 ** np.arange(p))
        mu, V, ratio, call = _pca(student, X, m)
        want_mu, want_V, want_ratio = reference.pca(X, m)
        axes, ratios = _wrong_answers(X, m)
        close(mu, want_mu, rtol=1e-10, atol=1e-12, what=f"mu from {call}")
        close(
            _aligned(V, want_V),
            want_V,
            rtol=1e-6,
            atol=1e-8,
            what=f"V_m from {call} (each column's sign matched to the reference's)",
            mistakes=[(hint, _aligned(value, want_V)) for hint, value in axes],
        )
        close(ratio, want_ratio, rtol=1e-8, atol=1e-14, what=f"ratio from {call}", mistakes=ratios)


@question("q8", points=0.5)
def test_pca_axes_are_orthonormal_and_sorted(student, reference, rng):
    """Are the axes orthonormal columns, the ratios decreasing in [0, 1], and do all r ratios
    sum to 1? Is the variance of the scores X_c v_k equal to ratio_k times the total?"""
    N, p = int(rng.integers(30, 60)), int(rng.integers(3, 7))
    X = _data(rng, N, p)
    mu, V, ratio, call = _pca(student, X, p)
    close(V.T @ V, np.eye(p), atol=1e-10, what=f"V^T V for V from {call}")
    if np.any(np.diff(ratio) > 1e-15) or ratio.min() < 0 or ratio.max() > 1:
        raise AssertionError(
            f"ratio from {call} = {np.round(ratio, 4)}: expected values in [0, 1], "
            "largest first (np.linalg.svd sorts s in decreasing order)"
        )
    close(ratio.sum(), 1.0, rtol=1e-10, what=f"the sum of all {p} ratios from {call}")
    Xc = X - X.mean(axis=0)
    total = np.sum(Xc**2)
    close(
        np.sum((Xc @ V) ** 2, axis=0) / total,
        ratio,
        rtol=1e-8,
        atol=1e-14,
        what=f"the variance along each returned axis, as a share of the total, for {call}",
    )


@question("q8", points=0.5)
def test_small_variances_survive(student, reference, rng):
    """With spreads from 3 down to 3e-6 (s_1 / s_p ~ 1e6), is the smallest ratio (~1e-12)
    still right to 1e-7? The SVD of X_c keeps it; the eigenvalues of X_c^T X_c do not."""
    for _ in range(3):
        p = int(rng.integers(4, 7))
        spreads = np.sort(3.0 * np.logspace(0, -6, p) * rng.uniform(0.9, 1.1, size=p))[::-1]
        X = _data(rng, 200, p, spreads)
        _, _, ratio, call = _pca(student, X, p)
        Xc = X - X.mean(axis=0)
        lam = np.linalg.eigvalsh(Xc.T @ Xc)[::-1]
        close(
            ratio,
            reference.pca(X, p)[2],
            rtol=1e-7,
            atol=0,
            what=f"ratio from {call}, spreads {np.array2string(spreads, precision=1)}",
            mistakes=[
                (
                    "the eigenvalues of X_c^T X_c lose the small variances to rounding: take "
                    "the SVD of X_c itself",
                    lam / lam.sum(),
                )
            ],
        )


@question("q8", points=0.75)
def test_project_and_reconstruct(student, reference, rng):
    """Are the scores Z = (X - mu) V_m and the reconstructions X_hat = mu + Z V_m^T right, and
    is a reconstruction from all p axes the data itself?"""
    N, p = int(rng.integers(10, 30)), int(rng.integers(3, 7))
    X = _data(rng, N, p)
    for m in (1, int(rng.integers(2, p)), p):
        mu, V, _ = reference.pca(X, m)
        V = V * rng.choice([-1.0, 1.0], size=m)  # any signs
        what = f"pca_project(X, mu, V) for X ({N}, {p}) and V ({p}, {m})"
        close(
            same_shape(student.pca_project(X, mu, V), (N, m), what=what),
            reference.pca_project(X, mu, V),
            rtol=1e-9,
            atol=1e-10,
            what=what,
            mistakes=[("the mean was not subtracted: z = V^T (x - mu)", X @ V)],
        )
        Z = rng.normal(size=(N, m)) * 2
        what = f"pca_reconstruct(Z, mu, V) for Z ({N}, {m}) and V ({p}, {m})"
        close(
            student.pca_reconstruct(Z, mu, V),
            reference.pca_reconstruct(Z, mu, V),
            rtol=1e-9,
            atol=1e-10,
            what=what,
            mistakes=[("the mean was not added back: x_hat = mu + V z", Z @ V.T)],
        )
    close(
        student.pca_reconstruct(student.pca_project(X, mu, V), mu, V),
        X,
        rtol=1e-9,
        atol=1e-9,
        what=f"the reconstruction of X ({N}, {p}) from all {p} axes (should be X itself)",
    )


@question("q8", points=0.25)
def test_reconstruction_error_is_the_variance_left_out(student, rng):
    """Through your pca, pca_project and pca_reconstruct: is the mean squared reconstruction
    error from m axes (1/N) sum_{k > m} s_k^2, the smallest any rank-m map achieves?"""
    N, p = int(rng.integers(30, 80)), int(rng.integers(4, 8))
    X = _data(rng, N, p)
    m = int(rng.integers(1, p))
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    mu, V, _, call = _pca(student, X, m)
    X_hat = same_shape(
        student.pca_reconstruct(student.pca_project(X, mu, V), mu, V), (N, p), what="X_hat"
    ).astype(np.float64)
    err = float(np.sum((X - X_hat) ** 2) / N)
    best = float(np.sum(s[m:] ** 2) / N)
    close(
        err,
        best,
        rtol=1e-8,
        what=f"(1/N) ||X - X_hat||^2 after {call}, pca_project and pca_reconstruct",
    )
