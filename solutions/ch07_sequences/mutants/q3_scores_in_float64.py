"""Computes the scores and the weighted sum in float64 "for accuracy" and returns them so:
right values, but float32 inputs give float64 outputs (the docstring: same dtype as Q)."""
# medl-breaks: q3

import math

import torch


def attention(Q, K, V, mask=None, causal=False):
    scores = Q.double() @ K.double().transpose(-2, -1) / math.sqrt(Q.shape[-1])
    if causal:
        Tq, Tk = scores.shape[-2:]
        future = torch.ones(Tq, Tk, dtype=torch.bool, device=Q.device).triu(1)
        scores = scores.masked_fill(future, -math.inf)
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    A = softmax(scores, dim=-1)  # noqa: F821 - the notebook's own softmax
    return A @ V.double(), A
