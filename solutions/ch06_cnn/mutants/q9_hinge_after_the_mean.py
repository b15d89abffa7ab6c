"""The hinge taken once, after the average: max(mean(d_ap - d_an) + m, 0). Triplets that meet
the margin then lower the loss of the others instead of costing 0."""
# medl-breaks: q9

import torch


def triplet_loss(anchor, positive, negative, margin=0.2):
    d_ap = ((anchor - positive) ** 2).sum(dim=1)
    d_an = ((anchor - negative) ** 2).sum(dim=1)
    return torch.clamp((d_ap - d_an).mean() + margin, min=0)
