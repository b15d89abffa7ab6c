"""q1s: gcn_layer timed against the reference (dense A_hat @ (H @ W) + b, ReLU), as a ratio.

The harness (autograder/speed.py) runs both in their own workers on the same fresh float32
inputs, alternately, and checks both outputs every round; thresholds are in assignment.toml.
On a CPU the features are 64 wide: with 256 features a per-node Python loop is as fast as the
dense product on one thread (each row is a large matrix-vector product), with 64 it costs
about 8x (benchmarks/ch08/RESULTS.md). On a GPU a larger graph, so that the reference's time
is well above the cost of one call through the worker.
"""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close

SIZES = {"cpu": (2000, 64, 8), "cuda": (8192, 256, 16)}  # (N, F, mean degree)


def _make(N, F, degree):
    def make(rng):
        M = np.triu(rng.random((N, N), dtype=np.float32) < degree / N, 1).astype(np.float32)
        A_t = M + M.T + np.eye(N, dtype=np.float32)
        s = 1 / np.sqrt(A_t.sum(1))
        A_hat = torch.from_numpy(s[:, None] * A_t * s[None, :])
        H = torch.from_numpy(rng.standard_normal((N, F), dtype=np.float32))
        W = torch.from_numpy(rng.standard_normal((F, F), dtype=np.float32) / F**0.5)
        b = torch.from_numpy(rng.standard_normal(F, dtype=np.float32))
        return (A_hat, H, W, b), {"relu": True}

    return make


def _check(got, want):
    close(got, want, rtol=1e-3, atol=1e-3, what="gcn_layer(A_hat, H, W, b)")


@question("q1s", points=2, timeout=90)
def test_gcn_layer_is_about_as_fast_as_a_matrix_product(speed, device):
    """Is gcn_layer within 2x of the reference's time on a 2,000-node graph (float32)?"""
    return speed.measure("gcn_layer", _make(*SIZES.get(device, SIZES["cpu"])), _check)
