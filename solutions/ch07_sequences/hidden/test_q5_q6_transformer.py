"""q5: the sinusoidal positional encoding (eq. 7.6); q6: layer normalization (eq. 7.7) and
the pre-LN encoder block (eq. 7.8), against torch.nn.functional.layer_norm and
torch.nn.TransformerEncoderLayer(norm_first=True) with copied weights."""

import numpy as np
import torch
import torch.nn.functional as tnf

from autograder.api import question
from shared.compare import close

from ._checks import TIGHT, block_by_hand, block_params, keeps_dtype, randn, torch_block


def _pe(T, E, sin_first=True, two_k=True, start=0):
    """Eq. (7.6) in numpy, with known mistakes switchable."""
    t = np.arange(start, start + T, dtype=np.float64)[:, None]
    k = np.arange(E // 2, dtype=np.float64)[None, :]
    angle = t / 10000.0 ** ((2 * k if two_k else k) / E)
    pe = np.empty((T, E))
    pe[:, 0::2], pe[:, 1::2] = (
        (np.sin(angle), np.cos(angle)) if sin_first else (np.cos(angle), np.sin(angle))
    )
    return pe


def _pe_mistakes(T, E):
    """Known wrong answers for positional_encoding(T, E), computed when needed."""
    return [
        (
            "sin and cos are swapped: even columns 2k hold the sine, odd columns the cosine",
            lambda: _pe(T, E, sin_first=False),
        ),
        (
            "the exponent is k / E; column pair (2k, 2k + 1) uses 10000^(2k / E)",
            lambda: _pe(T, E, two_k=False),
        ),
        (
            "positions start at 1; they start at t = 0 (row 0 is 0, 1, 0, 1, ...)",
            lambda: _pe(T, E, start=1),
        ),
        (
            "all sines first, then all cosines: the columns interleave, sin at 2k and cos "
            "at 2k + 1",
            lambda: np.concatenate([_pe(T, E)[:, 0::2], _pe(T, E)[:, 1::2]], axis=1),
        ),
    ]


@question("q5", points=1)
def test_positional_encoding_values(student, rng):
    """Is PE[t, 2k] = sin(t / 10000^(2k/E)) and PE[t, 2k+1] = the cosine, for several T, E?"""
    sizes = [(1, 2), (5, 4), (50, 16), (int(rng.integers(10, 40)), 2 * int(rng.integers(3, 20)))]
    for T, E in sizes:
        want, what = _pe(T, E), f"positional_encoding({T}, {E})"
        close(
            keeps_dtype(student.positional_encoding(T, E), want, what),
            want,
            rtol=1e-9,
            atol=1e-12,
            what=what,
            mistakes=_pe_mistakes(T, E),
        )


@question("q5", points=1)
def test_positional_encoding_properties(student, rng):
    """Long and wide: do rows have norm sqrt(E/2), and PE_t . PE_(t+s) depend on s only?"""
    T, E = int(rng.integers(300, 600)), 2 * int(rng.integers(32, 96))
    want, what = _pe(T, E), f"positional_encoding({T}, {E})"
    pe = keeps_dtype(student.positional_encoding(T, E), want, what)
    close(pe, want, rtol=1e-9, atol=1e-11, what=what, mistakes=_pe_mistakes(T, E))
    norms = np.linalg.norm(pe, axis=1)
    worst = int(np.argmax(np.abs(norms - np.sqrt(E / 2))))
    if abs(norms[worst] - np.sqrt(E / 2)) > 1e-8:
        raise AssertionError(
            f"row {worst} of positional_encoding({T}, {E}) has norm "
            f"{norms[worst]:.6g}; every row has norm sqrt(E/2) = "
            f"{np.sqrt(E / 2):.6g} (sin^2 + cos^2 = 1 per column pair)"
        )
    s = int(rng.integers(1, 50))
    diag = np.diagonal(pe @ pe.T, offset=s)
    worst = int(np.argmax(np.abs(diag - diag[0])))
    if abs(diag[worst] - diag[0]) > 1e-8:
        raise AssertionError(
            f"PE_t . PE_(t+{s}) should not depend on t, but it is "
            f"{diag[0]:.6g} at t = 0 and {diag[worst]:.6g} at t = {worst}"
        )


# --------------------------------------------------------------------------- q6


def _ln_mistakes(z, gamma, beta, eps, offset=False):
    """Known wrong answers for layer_norm(z, gamma, beta, eps); offset: z shares a large
    common offset, where the one-pass variance loses its digits."""
    E = z.shape[-1]
    unbiased = (
        gamma
        * (z - z.mean(-1, keepdim=True))
        / torch.sqrt(z.var(-1, keepdim=True, unbiased=True) + eps)
        + beta
    )
    out = [
        ("the variance divides by E - 1; eq. (7.7) divides by E", unbiased),
        (
            "eps is added to the standard deviation, not to the variance",
            gamma * (z - z.mean(-1, keepdim=True)) / (z.std(-1, keepdim=True, unbiased=False) + eps)
            + beta,
        ),
    ]
    if offset:
        mu = z.mean(-1, keepdim=True)
        one_pass = (z * z).mean(-1, keepdim=True) - mu**2
        out.append(
            (
                "the variance is mean(z**2) - mu**2, which loses its digits when the entries "
                "share a large offset: take the mean of (z - mu)**2",
                gamma * (z - mu) / torch.sqrt(one_pass + eps) + beta,
            )
        )
    if z.ndim == 3:
        mu, var = z.mean(dim=(1, 2), keepdim=True), z.var(dim=(1, 2), keepdim=True, unbiased=False)
        out.append(
            (
                "the statistics are taken over the whole (T, E) slice of a sample; "
                f"layer norm uses each position's own {E} entries (the last axis)",
                gamma * (z - mu) / torch.sqrt(var + eps) + beta,
            )
        )
    return out


@question("q6", points=1)
def test_layer_norm_matches_torch(student, rng):
    """Does layer_norm equal torch.nn.functional.layer_norm over the last axis, for any eps,
    also when the entries share a large offset?"""
    for shape, eps, offset, spread in [
        ((4, 6), 1e-5, 3, 4.0),
        ((2, 5, 8), 1e-5, 3, 4.0),
        ((3, 2, 4, 3), 0.1, 3, 4.0),
        ((1, 1, 2), 1e-3, 3, 4.0),
        ((3, 8), 1e-5, 1e4, 1e-2),  # a large common offset: mean(z**2) - mu**2 cancels
    ]:
        E = shape[-1]
        z = offset + randn(rng, *shape, scale=spread)
        gamma, beta = randn(rng, E), randn(rng, E)
        want = tnf.layer_norm(z, (E,), gamma, beta, eps)
        what = f"layer_norm(z, gamma, beta, eps={eps}) for z of shape {shape}"
        if offset > 3:
            what += f" and entries {offset:g} + N(0, {spread:g}^2)"
        close(
            keeps_dtype(student.layer_norm(z, gamma, beta, eps=eps), want, what),
            want,
            **(TIGHT if offset == 3 else {"rtol": 1e-6, "atol": 1e-8}),
            what=what,
            mistakes=_ln_mistakes(z, gamma, beta, eps, offset=offset > 3),
        )


def _block_mistakes(x, p, h):
    """Known wrong answers for encoder_block(x, p, h), computed when needed."""
    return [
        (
            "this is the post-LN block: LN after each residual sum; eq. (7.8) normalizes "
            "the input of each part (norm_first=True)",
            lambda: torch_block(x, p, h, norm_first=False),
        ),
        (
            "the residual connection around the feed-forward part is missing: Z = Y + FFN(LN_2(Y))",
            lambda: block_by_hand(x, p, h, ffn_residual=False),
        ),
    ]


@question("q6", points=2)
def test_encoder_block_matches_torch(student, rng):
    """Is encoder_block torch.nn.TransformerEncoderLayer(norm_first=True), for several sizes?"""
    for N, T, E, F, h in [(2, 5, 8, 32, 2), (1, 7, 6, 12, 3), (3, 4, 4, 16, 1)]:
        p, x = block_params(rng, E, F), randn(rng, N, T, E)
        what = f"encoder_block(x, params, {h}) with x {(N, T, E)}, F = {F}"
        want = torch_block(x, p, h)
        close(
            keeps_dtype(student.encoder_block(x, p, h), want, what),
            want,
            rtol=1e-8,
            atol=1e-10,
            what=what,
            mistakes=_block_mistakes(x, p, h),
        )


@question("q6", points=1)
def test_encoder_block_causal_and_eps(student, rng):
    """With causal=True and another eps, is it still torch's layer with a causal mask?"""
    N, T, E, F, h, eps = 2, 6, 8, 16, 4, 1e-2
    p, x = block_params(rng, E, F), 2 + randn(rng, N, T, E, scale=0.3)
    close(
        student.encoder_block(x, p, h, causal=True, eps=eps),
        torch_block(x, p, h, causal=True, eps=eps),
        rtol=1e-8,
        atol=1e-10,
        what=f"encoder_block(x, params, {h}, causal=True, eps={eps}) with x {(N, T, E)}",
        mistakes=[
            ("eps is not passed on to layer_norm", lambda: torch_block(x, p, h, causal=True))
        ],
    )
