"""The variance in one pass, mean(z**2) - mu**2: the same number in exact arithmetic, but
when the entries share a large offset the two terms cancel and the digits are lost."""
# medl-breaks: q6

import torch


def layer_norm(z, gamma, beta, eps=1e-5):
    mu = z.mean(dim=-1, keepdim=True)
    var = (z * z).mean(dim=-1, keepdim=True) - mu * mu
    return gamma * (z - mu) / torch.sqrt(var + eps) + beta
