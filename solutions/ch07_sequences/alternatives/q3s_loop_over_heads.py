"""Attention computed one head at a time: a Python loop over the heads axis (the axis just
before (T, d)), everything else batched. Correct, and not a slow formulation: the loop costs
a constant ~40 us per head, 1.1-1.3x the reference at (1, 2, 512, 16) and 1.7-1.8x at 16 x 16
short sequences, where the transport of the inputs dominates (benchmarks/ch07/RESULTS.md).
It keeps full marks on q3s; a loop over the queries does not."""
# medl-alternative: q3, q3s

import math

import torch


def _one(Q, K, V, mask, causal):
    s = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if causal:
        s = s.masked_fill(
            torch.ones(s.shape[-2:], dtype=torch.bool, device=s.device).triu(1), -math.inf
        )
    if mask is not None:
        s = s.masked_fill(~mask, -math.inf)
    e = torch.exp(s - s.amax(dim=-1, keepdim=True))
    A = e / e.sum(dim=-1, keepdim=True)
    return A @ V, A


def attention(Q, K, V, mask=None, causal=False):
    lead = torch.broadcast_shapes(Q.shape[:-2], K.shape[:-2], V.shape[:-2])
    if not lead:
        return _one(Q, K, V, mask, causal)
    Tq, Tk = Q.shape[-2], K.shape[-2]
    Q, K, V = (x.expand(*lead, *x.shape[-2:]) for x in (Q, K, V))
    if mask is not None:
        mask = mask.expand(*lead, Tq, Tk)
    outs, As = [], []
    for h in range(lead[-1]):  # the heads axis
        o, a = _one(
            Q[..., h, :, :],
            K[..., h, :, :],
            V[..., h, :, :],
            None if mask is None else mask[..., h, :, :],
            causal,
        )
        outs.append(o)
        As.append(a)
    return torch.stack(outs, dim=-3), torch.stack(As, dim=-3)
