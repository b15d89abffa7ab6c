"""q2s: conv2d_fast timed against the reference im2col (unfold + one matmul), as a ratio.

The harness (autograder/speed.py) runs both kernels in their own workers on the same fresh
float32 inputs, alternately, and checks both outputs every round; thresholds are in
assignment.toml. Sizes: on a CPU a batch whose per-pixel work is small, so that a Python
loop over output pixels costs 13-21x the reference while vectorized formulations stay
within 0.7-1.6x; on a GPU a larger batch, so that the reference's time is well above the
cost of one call through the worker.
"""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close

# (N, C, H, W, F, KH, KW, S, P)
SIZES = {
    "cpu": (4, 8, 96, 96, 16, 3, 3, 2, 1),  # out (4, 16, 48, 48); reference ~2 ms
    "cuda": (32, 32, 64, 64, 64, 3, 3, 1, 1),  # out (32, 64, 64, 64)
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
