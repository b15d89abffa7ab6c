"""q4: multi-head attention (eqs. 7.4, 7.5), against torch.nn.MultiheadAttention
(batch_first) with copied weights."""

import torch

from autograder.api import question
from shared.compare import as_array, close

from ._checks import TIGHT, keeps_dtype, mha_params, randn, torch_mha


def _by_hand(x_q, x_kv, p, h, causal=False, split="right", scale=None, project=True):
    """Eqs. (7.4)-(7.5) with known mistakes: split="no-transpose" reshapes (N, T, E) straight
    to (N, h, T, d); scale overrides 1/sqrt(d); project=False skips W_o."""
    N, Tq, E = x_q.shape
    d = E // h

    def heads(x, W, b):
        y = x @ W.T + b
        if split == "no-transpose":
            return y.reshape(N, h, x.shape[1], d)
        return y.reshape(N, x.shape[1], h, d).transpose(1, 2)

    Q, K, V = (
        heads(x_q, p["W_q"], p["b_q"]),
        heads(x_kv, p["W_k"], p["b_k"]),
        heads(x_kv, p["W_v"], p["b_v"]),
    )
    s = Q @ K.transpose(-2, -1) * (d**-0.5 if scale is None else scale)
    if causal:
        s = s.masked_fill(torch.ones(Tq, K.shape[2], dtype=torch.bool).triu(1), -torch.inf)
    out = torch.softmax(s, dim=-1) @ V
    if split != "no-transpose":
        out = out.transpose(1, 2)
    out = out.reshape(N, Tq, E)
    return out @ p["W_o"].T + p["b_o"] if project else out


def _mistakes(x_q, x_kv, p, h, causal=False):
    """Known wrong answers for multi_head_attention, computed when needed."""
    E = x_q.shape[-1]
    return [
        (
            "the heads are split by reshaping (N, T, E) straight to (N, h, T, d): reshape "
            "to (N, T, h, d) and move the head axis forward (transpose(1, 2)), and undo it "
            "the same way",
            lambda: _by_hand(x_q, x_kv, p, h, causal, split="no-transpose"),
        ),
        (
            "the scores are divided by sqrt(E); each head has width d = E / h and divides "
            "by sqrt(d)",
            lambda: _by_hand(x_q, x_kv, p, h, causal, scale=E**-0.5),
        ),
        (
            "the output projection W_o, b_o is missing",
            lambda: _by_hand(x_q, x_kv, p, h, causal, project=False),
        ),
        (
            "keys and values come from x_q: in cross-attention they come from x_kv",
            lambda: _by_hand(x_q, x_q, p, h, causal),
        ),
    ]


@question("q4", points=2)
def test_mha_matches_torch(student, rng):
    """Self- and cross-attention with 1 to 4 heads, and large inputs: is the output torch's?"""
    for N, Tq, Tk, E, h, scale in [
        (2, 5, 5, 8, 2, 1.0),
        (3, 4, 6, 8, 4, 1.0),
        (1, 3, 3, 6, 1, 1.0),
        (2, 6, 4, 12, 3, 1.0),
        (2, 4, 4, 8, 2, 50.0),  # scores of order 1e3: exp overflows without the max shift
    ]:
        p = mha_params(rng, E)
        x_q = randn(rng, N, Tq, E, scale=scale)
        x_kv = x_q if Tq == Tk and N == 2 else randn(rng, N, Tk, E)  # N = 1: cross, Tq = Tk
        kind = "self-attention" if x_kv is x_q else "cross-attention"
        what = f"multi_head_attention ({kind}) with x_q {(N, Tq, E)}, x_kv {(N, Tk, E)}, {h} heads"
        if scale != 1:
            what += f", entries of x of order {scale:g}"
        want = torch_mha(x_q, x_kv, p, h)
        close(
            keeps_dtype(student.multi_head_attention(x_q, x_kv, p, h), want, what),
            want,
            **TIGHT,
            what=what,
            mistakes=_mistakes(x_q, x_kv, p, h),
        )


@question("q4", points=1)
def test_mha_causal_self_attention(student, rng):
    """With causal=True, is the output torch's with a causal mask, and blind to the future?"""
    N, T, E, h = 2, 7, 8, 2
    p, x = mha_params(rng, E), randn(rng, N, T, E)
    close(
        student.multi_head_attention(x, x, p, h, causal=True),
        torch_mha(x, x, p, h, causal=True),
        **TIGHT,
        what=f"multi_head_attention(x, x, params, {h}, causal=True) with x {(N, T, E)}",
        mistakes=_mistakes(x, x, p, h, causal=True)[:3],
    )
    k = int(rng.integers(1, T - 1))
    changed = x.clone()
    changed[:, k + 1 :] = randn(rng, N, T - k - 1, E)
    before = as_array(student.multi_head_attention(x, x, p, h, causal=True), "output")
    after = as_array(student.multi_head_attention(changed, changed, p, h, causal=True), "output")
    close(
        after[:, : k + 1],
        before[:, : k + 1],
        **TIGHT,
        what=f"positions 0..{k} of the causal output after changing the inputs at positions "
        f"{k + 1}.. (the past must not see the future)",
    )
