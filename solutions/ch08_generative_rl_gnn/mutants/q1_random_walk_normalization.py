"""The random-walk normalization D~^-1 (A + I) (row averages) instead of the symmetric one."""
# medl-breaks: q1

import torch


def normalized_adjacency(A):
    A_tilde = A + torch.eye(A.shape[0], dtype=A.dtype)
    return A_tilde / A_tilde.sum(dim=1, keepdim=True)
