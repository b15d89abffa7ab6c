"""Builds the causal mask with tril(1) where it needs triu(1): query t sees the future and
not the past."""
# medl-breaks: q3

import math

import torch


def attention(Q, K, V, mask=None, causal=False):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if causal:
        Tq, Tk = scores.shape[-2:]
        scores = scores.masked_fill(torch.ones(Tq, Tk, dtype=torch.bool).tril(-1), -math.inf)
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    A = softmax(scores, dim=-1)  # noqa: F821 - the notebook's own softmax
    return A @ V, A
