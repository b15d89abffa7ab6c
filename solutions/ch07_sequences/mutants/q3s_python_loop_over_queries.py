"""Attends one query at a time (a Python loop over t, everything else batched): correct, so
full marks on q3, but about nine times slower than two batched products on a CPU (q3s size)."""
# medl-breaks: q3s
# medl-alternative: q3

import math

import torch


def attention(Q, K, V, mask=None, causal=False):
    Tq, Tk = Q.shape[-2], K.shape[-2]
    lead = torch.broadcast_shapes(Q.shape[:-2], K.shape[:-2], V.shape[:-2])
    out = Q.new_empty(*lead, Tq, V.shape[-1])
    A = Q.new_empty(*lead, Tq, Tk)
    Kt = K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    keys = torch.arange(Tk, device=Q.device)
    for t in range(Tq):
        s = Q[..., t : t + 1, :] @ Kt  # (..., 1, Tk)
        if causal:
            s = s.masked_fill(keys > t, -math.inf)
        if mask is not None:
            m = mask if mask.shape[-2] == 1 else mask[..., t : t + 1, :]
            s = s.masked_fill(~m, -math.inf)
        e = torch.exp(s - s.amax(dim=-1, keepdim=True))
        a = e / e.sum(dim=-1, keepdim=True)
        A[..., t : t + 1, :] = a
        out[..., t : t + 1, :] = a @ V
    return out, A
