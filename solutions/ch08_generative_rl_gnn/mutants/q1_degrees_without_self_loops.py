"""Adds the self loops but takes the degrees from A alone: D^-1/2 (A + I) D^-1/2."""
# medl-breaks: q1

import torch


def normalized_adjacency(A):
    d_inv_sqrt = A.sum(dim=1).rsqrt()
    A_tilde = A + torch.eye(A.shape[0], dtype=A.dtype)
    return d_inv_sqrt[:, None] * A_tilde * d_inv_sqrt[None, :]
