"""Copies the DDPM paper's "z = 0 unless t > 1": the paper counts steps from 1, this notebook
from 0, so the step t = 1 loses its noise too (only t = 0 is noise-free)."""
# medl-breaks: q4

import torch


def ddpm_step(x_t, t, eps_pred, betas, z):
    shape = (-1, *([1] * (x_t.dim() - 1)))
    beta = betas[t].reshape(shape)
    ab = torch.cumprod(1 - betas, dim=0)[t].reshape(shape)
    mean = (x_t - beta / (1 - ab).sqrt() * eps_pred) / (1 - beta).sqrt()
    sigma = torch.where(t > 1, betas[t].sqrt(), torch.zeros_like(betas[t])).reshape(shape)
    return mean + sigma * z
