"""q1s: gcn_layer timed against the reference (dense A_hat @ (H @ W) + b, ReLU), as a ratio.

The harness (autograder/grading/speed.py) runs both in their own workers on the same fresh
float32 inputs, alternately, each worker frozen while the other is timed, and checks both
outputs every round; thresholds are in assignment.toml. A loop over nodes costs a constant
per node while the dense product costs N F multiply-adds per node, so loops only show when
N F is small: at N = 384 and 64 features the node loop costs 8-10x the reference and the edge
loop 21-28x, the sparse product 1.6-2.0x (benchmarks/ch08/RESULTS.md); at 2000 x 64 the node
loop was only 3x on an AVX-512 CPU. The same size on a GPU, where a call's time is the
inputs' transport plus kernel launches, which loops multiply.
"""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close

SIZES = {"cpu": (384, 64, 8), "cuda": (384, 64, 8)}  # (N, F, mean degree)


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
    """Is gcn_layer within 3x of the reference's time on a 384-node graph (float32)?"""
    return speed.measure("gcn_layer", _make(*SIZES.get(device, SIZES["cpu"])), _check)
