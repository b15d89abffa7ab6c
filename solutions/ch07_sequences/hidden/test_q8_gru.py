"""q8: the GRU cell and layer (eq. 7.11), against torch.nn.GRU with copied weights.

When an output is wrong, the message names the likely mistake if it equals the answer of a
known wrong formula (another gate order, the reset gate before the product, the roles of z
and 1 - z swapped, b_hn outside the reset gate).
"""

import functools

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close

from ._checks import TIGHT, gru_weights, keeps_dtype, randn, torch_gru, unpack


def _case(rng, T, N, D, H, dtype=torch.float64):
    return (
        randn(rng, T, N, D, dtype=dtype),
        randn(rng, N, H, dtype=dtype),
        *gru_weights(rng, D, H, dtype=dtype),
    )


def _manual(x, h0, W_ih, W_hh, b_ih, b_hh, reset="after", swap_z=False):
    """Eq. (7.11) over a sequence with known mistakes: reset="before" is W_hn (r * h) + b_hn
    (the original paper's form), "outside" adds b_hn outside the reset gate, "none" leaves
    the reset gate out of the candidate (an LSTM habit: one sum, then split); swap_z gives the
    update gate the candidate's role. Returns hs (T, N, H)."""
    H = h0.shape[1]
    W_hn, b_hn = W_hh[2 * H :], b_hh[2 * H :]
    h, hs = h0, []
    for t in range(x.shape[0]):
        a_r, a_z, a_n = (x[t] @ W_ih.T + b_ih).chunk(3, dim=1)
        u_r, u_z, u_n = (h @ W_hh.T + b_hh).chunk(3, dim=1)
        r, z = torch.sigmoid(a_r + u_r), torch.sigmoid(a_z + u_z)
        if reset == "before":
            n = torch.tanh(a_n + (r * h) @ W_hn.T + b_hn)
        elif reset == "outside":
            n = torch.tanh(a_n + r * (h @ W_hn.T) + b_hn)
        elif reset == "none":
            n = torch.tanh(a_n + u_n)
        else:
            n = torch.tanh(a_n + r * u_n)
        h = z * n + (1 - z) * h if swap_z else (1 - z) * n + z * h
        hs.append(h)
    return torch.stack(hs)


def _permute(W, order):
    """Re-stack the three (H, ...) blocks of W, stored (r, z, n), in another order."""
    blocks = dict(zip("rzn", W.chunk(3, dim=0), strict=True))
    return torch.cat([blocks[k] for k in order])


def _wrong_runs(x, h0, W_ih, W_hh, b_ih, b_hh):
    """Known wrong formulas: (hint, run), run() giving their hs (T, N, H), computed once,
    when an answer is wrong."""
    w = (W_ih, W_hh, b_ih, b_hh)

    def lazy(*weights, **kw):
        return functools.cache(lambda: _manual(x, h0, *weights, **kw))

    out = []
    for order in ("zrn", "nrz", "rnz", "znr", "nzr"):
        # the student reads the blocks in `order`: block k is taken as gate order[k]
        inv = "".join("rzn"[order.index(k)] for k in "rzn")
        out.append(
            (
                f"the three blocks are read as ({', '.join(order)}); torch.nn.GRU stacks them "
                "(r, z, n): rows 0:H are the reset gate, H:2H the update gate, 2H:3H the "
                "candidate",
                lazy(*(_permute(v, inv) for v in w)),
            )
        )
    out += [
        (
            "the reset gate multiplies h before the product, W_hn (r * h) + b_hn (the original "
            "paper's form); torch.nn.GRU applies it after: r * (W_hn h + b_hn)",
            lazy(*w, reset="before"),
        ),
        (
            "b_hn is added outside the reset gate; it belongs inside: r * (W_hn h + b_hn)",
            lazy(*w, reset="outside"),
        ),
        (
            "the reset gate is missing from the candidate (the products were added before the "
            "split): n = tanh(a_n + r * u_n), so keep x @ W_ih.T + b_ih and h @ W_hh.T + b_hh "
            "apart",
            lazy(*w, reset="none"),
        ),
        (
            "the roles of z and 1 - z are swapped: h_new = (1 - z) * n + z * h, so z ~ 1 "
            "keeps the old state",
            lazy(*w, swap_z=True),
        ),
        ("b_hh is missing (torch.nn.GRU adds both biases)", lazy(*w[:3], torch.zeros_like(b_hh))),
        (
            "each (H, H) block of W_hh is used transposed: in rows, W_hh h is h @ W_hh.T",
            lazy(
                W_ih,
                W_hh.reshape(3, *h0.shape[1:], -1).transpose(1, 2).reshape(W_hh.shape),
                b_ih,
                b_hh,
            ),
        ),
    ]
    return out


def _mistakes(wrong, t):
    """(hint, value) pairs: the states at step(s) ``t`` of each wrong run."""
    return [(hint, lambda run=run: run()[t]) for hint, run in wrong]


