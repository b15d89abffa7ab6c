"""q5: batch normalization (5.6), forward in train and eval mode, and backward.

The student's backward receives the student's own cache (its content is the student's
choice); gradients are compared with central differences in float64 and torch autograd.
"""

import numpy as np

from autograder.api import question
from shared.compare import as_array, close, named_mistake
from shared.gradcheck import numeric_gradient

EPS = 1e-5


def _inputs(rng, n, d):
    x = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + 3 * rng.normal(size=d)
    gamma = rng.uniform(0.5, 2.0, size=d) * rng.choice([-1.0, 1.0], size=d)
    beta = rng.normal(size=d)
    running_mean, running_var = rng.normal(size=d), rng.uniform(0.5, 2.0, size=d)
    return x, gamma, beta, running_mean, running_var


def _forward(student, *args, **kw):
    out = student.batchnorm_forward(*args, **kw)
    if not isinstance(out, (list, tuple)) or len(out) != 4:
        got = (
            f"a {type(out).__name__} of {len(out)}"
            if isinstance(out, (list, tuple))
            else type(out).__name__
        )
        raise AssertionError(
            "batchnorm_forward should return (y, cache, new_running_mean, "
            f"new_running_var), got {got}"
        )
    return out


def _backward(student, dout, cache):
    out = student.batchnorm_backward(dout, cache)
    if not isinstance(out, (list, tuple)) or len(out) != 3:
        raise AssertionError("batchnorm_backward should return (dx, dgamma, dbeta)")
    return out


def _dx_hint(dx, x, gamma, dout):
    """Name the usual slips in dx: a known wrong value, else a broken column sum."""
    inv_std = 1 / np.sqrt(x.var(axis=0) + EPS)
    hint = named_mistake(
        dx,
        [
            (
                "this treats the batch mean and variance as constants: they "
                "depend on every x of the column, which adds two terms",
                gamma * inv_std * dout,
            )
        ],
    )
    if hint:
        return f" ({hint})"
    dx = np.asarray(as_array(dx, "dx"), dtype=float)
    if dx.shape != x.shape:
        return ""
    col = np.abs(dx.sum(axis=0)).max()
    if col > 1e-6 * (1 + np.abs(dx).max()):
        return (
            f" (every column of dx should sum to 0, yours sums up to {col:.3g}: the term "
            "through the batch mean, -sum_k g_kj, is missing or wrong)"
        )
    return ""


def _check_backward(student, rng, x, gamma, beta, rm, rv, want, context):
    dout = want["dout"]
    _, cache, _, _ = _forward(student, x, gamma, beta, rm, rv, True)
    dx, dgamma, dbeta = _backward(student, dout, cache)
    close(dbeta, want["dbeta"], rtol=1e-6, atol=1e-9, what=f"dbeta ({context})")
    close(dgamma, want["dgamma"], rtol=1e-6, atol=1e-9, what=f"dgamma ({context})")
    try:
        close(dx, want["dx"], rtol=1e-6, atol=1e-9, what=f"dx ({context})")
    except AssertionError as exc:
        raise AssertionError(f"{exc}{_dx_hint(dx, x, gamma, dout)}") from None


@question("q5", points=1)
def test_forward_train_mode_normalizes_and_updates_running_stats(student, reference, rng):
    """In train mode, are y and the new running mean and variance right (any momentum)?"""
    for n, d, momentum in (
        (int(rng.integers(4, 20)), int(rng.integers(2, 7)), 0.9),
        (50, 3, float(rng.uniform(0.5, 0.99))),
    ):
        x, gamma, beta, rm, rv = _inputs(rng, n, d)
        y, _, m, v = _forward(student, x, gamma, beta, rm, rv, True, momentum)
        wy, _, wm, wv = reference.batchnorm_forward(x, gamma, beta, rm, rv, True, momentum)
        context = f"x of shape {x.shape}, momentum {momentum:.3g}"
        close(y, wy, rtol=1e-7, atol=1e-10, what=f"y ({context})")
        close(m, wm, rtol=1e-9, atol=1e-12, what=f"new running_mean ({context})")
        close(
            v,
            wv,
            rtol=1e-9,
            atol=1e-12,
            what=f"new running_var ({context})",
            mistakes=[
                (
                    "that is the 1/(N-1) variance; use the 1/N one, as for the normalization",
                    momentum * rv + (1 - momentum) * x.var(axis=0, ddof=1),
                )
            ],
        )


