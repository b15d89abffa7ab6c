"""q3s: loss_and_grads (forward + cost + backward) timed against the reference.

A batch of N = 4096 samples through a 4-layer ReLU network 64-128-128-128-10 with softmax
output, float64; the sizes and thresholds are explained in assignment.toml. Every round's
output is checked against the reference's, so a fast wrong answer earns nothing.
"""

import numpy as np

from autograder.api import question
from shared.compare import close

N, WIDTHS = 4096, (64, 128, 128, 128, 10)


def make_inputs(rng):
    params = [(rng.normal(size=(n_out, n_in)) * np.sqrt(2.0 / n_in), 0.1 * rng.normal(size=n_out))
              for n_in, n_out in zip(WIDTHS[:-1], WIDTHS[1:], strict=True)]
    X = rng.normal(size=(N, WIDTHS[0]))
    Y = np.eye(WIDTHS[-1])[rng.integers(WIDTHS[-1], size=N)]
    return (X, Y, params, ["relu"] * (len(WIDTHS) - 2), "softmax"), {}


def check(got, want):
    if not isinstance(got, (list, tuple)) or len(got) != 2:
        raise AssertionError("loss_and_grads should return the pair (C, grads)")
    close(got[0], want[0], rtol=1e-8, what="C from loss_and_grads")
    grads, ref = got[1], want[1]
    if not isinstance(grads, (list, tuple)) or len(grads) != len(ref):
        raise AssertionError(f"loss_and_grads: grads should be a list of {len(ref)} pairs")
    for l, (g, w) in enumerate(zip(grads, ref, strict=True), 1):
        if not isinstance(g, (list, tuple)) or len(g) != 2:
            raise AssertionError(f"loss_and_grads: grads[{l - 1}] should be (dW^[{l}], db^[{l}])")
        close(g[0], w[0], rtol=1e-6, atol=1e-10, what=f"dW^[{l}] from loss_and_grads")
        close(g[1], w[1], rtol=1e-6, atol=1e-10, what=f"db^[{l}] from loss_and_grads")


@question("q3s", points=2, timeout=120)
def test_forward_backward_speed_against_reference(speed):
    """Is a batched forward + backward pass (N = 4096) within 2x of the reference's time?"""
    return speed.measure("loss_and_grads", make_inputs, check)
