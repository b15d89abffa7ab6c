"""Starts the product at 1 (alpha_bar[0] = 1): the product runs over s < t instead of s <= t."""
# medl-breaks: q4

import torch


def alpha_bar_schedule(betas):
    ab = torch.cumprod(1 - betas, dim=0)
    return torch.cat([torch.ones(1, dtype=betas.dtype), ab[:-1]])
