"""q8s and q9s: gru_forward and decoder_step timed against the reference, as ratios.

The same harness and rules as q2s/q3s (autograder/grading/speed.py): both kernels run in
their own workers on the same fresh float32 inputs, alternately, and both outputs are
checked every round; thresholds are in assignment.toml. On a CPU the sizes keep the work per
sample small next to what a Python iteration costs, so that a loop over the samples (or the
units) costs several times the reference while batched formulations stay within about 1.5x
(benchmarks/ch07/RESULTS.md, section 3); on a GPU, larger sizes whose reference time is well
above the cost of one call through the worker.
"""

import numpy as np
import torch

from autograder.api import question
from shared.compare import close

# (T, N, D, H)
GRU_SIZES = {"cpu": (50, 64, 64, 128), "cuda": (50, 64, 128, 256)}
# (N, S, H, M, K): V = K + 1 input tokens
DECODER_SIZES = {"cpu": (512, 8, 64, 32, 10), "cuda": (1024, 32, 256, 64, 32)}


def _f32(rng, *shape, scale=1.0):
    return torch.from_numpy((scale * rng.standard_normal(shape)).astype(np.float32))


def _gru_inputs(sizes):
    T, N, D, H = sizes

    def make(rng):
        s = 1 / np.sqrt(H)
        return (
            _f32(rng, T, N, D),
            _f32(rng, N, H),
            _f32(rng, 3 * H, D, scale=s),
            _f32(rng, 3 * H, H, scale=s),
            _f32(rng, 3 * H, scale=s),
            _f32(rng, 3 * H, scale=s),
        ), {}

    return make


def _gru_check(got, want):
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise AssertionError("gru_forward should return the pair (hs, h_T)")
    for name, g, w in zip(("hs", "h_T"), got, want, strict=True):
        close(g, w, rtol=1e-3, atol=1e-4, what=f"{name} from gru_forward (float32)")


def _decoder_inputs(sizes):
    N, S, H, M, K = sizes

    def make(rng):
        s = 1 / np.sqrt(H)
        params = {
            "emb": _f32(rng, K + 1, M),
            "W_ih": _f32(rng, 3 * H, M, scale=s),
            "W_hh": _f32(rng, 3 * H, H, scale=s),
            "b_ih": _f32(rng, 3 * H, scale=s),
            "b_hh": _f32(rng, 3 * H, scale=s),
            "W_a": _f32(rng, H, H, scale=s),
            "W_out": _f32(rng, K, 2 * H, scale=s),
            "b_out": _f32(rng, K, scale=s),
        }
        y_prev = torch.from_numpy(rng.integers(0, K + 1, size=N))
        H_enc = torch.tanh(_f32(rng, N, S, H))  # GRU states lie in (-1, 1)
        return (y_prev, torch.tanh(_f32(rng, N, H)), H_enc, params), {}

    return make


def _decoder_check(got, want):
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise AssertionError("decoder_step should return (logits, s_new, alpha)")
    for name, g, w in zip(("logits", "s_new", "alpha"), got, want, strict=True):
        close(g, w, rtol=1e-3, atol=1e-4, what=f"{name} from decoder_step (float32)")


@question("q8s", points=2, timeout=90)
def test_gru_forward_is_about_as_fast_as_the_reference(speed, device):
    """Is gru_forward within 2x of the reference's time (float32, one thread on CPU)?"""
    sizes = GRU_SIZES.get(device, GRU_SIZES["cpu"])
    return speed.measure("gru_forward", _gru_inputs(sizes), _gru_check)


@question("q9s", points=2, timeout=90)
def test_decoder_step_is_about_as_fast_as_the_reference(speed, device):
    """Is decoder_step within 2x of the reference's time (float32, one thread on CPU)?"""
    sizes = DECODER_SIZES.get(device, DECODER_SIZES["cpu"])
    return speed.measure("decoder_step", _decoder_inputs(sizes), _decoder_check)
