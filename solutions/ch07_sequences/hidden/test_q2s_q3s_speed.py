"""q2s and q3s: lstm_forward and attention timed against the reference, as ratios.

The harness (autograder/grading/speed.py) runs both kernels in their own workers on the same
fresh float32 inputs, alternately, each worker frozen while the other is timed, and checks
both outputs every round; thresholds are in assignment.toml. On a CPU the sizes keep the
per-step (LSTM) or per-query (attention) work small, so that a Python loop over the batch or
the units of the LSTM (10-40x) or over the queries (9x) shows, while batched formulations
stay within about 1.6x (benchmarks/ch07/RESULTS.md). A loop over a few heads or sequences
is a constant per item, not a slow formulation: it stays within 2x at any size. On a GPU
the LSTM size of the assignment's text; attention at the CPU size, whose inputs and A
(N, heads, T, T) cross the worker's pipe in a few milliseconds.
"""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close

# (T, N, D, H)
LSTM_SIZES = {"cpu": (50, 64, 64, 128), "cuda": (50, 64, 128, 256)}
# (N, heads, T, d)
ATTENTION_SIZES = {"cpu": (1, 1, 512, 32), "cuda": (1, 1, 512, 32)}


def _f32(rng, *shape, scale=1.0):
    return torch.from_numpy((scale * rng.standard_normal(shape)).astype(np.float32))


def _lstm_inputs(sizes):
    T, N, D, H = sizes

    def make(rng):
        s = 1 / np.sqrt(H)
        return (
            _f32(rng, T, N, D),
            _f32(rng, N, H),
            _f32(rng, N, H),
            _f32(rng, 4 * H, D, scale=s),
            _f32(rng, 4 * H, H, scale=s),
            _f32(rng, 4 * H, scale=s),
            _f32(rng, 4 * H, scale=s),
        ), {}

    return make


def _lstm_check(got, want):
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise AssertionError("lstm_forward should return the tuple (hs, h_T, c_T)")
    for name, g, w in zip(("hs", "h_T", "c_T"), got, want, strict=True):
        close(g, w, rtol=1e-3, atol=1e-4, what=f"{name} from lstm_forward (float32)")


def _attention_inputs(sizes):
    N, heads, T, d = sizes

    def make(rng):
        return tuple(_f32(rng, N, heads, T, d) for _ in range(3)), {}

    return make


def _attention_check(got, want):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise AssertionError("attention should return the pair (out, A)")
    close(got[0], want[0], rtol=1e-3, atol=1e-4, what="out from attention (float32)")
    close(got[1], want[1], rtol=1e-3, atol=1e-5, what="A from attention (float32)")


@question("q2s", points=2, timeout=90)
def test_lstm_forward_is_about_as_fast_as_the_reference(speed, device):
    """Is lstm_forward within 2x of the reference's time (float32, one thread on CPU)?"""
    sizes = LSTM_SIZES.get(device, LSTM_SIZES["cpu"])
    return speed.measure("lstm_forward", _lstm_inputs(sizes), _lstm_check)


@question("q3s", points=2, timeout=90)
def test_attention_is_about_as_fast_as_the_reference(speed, device):
    """Is attention within 2x of the reference's time (float32, one thread on CPU)?"""
    sizes = ATTENTION_SIZES.get(device, ATTENTION_SIZES["cpu"])
    return speed.measure("attention", _attention_inputs(sizes), _attention_check)
