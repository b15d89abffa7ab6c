"""Converts A to float64 "for exact degrees": a float32 graph gives a float64 A_hat (the
docstring asks for A's dtype), which then upcasts every later layer."""
# medl-breaks: q1

import torch


def normalized_adjacency(A):
    A = A.double()
    A_tilde = A + torch.eye(A.shape[0], dtype=A.dtype)
    d_inv_sqrt = A_tilde.sum(dim=1).rsqrt()
    return d_inv_sqrt[:, None] * A_tilde * d_inv_sqrt[None, :]
