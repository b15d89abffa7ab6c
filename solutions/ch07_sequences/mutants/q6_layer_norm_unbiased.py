"""Layer norm with torch.var's default, the unbiased variance (dividing by E - 1)."""
# medl-breaks: q6

import torch


def layer_norm(z, gamma, beta, eps=1e-5):
    mu = z.mean(dim=-1, keepdim=True)
    return gamma * (z - mu) / torch.sqrt(z.var(dim=-1, keepdim=True) + eps) + beta