@question("q8", points=1.5)
def test_gru_cell_matches_torch(student, rng):
    """Is one gru_cell step that of torch.nn.GRU on a length-1 sequence?"""
    for N, D, H in [(3, 4, 5), (1, 1, 1), (4, 2, 3), (2, 6, 6)]:  # H = 1 merges two mistakes
        x, h0, *w = _case(rng, 1, N, D, H)
        _, want = torch_gru(x, h0, *w)
        what = f"h_new from gru_cell with (N, D, H) = {(N, D, H)}"
        got = student.gru_cell(x[0], h0, *w)
        close(
            keeps_dtype(got, want, what),
            want,
            **TIGHT,
            what=what,
            mistakes=_mistakes(_wrong_runs(x, h0, *w), 0),
        )


@question("q8", points=1.5)
def test_gru_forward_matches_torch(student, rng):
    """Are hs and h_T those of torch.nn.GRU for sequences of several lengths?"""
    for T, N, D, H in [(1, 2, 3, 4), (6, 3, 2, 5), (15, 2, 4, 3)]:
        args = _case(rng, T, N, D, H)
        hs, h_T = torch_gru(*args)
        wrong = _wrong_runs(*args)
        what = f"gru_forward with (T, N, D, H) = {(T, N, D, H)}"
        got = unpack(student.gru_forward(*args), 2, "gru_forward")
        g = as_array(got[0], f"hs from {what}")
        if g.shape != tuple(hs.shape):
            raise AssertionError(
                f"hs from {what}: shape {g.shape}, expected (T, N, H) = {tuple(hs.shape)}, "
                "one state per step (without h0)"
            )
        close(
            keeps_dtype(g, hs, f"hs from {what}"),
            hs,
            **TIGHT,
            what=f"hs from {what}",
            mistakes=_mistakes(wrong, slice(None)),
        )
        close(got[1], h_T, **TIGHT, what=f"h_T from {what}", mistakes=_mistakes(wrong, -1))


@question("q8", points=0.5)
def test_gru_gates_copy_or_forget_the_state(student, rng):
    """With z ~ 1 (b_iz = +30), is h0 copied through 20 steps? With z ~ 0 and r ~ 0, is
    h_new = tanh(W_in x + b_in), blind to the old state and to b_hn?"""
    T, N, D, H = 20, 3, 2, 4
    x, h0 = randn(rng, T, N, D), randn(rng, N, H)
    W_ih, W_hh, b_ih, b_hh = gru_weights(rng, D, H)
    b_ih = b_ih.clone()
    b_ih[H : 2 * H] = 30.0  # update gate closed: z = 1
    _, h_T = unpack(student.gru_forward(x, h0, W_ih, W_hh, b_ih, b_hh), 2, "gru_forward")
    close(
        h_T,
        h0,
        rtol=1e-9,
        atol=1e-9,
        what="h_T when the update gate z is 1 at every step (the state must be copied)",
        mistakes=[
            (
                "the roles of z and 1 - z are swapped: z ~ 1 keeps the old state, "
                "h_new = (1 - z) * n + z * h",
                lambda: _manual(x, h0, W_ih, W_hh, b_ih, b_hh, swap_z=True)[-1],
            )
        ],
    )
    b_ih = b_ih.clone()
    b_ih[:H], b_ih[H : 2 * H] = -30.0, -30.0  # reset gate 0, update gate 0
    got = student.gru_cell(x[0], h0, W_ih, W_hh, b_ih, b_hh)
    a_n = x[0] @ W_ih[2 * H :].T + b_ih[2 * H :]
    close(
        got,
        torch.tanh(a_n),
        rtol=1e-9,
        atol=1e-9,
        what="h_new from gru_cell with r = 0 and z = 0 (the candidate alone, tanh(W_in x + b_in))",
        mistakes=[
            (
                "b_hn is added outside the reset gate: with r = 0 the whole recurrent part "
                "r * (W_hn h + b_hn) vanishes",
                torch.tanh(a_n + b_hh[2 * H :]),
            ),
            ("the roles of z and 1 - z are swapped: z = 0 takes the candidate", h0),
        ],
    )


@question("q8", points=0.5)
def test_gru_keeps_float32(student, rng):
    """Do float32 inputs give float32 outputs, from gru_cell and gru_forward, with float32
    accuracy?"""
    args = _case(rng, 8, 4, 5, 6)
    x, h0, *w = (a.float() for a in args)
    hs, h_T = torch_gru(*args)
    _, h_1 = torch_gru(args[0][:1], *args[1:])
    got = unpack(student.gru_forward(x, h0, *w), 2, "gru_forward")
    for name, g, want in (
        ("h_new from gru_cell", student.gru_cell(x[0], h0, *w), h_1),
        ("hs from gru_forward", got[0], hs),
        ("h_T from gru_forward", got[1], h_T),
    ):
        arr = as_array(g, name)
        if arr.dtype != np.float32:
            raise AssertionError(
                f"{name}: float32 inputs gave a {arr.dtype} output; keep the dtype of the "
                "inputs (no float64 buffers: x.new_empty, torch.empty_like)"
            )
        close(arr, want, rtol=1e-4, atol=1e-5, what=f"{name} in float32")
