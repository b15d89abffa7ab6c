"""Helpers shared by the ch03 hidden tests: unpacking results, fresh data sets, angles,
rescaled wrong answers."""

import numpy as np

from shared.compare import as_array


def scalar(x, what):
    """x as one float; a message naming ``what`` when it is an array of several numbers."""
    arr = as_array(x, what)
    if arr.size != 1:
        raise AssertionError(f"{what} should be one number, got an array of shape {arr.shape}")
    value = float(arr.reshape(()))
    if not np.isfinite(value):
        raise AssertionError(f"{what} is {value} (overflow? use the stable formula)")
    return value


def unpack(out, names, call):
    """Check that ``out`` is a tuple of len(names) and return it as a tuple."""
    if not isinstance(out, (list, tuple)) or len(out) != len(names):
        got = (
            f"a {type(out).__name__} of {len(out)}"
            if isinstance(out, (list, tuple))
            else type(out).__name__
        )
        raise AssertionError(f"{call} should return the tuple ({', '.join(names)}), got {got}")
    return tuple(out)


def scaled_mistakes(want, n, sign="the gradient is (y_hat - y) times the input"):
    """Wrong answers that are ``want`` rescaled, as (hint, value) pairs for close(mistakes=).

    ``n`` is the batch size N; ``sign`` says what the right sign comes from.
    """
    w = np.asarray(want, dtype=float)
    if not np.any(w):
        return []
    return [
        ("yours is zero everywhere", np.zeros_like(w)),
        (f"yours has the wrong sign: {sign}", -w),
        (
            f"yours is N = {n} times too large: C is the MEAN over the samples",
            n * w if n > 1 else None,
        ),
        ("yours is twice the expected value", 2 * w),
        ("yours is half the expected value: d/dr ||r||^2 = 2 r", w / 2),
    ]


def cancer(rng, test_fraction=0.25):
    """The breast cancer data shuffled by the grader's rng: X_train, y_train, X_test, y_test."""
    from sklearn.datasets import load_breast_cancer

    d = load_breast_cancer()
    order = rng.permutation(len(d.target))
    X, y = d.data[order], d.target[order]
    n_test = int(round(test_fraction * len(y)))
    return X[n_test:], y[n_test:], X[:n_test], y[:n_test]


def xor(rng, n, scale):
    """Uniform points on [-scale, scale]^2; y = 1 where x1 and x2 share a sign."""
    X = rng.uniform(-1, 1, size=(n, 2)) * scale
    return X, (X[:, 0] * X[:, 1] > 0).astype(int)


def circles(seed, n, factor, scale):
    """Two noisy concentric rings (make_circles), scaled; y = 1 on the inner ring."""
    from sklearn.datasets import make_circles

    X, y = make_circles(n, noise=0.08, factor=factor, random_state=seed)
    return X * scale, y


def low_rank(rng, n, p, m):
    """n centred samples in R^p: m strong directions (std 1.5-2.5), weak noise (0.1-0.5)."""
    Q = np.linalg.qr(rng.normal(size=(p, p)))[0]
    scales = np.concatenate([rng.uniform(1.5, 2.5, size=m), rng.uniform(0.1, 0.5, size=p - m)])
    X = (rng.normal(size=(n, p)) * scales) @ Q.T
    return X - X.mean(axis=0)


def angle_deg(A, B):
    """Largest principal angle, in degrees, between the column spaces of A and B."""
    Qa, Qb = np.linalg.qr(A)[0], np.linalg.qr(B)[0]
    s = np.linalg.svd(Qa.T @ Qb, compute_uv=False)
    return float(np.degrees(np.arccos(np.clip(s.min(), -1.0, 1.0))))
