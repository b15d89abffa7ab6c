"""Aligns the causal mask to the last key, as a decoder with a key cache does (query t is
at position t + Tk - Tq): the same as the docstring's rule when Tq == Tk, but with Tq != Tk
query t must see keys j <= t, both counted from 0."""
# medl-breaks: q3

import math

import torch


def attention(Q, K, V, mask=None, causal=False):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if causal:
        Tq, Tk = scores.shape[-2:]
        future = torch.ones(Tq, Tk, dtype=torch.bool, device=Q.device).triu(Tk - Tq + 1)
        scores = scores.masked_fill(future, -math.inf)
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    A = softmax(scores, dim=-1)  # noqa: F821 - the notebook's own softmax
    return A @ V, A
