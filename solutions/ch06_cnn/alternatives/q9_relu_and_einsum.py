"""The squared distances as row-wise inner products with einsum, the hinge as relu."""
# medl-alternative: q9

import torch


def triplet_loss(anchor, positive, negative, margin=0.2):
    u, v = anchor - positive, anchor - negative
    gap = torch.einsum("nd,nd->n", u, u) - torch.einsum("nd,nd->n", v, v)
    return torch.relu(gap + margin).sum() / anchor.shape[0]
