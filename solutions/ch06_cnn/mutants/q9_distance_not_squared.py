"""Euclidean distances ||a - p|| (as torch's triplet_margin_loss uses) instead of their
squares in eq. (T)."""
# medl-breaks: q9

import torch


def triplet_loss(anchor, positive, negative, margin=0.2):
    d_ap = torch.linalg.vector_norm(anchor - positive, dim=1)
    d_an = torch.linalg.vector_norm(anchor - negative, dim=1)
    return torch.clamp(d_ap - d_an + margin, min=0).mean()
