"""Forms the scores by broadcasting, (Q[..., :, None, :] * K[..., None, :, :]).sum(-1),
and the output likewise, instead of matrix products: no Python loop and correct, but it
materializes (..., Tq, Tk, d) tensors and runs memory-bound: about 18x the reference's CPU
time through the grader at the q3s CPU size (no speed points)."""
# medl-breaks: q3s
# medl-alternative: q3

import math

import torch


def attention(Q, K, V, mask=None, causal=False):
    scores = (Q[..., :, None, :] * K[..., None, :, :]).sum(-1) / math.sqrt(Q.shape[-1])
    if causal:
        Tq, Tk = scores.shape[-2:]
        scores = scores.masked_fill(torch.ones(Tq, Tk, dtype=torch.bool).triu(1), -math.inf)
    if mask is not None:
        scores = scores.masked_fill(~mask, -math.inf)
    e = torch.exp(scores - scores.amax(dim=-1, keepdim=True))
    A = e / e.sum(dim=-1, keepdim=True)
    return (A[..., :, :, None] * V[..., None, :, :]).sum(-2), A