@question("q5", points=0.5)
def test_forward_eval_mode_uses_running_stats(student, reference, rng):
    """In eval mode, is y normalized with the running statistics, which stay unchanged?"""
    x, gamma, beta, rm, rv = _inputs(rng, int(rng.integers(1, 6)), int(rng.integers(2, 6)))
    y, _, m, v = _forward(student, x, gamma, beta, rm, rv, False)
    context = f"eval mode, x of shape {x.shape}"
    close(
        y, gamma * (x - rm) / np.sqrt(rv + EPS) + beta, rtol=1e-7, atol=1e-10, what=f"y ({context})"
    )
    close(m, rm, rtol=0, atol=0, what=f"running_mean returned in eval mode ({context})")
    close(v, rv, rtol=0, atol=0, what=f"running_var returned in eval mode ({context})")


@question("q5", points=1.25)
def test_backward_matches_central_differences(student, reference, rng):
    """Do dx, dgamma, dbeta match float64 central differences of sum(y * dout)?"""
    x, gamma, beta, rm, rv = _inputs(rng, int(rng.integers(3, 8)), int(rng.integers(2, 5)))
    dout = rng.normal(size=x.shape)

    def y_of(x_, g_, b_):
        return reference.batchnorm_forward(x_, g_, b_, rm, rv, True)[0]

    want = {
        "dout": dout,
        "dx": numeric_gradient(lambda v: np.sum(y_of(v, gamma, beta) * dout), x),
        "dgamma": numeric_gradient(lambda v: np.sum(y_of(x, v, beta) * dout), gamma),
        "dbeta": numeric_gradient(lambda v: np.sum(y_of(x, gamma, v) * dout), beta),
    }
    _check_backward(student, rng, x, gamma, beta, rm, rv, want, f"x of shape {x.shape}")


@question("q5", points=1.25)
def test_backward_matches_torch_autograd(student, reference, rng):
    """Does batchnorm_backward agree with torch autograd on a bigger batch?"""
    import torch

    x, gamma, beta, rm, rv = _inputs(rng, int(rng.integers(32, 100)), int(rng.integers(5, 15)))
    dout = rng.normal(size=x.shape)
    xt, gt, bt = (
        torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (x, gamma, beta)
    )
    mu = xt.mean(dim=0)
    var = ((xt - mu) ** 2).mean(dim=0)
    y = gt * (xt - mu) / torch.sqrt(var + EPS) + bt
    gx, gg, gb = torch.autograd.grad((y * torch.tensor(dout)).sum(), (xt, gt, bt))
    want = {"dout": dout, "dx": gx.numpy(), "dgamma": gg.numpy(), "dbeta": gb.numpy()}
    _check_backward(student, rng, x, gamma, beta, rm, rv, want, f"x of shape {x.shape}")


@question("q5", points=0.5)
def test_tiny_scale_columns_use_exactly_the_given_eps(student, reference, rng):
    """For columns of spread 1e-5 to 1e-3 and eps = 1e-10, is y = gamma (x - mu) /
    sqrt(s2 + eps) + beta, in train and eval mode: the eps passed in, and no other epsilon?"""
    n, d, eps = int(rng.integers(8, 30)), 4, 1e-10
    scale = 10.0 ** rng.uniform(-5, -3, size=d)
    x = (rng.normal(size=(n, d)) + 3 * rng.normal(size=d)) * scale
    gamma, beta = rng.uniform(0.5, 2.0, size=d), rng.normal(size=d)
    rm, rv = x.mean(axis=0) + scale * rng.normal(size=d), scale**2 * rng.uniform(0.5, 2.0, size=d)
    for train in (True, False):
        mu, s2 = (x.mean(axis=0), x.var(axis=0)) if train else (rm, rv)
        y = _forward(student, x, gamma, beta, rm, rv, train, 0.9, eps)[0]
        want = reference.batchnorm_forward(x, gamma, beta, rm, rv, train, 0.9, eps)[0]
        close(
            y,
            want,
            rtol=1e-7,
            atol=1e-10,
            what=f"y ({'train' if train else 'eval'} mode, column spreads {scale.round(6)}, "
            f"eps={eps})",
            mistakes=[
                (
                    "this uses eps = 1e-5 whatever eps is passed",
                    gamma * (x - mu) / np.sqrt(s2 + 1e-5) + beta,
                ),
                (
                    "an extra epsilon is added to sqrt(s2 + eps): on columns this narrow it "
                    "changes y; eps is the only one",
                    gamma * (x - mu) / (np.sqrt(s2 + eps) + 1e-8) + beta,
                ),
            ],
        )
