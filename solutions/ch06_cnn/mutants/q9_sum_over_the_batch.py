"""The hinge terms summed over the batch instead of averaged: the loss (and its gradient)
grows with the batch size."""
# medl-breaks: q9

import torch


def triplet_loss(anchor, positive, negative, margin=0.2):
    d_ap = ((anchor - positive) ** 2).sum(dim=1)
    d_an = ((anchor - negative) ** 2).sum(dim=1)
    return torch.clamp(d_ap - d_an + margin, min=0).sum()
