"""q2s: conv2d_fast timed against the reference im2col (unfold + one matmul), as a ratio.

The harness (autograder/grading/speed.py) runs both kernels in their own workers on the same
fresh float32 inputs, alternately, each worker frozen while the other is timed, and checks
both outputs every round; thresholds are in assignment.toml. Size: one tall image with few
channels, so that the work per output row and per output pixel is small: a Python loop over
the 512 output rows costs about 7.5x the reference and one over the pixels about 80x, while
vectorized formulations stay within 0.7-1.1x (benchmarks/ch06/RESULTS.md). The same size on
a GPU, where a call's time is the inputs' transport plus kernel launches: a loop launches
kernels per row or pixel, a vectorized kernel a handful.
"""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close

# (N, C, H, W, F, KH, KW, S, P)
SIZES = {
    "cpu": (1, 4, 512, 16, 8, 3, 3, 1, 1),  # out (1, 8, 512, 16); reference ~1.2 ms CPU
    "cuda": (1, 4, 512, 16, 8, 3, 3, 1, 1),
}


def _make(sizes):
    N, C, H, W, F, KH, KW, S, P = sizes

    def make(rng):
        x = torch.from_numpy(rng.standard_normal((N, C, H, W), dtype=np.float32))
        w = torch.from_numpy(rng.standard_normal((F, C, KH, KW), dtype=np.float32))
        b = torch.from_numpy(rng.standard_normal(F, dtype=np.float32))
        return (x, w, b), {"stride": S, "padding": P}

    return make


def _check(got, want):
    close(got, want, rtol=1e-3, atol=1e-2, what="conv2d_fast(x, weight, bias, S, P)")


@question("q2s", points=2, timeout=60)
def test_conv2d_fast_is_about_as_fast_as_im2col(speed, device):
    """Is conv2d_fast within 2x of the reference im2col's time (float32, one thread on CPU)?"""
    return speed.measure("conv2d_fast", _make(SIZES.get(device, SIZES["cpu"])), _check)
