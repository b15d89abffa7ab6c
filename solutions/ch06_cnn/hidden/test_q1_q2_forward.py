"""q1 convolution by loops (eqs. 38, 38a, 38b); q2 the vectorized convolution (eq. 38c).

The answer key is torch.nn.functional.conv2d (a cross-correlation, like eq. 38); when an
output is wrong, the message names the likely mistake if the output matches a known one.
"""

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close

from ._checks import check_conv, conv_case, randn

# (N, C, H, W, F, KH, KW, S, P)
STRIDE_ONE = [
    (1, 1, 5, 5, 1, 3, 3, 1, 0),  # eq. (38) itself
    (2, 3, 6, 7, 2, 3, 3, 1, 1),
    (2, 2, 7, 6, 3, 2, 3, 1, 0),
    (1, 2, 5, 5, 3, 5, 5, 1, 2),
]
STRIDED = [
    (2, 2, 7, 7, 3, 3, 2, 2, 1),
    (1, 2, 8, 9, 2, 3, 3, 2, 0),  # (H - KH) % S = 1: the last row is never visited
    (2, 1, 9, 8, 2, 4, 3, 3, 2),
    (1, 3, 6, 5, 2, 2, 2, 3, 1),  # stride larger than the kernel
]


def _name(fn, cfg):
    N, C, H, W, F, KH, KW, S, P = cfg
    return (
        f"{fn}(x, weight, bias, stride={S}, padding={P}) with x {(N, C, H, W)}, "
        f"weight {(F, C, KH, KW)}"
    )


# --------------------------------------------------------------------------- q1 by loops


@question("q1", points=0.5)
def test_conv2d_single_worked_example(student):
    """Does the 4x4 ramp convolved with a 3x3 kernel of ones give [[45, 54], [81, 90]]?"""
    ramp = torch.arange(16.0, dtype=torch.float64).reshape(4, 4)
    close(
        student.conv2d_single(ramp, torch.ones(3, 3, dtype=torch.float64)),
        [[45.0, 54.0], [81.0, 90.0]],
        what="conv2d_single(ramp, ones(3, 3))",
    )


@question("q1", points=0.5)
def test_conv2d_single_is_eq38_for_any_shape(student, rng):
    """Is conv2d_single eq. (38), unflipped, for non-square images and kernels?"""
    for H, W, KH, KW in [(6, 7, 3, 2), (5, 5, 5, 5), (8, 6, 1, 3), (9, 9, 4, 4)]:
        x, w = randn(rng, H, W), randn(rng, KH, KW)
        check_conv(
            student.conv2d_single(x, w)[None, None],
            x[None, None],
            w[None, None],
            torch.zeros(1, dtype=torch.float64),
            1,
            0,
            what=f"conv2d_single(x, w) with x {(H, W)} and w {(KH, KW)}",
        )


@question("q1", points=1)
def test_conv2d_naive_matches_eq38a_with_stride_one(student, rng):
    """Does conv2d_naive sum over channels and add the bias, with and without padding?"""
    for cfg in STRIDE_ONE:
        x, w, b, S, P = conv_case(rng, cfg)
        check_conv(
            student.conv2d_naive(x, w, b, S, P), x, w, b, S, P, what=_name("conv2d_naive", cfg)
        )


@question("q1", points=1)
def test_conv2d_naive_handles_stride_and_padding(student, rng):
    """Does conv2d_naive start window (i, j) at (S*i, S*j) and size the output by eq. (38b)?"""
    for cfg in STRIDED:
        x, w, b, S, P = conv_case(rng, cfg)
        check_conv(
            student.conv2d_naive(x, w, b, stride=S, padding=P),
            x,
            w,
            b,
            S,
            P,
            what=_name("conv2d_naive", cfg),
        )


# --------------------------------------------------------------------------- q2 vectorized


@question("q2", points=1)
def test_conv2d_fast_matches_eq38a_with_stride_one(student, rng):
    """Does conv2d_fast equal eq. (38a) for stride 1, with and without padding?"""
    for cfg in [*STRIDE_ONE, (4, 5, 12, 10, 6, 3, 3, 1, 1), (3, 4, 7, 9, 5, 1, 1, 1, 0)]:
        x, w, b, S, P = conv_case(rng, cfg)
        check_conv(
            student.conv2d_fast(x, w, b, S, P), x, w, b, S, P, what=_name("conv2d_fast", cfg)
        )


@question("q2", points=1)
def test_conv2d_fast_handles_stride_and_padding(student, rng):
    """Does conv2d_fast get strides, paddings and leftover rows right (eq. 38b)?"""
    for cfg in [*STRIDED, (3, 3, 16, 13, 4, 5, 3, 2, 2), (2, 2, 6, 6, 3, 8, 8, 1, 1)]:
        x, w, b, S, P = conv_case(rng, cfg)
        check_conv(
            student.conv2d_fast(x, w, b, stride=S, padding=P),
            x,
            w,
            b,
            S,
            P,
            what=_name("conv2d_fast", cfg),
        )


@question("q2", points=0.5)
def test_conv2d_fast_adds_one_bias_per_filter(student, rng):
    """Is b_f added to every entry of output channel f (and nowhere else)?"""
    # N = F = H'W' = W'^2: a bias broadcast along the wrong axis does not raise here
    for cfg in [(4, 2, 4, 4, 4, 3, 3, 1, 0), (2, 3, 5, 5, 2, 3, 3, 2, 0)]:
        x, w, b, S, P = conv_case(rng, cfg)
        check_conv(
            student.conv2d_fast(x, w, b, S, P), x, w, b, S, P, what=_name("conv2d_fast", cfg)
        )
        check_conv(
            student.conv2d_fast(x, torch.zeros_like(w), b, S, P),
            x,
            torch.zeros_like(w),
            b,
            S,
            P,
            what=_name("conv2d_fast", cfg) + " and weight = 0 (z[n, f] = b_f)",
        )


@question("q2", points=0.5)
def test_conv2d_fast_keeps_float32(student, rng):
    """Do float32 inputs give a float32 output with float32 accuracy?"""
    cfg = (3, 4, 10, 10, 5, 3, 3, 1, 1)
    x, w, b, S, P = conv_case(rng, cfg, dtype=torch.float32)
    got = student.conv2d_fast(x, w, b, S, P)
    if as_array(got, "conv2d_fast").dtype != np.float32:
        raise AssertionError(
            f"conv2d_fast: float32 inputs gave a {as_array(got).dtype} output; keep the dtype of x"
        )
    check_conv(
        got, x, w, b, S, P, what=_name("conv2d_fast", cfg) + " in float32", rtol=1e-4, atol=1e-4
    )
