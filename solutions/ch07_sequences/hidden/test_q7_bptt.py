"""q7: back-propagation through time for the Elman RNN (eqs. 7.9, 7.10), against torch
autograd through eq. (7.1) and against central differences, in float64."""

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close
from shared.gradcheck import numeric_gradient

from ._checks import randn, unpack

NAMES = ("dx", "dh0", "dW_xh", "dW_hh", "db")


def _forward(x, h0, W_xh, W_hh, b):
    """Eq. (7.1), differentiable: all hidden states (T, N, H)."""
    h, hs = h0, []
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ W_xh.T + h @ W_hh.T + b)
        hs.append(h)
    return torch.stack(hs)


def _case(rng, T, N, D, H, dtype=torch.float64):
    """(x, h0, W_xh, W_hh, b), dhs."""
    params = (
        randn(rng, T, N, D, dtype=dtype),
        randn(rng, N, H, dtype=dtype),
        randn(rng, H, D, scale=0.8, dtype=dtype),
        randn(rng, H, H, scale=H**-0.5, dtype=dtype),
        randn(rng, H, scale=0.5, dtype=dtype),
    )
    return params, randn(rng, T, N, H, dtype=dtype)


def _autograd(params, dhs):
    """The five gradients of C = sum(dhs * hs), by torch autograd, and hs."""
    leaves = [p.clone().requires_grad_() for p in params]
    hs = _forward(*leaves)
    hs.backward(dhs)
    return [leaf.grad for leaf in leaves], hs.detach()


def _name(params):
    T, N, D = params[0].shape
    return f"rnn_backward with (T, N, D, H) = {(T, N, D, params[1].shape[1])}"


def _grads(student, params, dhs, hs, what):
    x, h0, W_xh, W_hh, b = params
    got = unpack(student.rnn_backward(dhs, x, h0, W_xh, W_hh, hs), 5, what)
    out = []
    for name, g, p in zip(NAMES, got, params, strict=True):
        arr = as_array(g, f"{name} from {what}")
        if tuple(arr.shape) != tuple(p.shape):
            raise AssertionError(
                f"{name} from {what}: shape {tuple(arr.shape)}, expected {tuple(p.shape)}, "
                f"the shape of {name[1:]} (the order is dx, dh0, dW_xh, dW_hh, db)"
            )
        out.append(arr)
    return out


def _wrong_gradients(params, dhs, hs):
    """Known wrong answers, by gradient name: {name: [(hint, value)]}."""
    x, h0, W_xh, W_hh, b = params
    T = x.shape[0]
    starts = torch.cat([h0[None], hs[:-1]])
    # deltas of the right recursion, and of two wrong ones
    right, no_carry, no_deriv = [], [], []
    dh = torch.zeros_like(h0)
    for t in reversed(range(T)):
        d = (dhs[t] + dh) * (1 - hs[t] ** 2)
        right.insert(0, d)
        no_carry.insert(0, dhs[t] * (1 - hs[t] ** 2))
        dh = d @ W_hh
    dh = torch.zeros_like(h0)
    for t in reversed(range(T)):
        no_deriv.insert(0, dhs[t] + dh)
        dh = no_deriv[0] @ W_hh
    right, no_carry, no_deriv = (torch.stack(v) for v in (right, no_carry, no_deriv))
    per_step = torch.einsum("tnh,tnk->thk", right, starts)
    out = {
        "dW_hh": [
            (
                "this is the sum of delta^<t> h^<t>T: use h^<t-1>, the state that entered step t "
                "(h0 at the first step)",
                torch.einsum("tnh,tnk->hk", right, hs),
            ),
            (
                "this is the first step's term only: the weights are shared, so dW_hh is the sum "
                "over all T steps (+=, not =)",
                per_step[0],
            ),
            ("this is the last step's term only: dW_hh is the sum over all T steps", per_step[-1]),
        ],
        "dW_xh": [
            (
                "this is the first step's term only: dW_xh is the sum over all T steps (+=, not =)",
                right[0].T @ x[0],
            ),
        ],
    }
    common = [
        (
            "the gradient that flows back from step t+1 (W_hh^T delta^<t+1>) is not added to "
            "dhs[t]",
            no_carry,
        ),
        ("the tanh derivative 1 - h^2 is missing", no_deriv),
    ]
    for hint, deltas in common:
        alt = {
            "dx": deltas @ W_xh,
            "dh0": deltas[0] @ W_hh,
            "dW_xh": torch.einsum("tnh,tnd->hd", deltas, x),
            "dW_hh": torch.einsum("tnh,tnk->hk", deltas, starts),
            "db": deltas.sum(dim=(0, 1)),
        }
        for name, value in alt.items():
            out.setdefault(name, []).append((hint, value))
    return out


