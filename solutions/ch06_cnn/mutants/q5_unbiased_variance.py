"""Batch norm with torch.var's default, the unbiased variance (divides by NHW - 1): eq. (BN)
and torch.nn.BatchNorm2d in training mode divide by NHW."""
# medl-breaks: q5

import torch


def batch_norm2d(x, gamma, beta, eps=1e-5):
    mu = x.mean(dim=(0, 2, 3), keepdim=True)
    var = x.var(dim=(0, 2, 3), keepdim=True)
    return gamma.reshape(1, -1, 1, 1) * (x - mu) / torch.sqrt(var + eps) + \
        beta.reshape(1, -1, 1, 1)
