"""Normalizes A, then adds the identity: D^-1/2 A D^-1/2 + I (the 'renormalization trick'
done in the wrong order)."""
# medl-breaks: q1

import torch


def normalized_adjacency(A):
    d = A.sum(dim=1).clamp(min=1)
    s = d.rsqrt()
    return s[:, None] * A * s[None, :] + torch.eye(A.shape[0], dtype=A.dtype)
