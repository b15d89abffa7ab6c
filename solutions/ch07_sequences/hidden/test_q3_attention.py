"""q3: the stable softmax and scaled dot-product attention (eq. 7.3) with masks.

The answer key is torch.softmax and torch.nn.functional.scaled_dot_product_attention in
float64; when an output is wrong, the message names the likely mistake if it equals the
output of a known wrong formula.
"""

import functools
import math

import numpy as np
import torch
import torch.nn.functional as tnf

from autograder.api import question
from shared.compare import as_array, close, named_mistake, rows_are_probabilities

from ._checks import TIGHT, keeps_dtype, randn, unpack


def _weights(Q, K, allowed=None, scale=None, dim=-1):
    """softmax(Q K^T * scale + mask) along dim; allowed: bool, True where attention is allowed."""
    s = Q @ K.transpose(-2, -1) * (Q.shape[-1] ** -0.5 if scale is None else scale)
    if allowed is not None:
        s = s.masked_fill(~allowed, -math.inf)
    return torch.softmax(s, dim=dim)


def _allowed(Tq, Tk, mask=None, causal=False):
    """The bool mask the reference applies: mask and/or the lower triangle."""
    out = None
    if causal:
        out = torch.ones(Tq, Tk, dtype=torch.bool).tril()
    if mask is not None:
        out = mask if out is None else out & mask
    return out


def _wrong_weights(Q, K, allowed, mask=None, causal=False):
    """Known wrong formulas: (hint, weights), weights() giving their A, computed once, when
    an answer is wrong."""
    lazy = functools.cache
    out = [
        ("the scores are not divided by sqrt(d_k)", lazy(lambda: _weights(Q, K, allowed, 1.0))),
        (
            "the scores are divided by d_k, not sqrt(d_k)",
            lazy(lambda: _weights(Q, K, allowed, scale=1 / Q.shape[-1])),
        ),
    ]
    T = Q.shape[-2]
    if T == K.shape[-2]:
        out.append(
            (
                "the softmax runs over the queries (dim=-2); each row t must be a "
                "probability vector over the keys j (dim=-1)",
                lazy(lambda: _weights(Q, K, allowed, dim=-2)),
            )
        )
    if causal and T == K.shape[-2]:
        upper = torch.ones(T, T, dtype=torch.bool).triu()
        out.append(
            (
                "the causal mask keeps the upper triangle: query t may look at keys "
                "j <= t only, the lower triangle (torch.tril)",
                lazy(lambda: _weights(Q, K, upper if mask is None else upper & mask)),
            )
        )
    if causal and T != K.shape[-2]:
        Tk = K.shape[-2]
        shifted = torch.ones(T, Tk, dtype=torch.bool).tril(Tk - T)
        out.append(
            (
                f"the causal mask is aligned to the last key (query t sees keys j <= t + "
                f"Tk - Tq); with Tq = {T} and Tk = {Tk}, query t sees keys j <= t, both "
                "counted from 0",
                lazy(lambda: _weights(Q, K, shifted if mask is None else shifted & mask)),
            )
        )
    if allowed is not None:
        out.append(
            (
                "the mask is applied after the softmax: set the disallowed scores to "
                "-inf before it, so that the allowed weights still sum to 1",
                lazy(lambda: _weights(Q, K) * allowed),
            )
        )
    if mask is not None:
        out.append(
            (
                "the mask is inverted: True means attention IS allowed (as in "
                "scaled_dot_product_attention)",
                lazy(lambda: _weights(Q, K, _allowed(T, K.shape[-2], ~mask, causal))),
            )
        )
    return out


def check_attention(got, Q, K, V, what, mask=None, causal=False, rtol=1e-9, atol=1e-11):
    """Assert (out, A) from attention(Q, K, V, mask, causal) against torch's."""
    allowed = _allowed(Q.shape[-2], K.shape[-2], mask, causal)
    A_want = _weights(Q, K, allowed)
    out_want = tnf.scaled_dot_product_attention(Q, K, V, attn_mask=allowed)
    out, A = unpack(got, 2, "attention")
    wrong = _wrong_weights(Q, K, allowed, mask, causal)
    A_mistakes = [(hint, A_of) for hint, A_of in wrong]
    A_arr = as_array(A, f"A from {what}")
    if Q.dtype == torch.float64:
        keeps_dtype(A_arr, A_want, f"A from {what}")
    try:
        close(A_arr, A_want, rtol=rtol, atol=atol, what=f"A from {what}", mistakes=A_mistakes)
    except AssertionError:
        if A_arr.shape == tuple(A_want.shape) and named_mistake(A_arr, A_mistakes) is None:
            rows_are_probabilities(A_arr, tol=1e-8, what=f"A from {what}")
        raise
    close(
        out,
        out_want,
        rtol=rtol,
        atol=atol,
        what=f"out from {what}",
        mistakes=[(hint, lambda A_of=A_of: A_of() @ V) for hint, A_of in wrong],
    )


