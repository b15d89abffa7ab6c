"""Fills the disallowed scores with -1e9 instead of -inf, as many codebases do: exp(-1e9)
is exactly 0 next to any allowed score, so the weights are the same (a row with no allowed
key would differ, but the docstring rules it out)."""
# medl-alternative: q3

import math

import torch


def attention(Q, K, V, mask=None, causal=False):
    scores = Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1])
    allowed = torch.ones(scores.shape[-2:], dtype=torch.bool, device=Q.device)
    if causal:
        allowed = allowed.tril()
    if mask is not None:
        allowed = allowed & mask
    A = softmax(scores.masked_fill(~allowed, -1e9), dim=-1)  # noqa: F821 - the notebook's own
    return A @ V, A
