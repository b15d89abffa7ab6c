"""Uses sigma_t = beta_t (the variance) as the noise's standard deviation."""
# medl-breaks: q4

import torch


def ddpm_step(x_t, t, eps_pred, betas, z):
    shape = (-1, *([1] * (x_t.dim() - 1)))
    beta = betas[t].reshape(shape)
    ab = torch.cumprod(1 - betas, dim=0)[t].reshape(shape)
    mean = (x_t - beta / (1 - ab).sqrt() * eps_pred) / (1 - beta).sqrt()
    return mean + torch.where(t > 0, betas[t], 0.0).reshape(shape) * z
