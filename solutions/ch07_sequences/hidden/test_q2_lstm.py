"""q2: the LSTM cell and layer (eq. 7.2), against torch.nn.LSTM with copied weights.

When an output is wrong, the message names the likely mistake if the output equals the
answer of a known wrong formula (another gate order, a missing tanh, swapped roles).
"""

import functools

import numpy as np
import torch

from autograder.api import question
from shared.compare import as_array, close

from ._checks import TIGHT, keeps_dtype, lstm_weights, permute_gates, randn, torch_lstm, unpack


def _case(rng, T, N, D, H, dtype=torch.float64):
    return (
        randn(rng, T, N, D, dtype=dtype),
        randn(rng, N, H, dtype=dtype),
        randn(rng, N, H, dtype=dtype),
        *lstm_weights(rng, D, H, dtype=dtype),
    )


def _manual(x, h0, c0, W_ih, W_hh, b_ih, b_hh, h_of=torch.tanh, c_of=None):
    """Eq. (7.2) with a replaceable read-out h = o * h_of(c) or cell update c_of(f, i, g, c)."""
    h, c, hs, cs = h0, c0, [], []
    for t in range(x.shape[0]):
        i, f, g, o = (x[t] @ W_ih.T + b_ih + h @ W_hh.T + b_hh).chunk(4, dim=1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = c_of(f, i, g, c) if c_of else f * c + i * g
        h = o * h_of(c)
        hs.append(h)
        cs.append(c)
    return torch.stack(hs), torch.stack(cs)


def _wrong_runs(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    """Known wrong formulas: (hint, run), run() giving their (hs, cs), computed once, when
    an answer is wrong."""
    w = (W_ih, W_hh, b_ih, b_hh)
    out = []

    def lazy(*weights, **kw):
        return functools.cache(lambda: _manual(x, h0, c0, *weights, **kw))

    for order in ("ifog", "fiog", "figo", "oifg", "gifo", "iofg"):
        # the student reads the blocks in `order`: block k is taken as gate order[k]
        inv = "".join("ifgo"[order.index(k)] for k in "ifgo")
        out.append(
            (
                f"the four blocks are read as ({', '.join(order)}); torch.nn.LSTM "
                "stacks them (i, f, g, o): rows 0:H are i, H:2H f, 2H:3H g, 3H:4H o",
                lazy(*(permute_gates(v, inv) for v in w)),
            )
        )
    out.append(("h = o * c: the new hidden state is o * tanh(c)", lazy(*w, h_of=lambda c: c)))
    out.append(
        (
            "the forget gate multiplies the candidate and the input gate the old cell: "
            "c = f * c_prev + i * g",
            lazy(*w, c_of=lambda f, i, g, c: i * c + f * g),
        )
    )
    out.append(
        (
            "c = f * c_prev + g: the input gate i is missing",
            lazy(*w, c_of=lambda f, i, g, c: f * c + g),
        )
    )
    out.append(
        (
            "b_hh is missing (torch.nn.LSTM adds both biases)",
            lazy(W_ih, W_hh, b_ih, torch.zeros_like(b_hh)),
        )
    )
    out.append(
        (
            "each (H, H) block of W_hh is used transposed: in rows, W_hh h is h @ W_hh.T",
            lazy(
                W_ih,
                W_hh.reshape(4, *h0.shape[1:], -1).transpose(1, 2).reshape(W_hh.shape),
                b_ih,
                b_hh,
            ),
        )
    )
    return out


def _mistakes(wrong, t, which):
    """(hint, value) pairs: part ``which`` (0 hs, 1 cs) at step(s) ``t`` of each wrong run."""
    return [(hint, lambda run=run: run()[which][t]) for hint, run in wrong]


@question("q2", points=1.5)
def test_lstm_cell_matches_torch(student, rng):
    """Is one lstm_cell step (h_new, c_new) that of torch.nn.LSTM on a length-1 sequence?"""
    for N, D, H in [(1, 1, 1), (3, 4, 5), (4, 2, 3), (2, 6, 6)]:
        x, h0, c0, *w = _case(rng, 1, N, D, H)
        _, h_want, c_want = torch_lstm(x, h0, c0, *w)
        wrong = _wrong_runs(x, h0, c0, *w)
        what = f"lstm_cell with (N, D, H) = {(N, D, H)}"
        h_new, c_new = unpack(student.lstm_cell(x[0], h0, c0, *w), 2, "lstm_cell")
        for name, got, want, which in (("c_new", c_new, c_want, 1), ("h_new", h_new, h_want, 0)):
            close(
                keeps_dtype(got, want, f"{name} from {what}"),
                want,
                **TIGHT,
                what=f"{name} from {what}",
                mistakes=_mistakes(wrong, 0, which),
            )


@question("q2", points=1.5)
def test_lstm_forward_matches_torch(student, rng):
    """Are hs, h_T and c_T those of torch.nn.LSTM for sequences of several lengths?"""
    for T, N, D, H in [(1, 2, 3, 4), (6, 3, 2, 5), (15, 2, 4, 3)]:
        args = _case(rng, T, N, D, H)
        hs, h_T, c_T = torch_lstm(*args)
        wrong = _wrong_runs(*args)
        what = f"lstm_forward with (T, N, D, H) = {(T, N, D, H)}"
        got = unpack(student.lstm_forward(*args), 3, "lstm_forward")
        g = as_array(got[0], f"hs from {what}")
        if g.shape != tuple(hs.shape):
            raise AssertionError(
                f"hs from {what}: shape {g.shape}, expected (T, N, H) = {tuple(hs.shape)}"
            )
        close(
            keeps_dtype(g, hs, f"hs from {what}"),
            hs,
            **TIGHT,
            what=f"hs from {what}",
            mistakes=_mistakes(wrong, slice(None), 0),
        )
        close(got[1], h_T, **TIGHT, what=f"h_T from {what}", mistakes=_mistakes(wrong, -1, 0))
        close(got[2], c_T, **TIGHT, what=f"c_T from {what}", mistakes=_mistakes(wrong, -1, 1))


@question("q2", points=0.5)
def test_lstm_keeps_its_memory_when_the_forget_gate_is_open(student, rng):
    """With f ~ 1 and i ~ 0 (biases +-30, no weights), does c_T equal c0 after 20 steps?"""
    T, N, D, H = 20, 3, 2, 4
    x, h0, c0 = randn(rng, T, N, D), randn(rng, N, H), 3 * randn(rng, N, H)
    zeros = torch.zeros(4 * H, D, dtype=torch.float64), torch.zeros(4 * H, H, dtype=torch.float64)
    b_ih = torch.cat(
        [torch.full((H,), -30.0), torch.full((H,), 30.0), randn(rng, H), randn(rng, H)]
    ).double()  # i closed, f open
    b_hh = torch.zeros(4 * H, dtype=torch.float64)
    _, h_T, c_T = unpack(student.lstm_forward(x, h0, c0, *zeros, b_ih, b_hh), 3, "lstm_forward")
    close(
        c_T,
        c0,
        rtol=1e-9,
        atol=1e-9,
        what="c_T when the forget gate is 1 and the input gate is 0 "
        "(the cell must be copied unchanged)",
    )
    o = torch.sigmoid(b_ih[3 * H :])
    close(
        h_T,
        o * torch.tanh(c0),
        rtol=1e-9,
        atol=1e-9,
        what="h_T = sigmoid(b_o) * tanh(c0) with a copied cell",
        mistakes=[("h = o * c: the hidden state is o * tanh(c)", o * c0)],
    )


@question("q2", points=0.5)
def test_lstm_keeps_float32(student, rng):
    """Do float32 inputs give float32 outputs, from lstm_cell and lstm_forward, with float32
    accuracy?"""
    args = _case(rng, 8, 4, 5, 6)
    x, h0, c0, *w = (a.float() for a in args)
    hs, h_T, c_T = torch_lstm(*args)
    _, h_1, c_1 = torch_lstm(args[0][:1], *args[1:])
    got_cell = unpack(student.lstm_cell(x[0], h0, c0, *w), 2, "lstm_cell")
    got = unpack(student.lstm_forward(x, h0, c0, *w), 3, "lstm_forward")
    for name, g, want in (
        ("h_new from lstm_cell", got_cell[0], h_1),
        ("c_new from lstm_cell", got_cell[1], c_1),
        ("hs from lstm_forward", got[0], hs),
        ("h_T from lstm_forward", got[1], h_T),
        ("c_T from lstm_forward", got[2], c_T),
    ):
        arr = as_array(g, name)
        if arr.dtype != np.float32:
            raise AssertionError(
                f"{name}: float32 inputs gave a {arr.dtype} output; keep the dtype of the "
                "inputs (no float64 buffers: x.new_empty, torch.empty_like)"
            )
        close(arr, want, rtol=1e-4, atol=1e-5, what=f"{name} in float32")
