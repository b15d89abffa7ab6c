"""q4: max-pooling and average-pooling (eq. P), forward and backward, against torch's layers
and autograd."""

import numpy as np
import torch
import torch.nn.functional as tnf

from autograder.api import question
from shared.compare import as_array, close, named_mistake

# (size, stride or None for the default stride = size, H, W)
CASES = [
    (2, None, 8, 8),
    (3, 2, 9, 7),
    (2, 1, 5, 6),
    (3, None, 10, 11),
    (4, 4, 8, 12),
    (3, 1, 6, 6),
]


def _x(rng, H, W, N=2, C=3):
    return torch.from_numpy(rng.standard_normal((N, C, H, W)))


def _call(fn, *args, size, stride):
    """Leave stride out when it is None, to check the default stride = size."""
    return fn(*args, size) if stride is None else fn(*args, size, stride)


def _name(fn, size, stride, H, W):
    s = "" if stride is None else f", stride={stride}"
    return f"{fn}(size={size}{s}) on a {H} x {W} input"


def _autograd(layer, x, size, stride, rng):
    leaf = x.clone().requires_grad_()
    y = layer(leaf, size, stride)
    dout = torch.from_numpy(rng.standard_normal(tuple(y.shape)))
    y.backward(dout)
    return dout, leaf.grad


@question("q4", points=0.5)
def test_maxpool2d_forward_matches_torch(student, rng):
    """Is maxpool2d_forward the maximum over every window, for strides and leftover rows?"""
    for size, stride, H, W in CASES:
        x = _x(rng, H, W)
        close(
            _call(student.maxpool2d_forward, x, size=size, stride=stride),
            tnf.max_pool2d(x, size, stride),
            what=_name("maxpool2d_forward", size, stride, H, W),
        )


@question("q4", points=0.5)
def test_avgpool2d_forward_matches_torch(student, rng):
    """Is avgpool2d_forward the mean over every window, for strides and leftover rows?"""
    for size, stride, H, W in CASES:
        x = _x(rng, H, W)
        close(
            _call(student.avgpool2d_forward, x, size=size, stride=stride),
            tnf.avg_pool2d(x, size, stride),
            rtol=1e-10,
            atol=1e-12,
            what=_name("avgpool2d_forward", size, stride, H, W),
        )


@question("q4", points=1.25)
def test_maxpool2d_backward_matches_autograd(student, rng):
    """Does maxpool2d_backward match autograd, overlapping windows included?"""
    for size, stride, H, W in CASES:
        x = _x(rng, H, W)
        dout, want = _autograd(tnf.max_pool2d, x, size, stride, rng)
        close(
            _call(student.maxpool2d_backward, dout, x, size=size, stride=stride),
            want,
            rtol=1e-10,
            atol=1e-12,
            what=_name("maxpool2d_backward", size, stride, H, W),
        )


@question("q4", points=0.75)
def test_maxpool2d_backward_routes_to_the_argmax_only(student, rng):
    """Does each window send its gradient to its maximum only, not to every element?"""
    size, H, W = 2, 6, 8
    x = _x(rng, H, W)
    dout, want = _autograd(tnf.max_pool2d, x, size, size, rng)
    got = as_array(student.maxpool2d_backward(dout, x, size, size), "dx")
    what = _name("maxpool2d_backward", size, size, H, W)
    if got.shape != tuple(x.shape):
        raise AssertionError(f"{what}: shape {got.shape}, expected {tuple(x.shape)} (that of x)")
    windows = got.reshape(2, 3, H // size, size, W // size, size)
    nonzero = (windows != 0).sum(axis=(3, 5))
    if (nonzero > 1).any():
        spread = np.repeat(np.repeat(dout.numpy(), size, axis=2), size, axis=3)
        hint = named_mistake(got, [("dout was copied to every element of the window", spread)])
        raise AssertionError(
            f"{what}: {int((nonzero > 1).sum())} of {nonzero.size} windows "
            f"have more than one nonzero gradient; the derivative of a "
            f"maximum is 1 at the argmax and 0 elsewhere" + (f" ({hint})" if hint else "")
        )
    close(got, want, rtol=1e-10, atol=1e-12, what=what)


@question("q4", points=1)
def test_avgpool2d_backward_matches_autograd(student, rng):
    """Does avgpool2d_backward spread dout / size^2 over each window, overlaps adding up?"""
    for size, stride, H, W in CASES:
        x = _x(rng, H, W)
        dout, want = _autograd(tnf.avg_pool2d, x, size, stride, rng)
        close(
            _call(student.avgpool2d_backward, dout, x, size=size, stride=stride),
            want,
            rtol=1e-10,
            atol=1e-12,
            what=_name("avgpool2d_backward", size, stride, H, W),
        )


def _route(dout, x, size, S, pick):
    """dx with dout[n, c, i, j] sent to the window positions ``pick`` chooses: a boolean mask
    over the size * size entries of each window (row-major), given the window's values."""
    N, C, H_out, W_out = dout.shape
    dx = np.zeros(x.shape)
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, S * i : S * i + size, S * j : S * j + size].reshape(N, C, -1)
            share = pick(window) * dout[:, :, i, j, None]
            dx[:, :, S * i : S * i + size, S * j : S * j + size] += share.reshape(N, C, size, size)
    return dx


def _first_max(w):
    return np.arange(w.shape[-1]) == w.argmax(axis=-1)[..., None]  # argmax: the first maximum


def _last_max(w):
    last = w.shape[-1] - 1 - w[..., ::-1].argmax(axis=-1)
    return np.arange(w.shape[-1]) == last[..., None]


def _every_max(w):
    return w == w.max(axis=-1, keepdims=True)


@question("q4", points=0.5)
def test_maxpool2d_backward_breaks_ties_at_the_first_maximum(student, rng):
    """On integer-valued inputs (ties in most windows), does each window send its gradient to
    its first maximum in row-major order only, overlapping windows adding up?"""
    for size, stride, H, W in [(2, None, 6, 8), (3, 2, 7, 7), (2, 1, 5, 6)]:
        S = size if stride is None else stride
        x = torch.from_numpy(rng.integers(0, 3, size=(2, 3, H, W)).astype(np.float64))
        dout = torch.from_numpy(
            rng.standard_normal((2, 3, 1 + (H - size) // S, 1 + (W - size) // S))
        )
        xs, ds = x.numpy(), dout.numpy()
        close(
            _call(student.maxpool2d_backward, dout, x, size=size, stride=stride),
            _route(ds, xs, size, S, _first_max),
            rtol=1e-12,
            atol=1e-12,
            what=_name("maxpool2d_backward", size, stride, H, W) + " with values in {0, 1, 2}",
            mistakes=[
                (
                    "every tied maximum of a window gets dout; ties go to the first maximum "
                    "(row-major) only",
                    _route(ds, xs, size, S, _every_max),
                ),
                (
                    "ties go to the last maximum of the window; the docstring asks for the "
                    "first (row-major), as argmax gives it",
                    _route(ds, xs, size, S, _last_max),
                ),
            ],
        )