def _compare(got, want, params, dhs, hs, what, rtol=1e-9, atol=1e-11):
    wrong = _wrong_gradients(params, dhs, hs)  # a few small products: cheap to form up front
    for name, g, w in zip(NAMES, got, want, strict=True):
        close(g, w, rtol=rtol, atol=atol, what=f"{name} from {what}", mistakes=wrong[name])


# (T, N, D, H): T = 1 (no time to propagate through), N = 1, D == H and D != H
SIZES = [(1, 2, 3, 4), (1, 1, 1, 1), (5, 3, 4, 6), (8, 2, 3, 3), (12, 4, 5, 5), (3, 1, 6, 2)]


@question("q7", points=2)
def test_rnn_backward_matches_autograd(student, rng):
    """Are dx, dh0, dW_xh, dW_hh and db those of torch autograd, for T = 1 to 12?"""
    for size in SIZES:
        params, dhs = _case(rng, *size)
        want, hs = _autograd(params, dhs)
        what = _name(params)
        _compare(_grads(student, params, dhs, hs, what), want, params, dhs, hs, what)


@question("q7", points=1)
def test_rnn_backward_matches_numeric_gradient(student, rng):
    """Do all five gradients agree with central differences of C = sum(dhs * hs)?"""
    params, dhs = _case(rng, 4, 2, 3, 3)
    hs = _forward(*params)
    what = _name(params)
    got = _grads(student, params, dhs, hs, what)
    wrong = _wrong_gradients(params, dhs, hs)
    for i, (name, g) in enumerate(zip(NAMES, got, strict=True)):

        def cost(a, i=i):
            args = list(params)
            args[i] = torch.from_numpy(a)
            return float((dhs * _forward(*args)).sum())

        num = numeric_gradient(cost, params[i].numpy())
        close(
            g,
            num,
            rtol=1e-6,
            atol=1e-8,
            what=f"{name} from {what} against the numeric gradient",
            mistakes=wrong[name],
        )


@question("q7", points=0.5)
def test_rnn_backward_carries_the_last_state_back_to_the_start(student, rng):
    """With a cost on the last state only, does the gradient reach x^<1> and h0?"""
    T, N, D, H = 6, 2, 3, 4
    params, dhs = _case(rng, T, N, D, H)
    dhs[:-1] = 0.0  # C = sum(dhs[T-1] * h^<T>): the earlier states matter only through h^<T>
    want, hs = _autograd(params, dhs)
    what = f"{_name(params)} and dhs zero except at the last step"
    got = _grads(student, params, dhs, hs, what)
    for name, g in (("dx[0]", got[0][0]), ("dh0", got[1])):
        if np.abs(g).max() == 0:
            raise AssertionError(
                f"{what}: {name} is all zeros, but x^<1> and h0 change h^<T> through the "
                "recurrence: carry dh_next = delta @ W_hh back to step t-1 and add it to "
                "dhs[t-1] (eq. 7.9)"
            )
    _compare(got, want, params, dhs, hs, what)


@question("q7", points=0.5)
def test_rnn_backward_keeps_float32(student, rng):
    """Do float32 inputs give float32 gradients with float32 accuracy?"""
    params, dhs = _case(rng, 6, 3, 4, 5)
    want, hs = _autograd(params, dhs)
    args32 = [p.float() for p in params]
    what = _name(params) + " in float32"
    got = _grads(student, args32, dhs.float(), hs.float(), what)
    for name, g, w in zip(NAMES, got, want, strict=True):
        if g.dtype != np.float32:
            raise AssertionError(
                f"{name} from {what}: the output is {g.dtype}; keep the dtype of x"
            )
        scale = float(np.abs(w.numpy()).max())
        close(g, w, rtol=1e-4, atol=1e-5 * scale, what=f"{name} from {what}")
