"""q1: the Elman RNN forward pass (eq. 7.1), against torch.nn.RNN with copied weights."""

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close

from ._checks import TIGHT, keeps_dtype, randn, torch_rnn

# (T, N, D, H); D == H in some, so that a transposed W_xh or W_hh does not raise
SIZES = [(1, 1, 1, 1), (5, 3, 4, 6), (8, 2, 3, 3), (12, 4, 5, 5), (3, 5, 7, 2)]


def _case(rng, T, N, D, H, dtype=torch.float64):
    return (
        randn(rng, T, N, D, dtype=dtype),
        randn(rng, N, H, dtype=dtype),
        randn(rng, H, D, dtype=dtype),
        randn(rng, H, H, scale=0.9, dtype=dtype),
        randn(rng, H, dtype=dtype),
    )


def _mistakes(x, h0, W_xh, W_hh, b):
    """Known wrong answers for rnn_forward(x, h0, W_xh, W_hh, b), computed when needed."""
    out = [
        (
            "the recurrent term uses W_hh transposed: in rows, W_hh h^<t-1> is h_prev @ W_hh.T",
            lambda: torch_rnn(x, h0, W_xh, W_hh.T, b),
        ),
        (
            "the first step starts from zeros: it must start from the given h0",
            lambda: torch_rnn(x, torch.zeros_like(h0), W_xh, W_hh, b),
        ),
        ("the bias b is missing", lambda: torch_rnn(x, h0, W_xh, W_hh, torch.zeros_like(b))),
    ]
    if W_xh.shape[0] == W_xh.shape[1]:
        out.append(
            (
                "the input term uses W_xh transposed: in rows, W_xh x^<t> is x[t] @ W_xh.T",
                lambda: torch_rnn(x, h0, W_xh.T, W_hh, b),
            )
        )
    return out


@question("q1", points=1.5)
def test_rnn_forward_matches_torch_rnn(student, rng):
    """Are all T hidden states those of torch.nn.RNN with the same weights, saturated too?"""
    for T, N, D, H in SIZES:
        args = _case(rng, T, N, D, H)
        want = torch_rnn(*args)
        what = f"rnn_forward for (T, N, D, H) = {(T, N, D, H)}"
        got = student.rnn_forward(*args)
        g = as_array(got, what)
        if g.shape != tuple(want.shape):
            raise AssertionError(
                f"{what}: shape {g.shape}, expected (T, N, H) = "
                f"{tuple(want.shape)}, one state per step (without h0)"
            )
        close(keeps_dtype(g, want, what), want, **TIGHT, what=what, mistakes=_mistakes(*args))
    # pre-activations of order 1000: tanh saturates at +-1; exp(z) on its own overflows
    x, *rest = _case(rng, 6, 3, 4, 5)
    args = (300 * x, *rest)
    close(
        student.rnn_forward(*args),
        torch_rnn(*args),
        **TIGHT,
        what="rnn_forward with x of order 300 (states saturated at +-1; torch.tanh stays "
        "finite where exp(z) overflows)",
    )


@question("q1", points=0.5)
def test_rnn_forward_starts_from_h0(student, rng):
    """With x = 0 and b = 0, is the first state tanh(W_hh h0), so h0 is really used?"""
    N, D, H = 3, 2, 4
    h0, W_hh = 2 * randn(rng, N, H), randn(rng, H, H)
    got = student.rnn_forward(
        torch.zeros(2, N, D, dtype=torch.float64),
        h0,
        randn(rng, H, D),
        W_hh,
        torch.zeros(H, dtype=torch.float64),
    )
    g = as_array(got, "rnn_forward")
    if g.shape != (2, N, H):
        raise AssertionError(f"rnn_forward: shape {g.shape}, expected (T, N, H) = (2, {N}, {H})")
    close(
        g[0],
        torch.tanh(h0 @ W_hh.T),
        **TIGHT,
        what="hs[0] = tanh(h0 @ W_hh.T) when x = 0 and b = 0",
        mistakes=[
            ("all zeros: h0 is ignored", torch.zeros(N, H)),
            ("this is tanh(h0 @ W_hh): W_hh is transposed", torch.tanh(h0 @ W_hh)),
        ],
    )


@question("q1", points=0.5)
def test_rnn_forward_can_be_resumed(student, rng):
    """Is running x[:k], then x[k:] from the last state, the same as running all of x?"""
    T, N, D, H = 10, 2, 3, 4
    x, h0, W_xh, W_hh, b = _case(rng, T, N, D, H)
    k = int(rng.integers(2, T - 2))
    whole = as_array(student.rnn_forward(x, h0, W_xh, W_hh, b), "rnn_forward(x)")
    first = as_array(student.rnn_forward(x[:k], h0, W_xh, W_hh, b), f"rnn_forward(x[:{k}])")
    rest = student.rnn_forward(x[k:], torch.tensor(first[-1]), W_xh, W_hh, b)
    close(
        np.concatenate([first, as_array(rest, "rnn_forward")]),
        whole,
        rtol=1e-10,
        atol=1e-12,
        what=f"rnn_forward(x[:{k}]) followed by rnn_forward(x[{k}:], "
        "h0=last state), against rnn_forward(x)",
    )


@question("q1", points=0.5)
def test_rnn_forward_keeps_float32(student, rng):
    """Do float32 inputs give a float32 output with float32 accuracy?"""
    args64 = _case(rng, 6, 4, 5, 7)
    got = student.rnn_forward(*(a.float() for a in args64))
    g = as_array(got, "rnn_forward")
    if g.dtype != np.float32:
        raise AssertionError(
            f"rnn_forward: float32 inputs gave a {g.dtype} output; keep the dtype of x"
        )
    close(g, torch_rnn(*args64), rtol=1e-4, atol=1e-5, what="rnn_forward in float32")
