"""Softmax as exp(z - logsumexp(z)), and the masks as an additive 0 / -inf matrix M built
with torch.where, exactly as eq. (7.3) writes it; scores by torch.einsum."""
# medl-alternative: q3, q3s

import math

import torch


def softmax(z, dim=-1):
    return torch.exp(z - torch.logsumexp(z, dim=dim, keepdim=True))


def attention(Q, K, V, mask=None, causal=False):
    scores = torch.einsum("...qd,...kd->...qk", Q, K) * (1.0 / math.sqrt(Q.shape[-1]))
    Tq, Tk = scores.shape[-2:]
    allowed = torch.ones(Tq, Tk, dtype=torch.bool, device=Q.device)
    if causal:
        allowed = allowed.tril()
    if mask is not None:
        allowed = allowed & mask
    if mask is not None or causal:
        zero = torch.zeros((), dtype=scores.dtype, device=Q.device)
        scores = scores + torch.where(allowed, zero, -math.inf)
    A = softmax(scores, dim=-1)
    return torch.einsum("...qk,...kd->...qd", A, V), A