@question("q3", points=1)
def test_softmax_matches_torch_and_is_stable(student, rng):
    """Does softmax give torch's answer along any dim, for scores up to 1e4 and with -inf?"""
    for shape, dim, scale in [
        ((5, 7), -1, 1.0),
        ((5, 7), -1, 1e4),
        ((3, 4, 6), 1, 1e3),
        ((6, 3), 0, 50.0),
        ((2, 3, 5), -1, 800.0),
    ]:
        z = randn(rng, *shape, scale=scale)
        what = f"softmax(z, dim={dim}) for z of shape {shape} and |z| up to {scale:g}"
        close(
            student.softmax(z, dim=dim),
            torch.softmax(z, dim=dim),
            rtol=TIGHT["rtol"],
            atol=1e-300,
            what=what,
            mistakes=[
                (f"the softmax runs over the last axis, not dim={dim}", torch.softmax(z, dim=-1))
            ],
        )
    z = randn(rng, 4, 6, scale=100.0)
    z[:, 4:] = -math.inf
    z[0, :3] = -math.inf
    got = as_array(student.softmax(z), "softmax(z) with -inf entries")
    rows_are_probabilities(got, what="softmax(z) with -inf entries (masked scores)")
    close(
        got,
        torch.softmax(z, dim=-1),
        rtol=TIGHT["rtol"],
        atol=1e-300,
        what="softmax(z) with -inf entries",
    )


@question("q3", points=1.5)
def test_attention_matches_torch_without_mask(student, rng):
    """Do out and A equal scaled_dot_product_attention's for 2-, 3- and 4-D inputs, and do
    float32 inputs give float32 outputs?"""
    for lead, Tq, Tk, dk, dv in [
        ((), 5, 7, 4, 6),
        ((3,), 6, 6, 8, 3),
        ((2, 3), 4, 9, 2, 5),
        ((2, 1), 1, 1, 3, 3),
    ]:
        Q, K, V = randn(rng, *lead, Tq, dk), randn(rng, *lead, Tk, dk), randn(rng, *lead, Tk, dv)
        what = f"attention(Q, K, V) with Q {tuple(Q.shape)}, K {tuple(K.shape)}, V {tuple(V.shape)}"
        check_attention(student.attention(Q, K, V), Q, K, V, what)
    Q, K, V = (randn(rng, 2, 3, T, 4, dtype=torch.float32) for T in (5, 6, 6))
    out, A = unpack(student.attention(Q, K, V), 2, "attention")
    for name, got, want in (
        ("A", A, _weights(Q.double(), K.double())),
        ("out", out, tnf.scaled_dot_product_attention(Q.double(), K.double(), V.double())),
    ):
        what = f"{name} from attention(Q, K, V) with float32 Q, K, V"
        close(keeps_dtype(got, want, what, np.float32), want, rtol=1e-4, atol=1e-5, what=what)


@question("q3", points=1)
def test_attention_with_causal_and_padding_masks(student, rng):
    """Causal (Tq = Tk and Tq != Tk), padding, and both: are the weights zero where
    disallowed and right elsewhere?"""
    N, T, d = 3, 6, 4
    Q, K, V = randn(rng, N, T, d), randn(rng, N, T, d), randn(rng, N, T, 5)
    check_attention(
        student.attention(Q, K, V, causal=True),
        Q,
        K,
        V,
        f"attention(Q, K, V, causal=True) with Q {tuple(Q.shape)}",
        causal=True,
    )
    lengths = [T, int(rng.integers(2, T)), 1]
    pad = (torch.arange(T)[None, :] < torch.tensor(lengths)[:, None])[:, None, :]  # (N, 1, T)
    check_attention(
        student.attention(Q, K, V, mask=pad),
        Q,
        K,
        V,
        f"attention(Q, K, V, mask) with a padding mask (N, 1, Tk), lengths {lengths}",
        mask=pad,
    )
    for Tq, Tk in ((3, T), (T + 2, T)):  # query t sees keys j <= t, counted from 0 in both
        Qr = randn(rng, N, Tq, d)
        check_attention(
            student.attention(Qr, K, V, causal=True),
            Qr,
            K,
            V,
            f"attention(Q, K, V, causal=True) with Tq = {Tq} and Tk = {Tk}",
            causal=True,
        )
    Q4, K4, V4 = randn(rng, N, 2, T, d), randn(rng, N, 2, T, d), randn(rng, N, 2, T, 3)
    pad4 = pad[:, None]  # (N, 1, 1, T)
    pad4[:, :, :, 0] = True  # the first key stays visible to every query
    check_attention(
        student.attention(Q4, K4, V4, mask=pad4, causal=True),
        Q4,
        K4,
        V4,
        "attention(Q, K, V, mask, causal=True) with Q (N, heads, T, d) and a "
        "padding mask (N, 1, 1, Tk)",
        mask=pad4,
        causal=True,
    )


@question("q3", points=0.5)
def test_attention_is_stable_for_huge_scores(student, rng):
    """With scores of order 1e4 (and a causal mask), are out and A finite and right?"""
    Q, K = randn(rng, 2, 5, 4, scale=100.0), randn(rng, 2, 5, 4, scale=100.0)
    V = randn(rng, 2, 5, 3)
    check_attention(
        student.attention(Q, K, V),
        Q,
        K,
        V,
        "attention(Q, K, V) with entries of Q and K of order 100",
        atol=1e-300,
    )
    check_attention(
        student.attention(Q, K, V, causal=True),
        Q,
        K,
        V,
        "attention(Q, K, V, causal=True) with entries of order 100",
        causal=True,
        atol=1e-300,
    )
