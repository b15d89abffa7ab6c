"""Batch norm with an extra 1e-10 "for safety" next to the square root: a relative change of
1e-10 / sigma_c, far below the tolerance for channels of spread 1 (an extra 1e-8 is caught
there already) and 1e-6 for channels of spread 1e-4."""
# medl-breaks: q5

import torch


def batch_norm2d(x, gamma, beta, eps=1e-5):
    mu = x.mean(dim=(0, 2, 3), keepdim=True)
    var = ((x - mu) ** 2).mean(dim=(0, 2, 3), keepdim=True)
    x_hat = (x - mu) / (torch.sqrt(var + eps) + 1e-10)
    return gamma.reshape(1, -1, 1, 1) * x_hat + beta.reshape(1, -1, 1, 1)
