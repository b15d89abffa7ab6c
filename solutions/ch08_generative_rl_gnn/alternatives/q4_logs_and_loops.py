"""alpha_bar through a sum of logs, q_sample by broadcasting with view, and the DDPM step with
a Python loop over the samples."""
# medl-alternative: q4

import torch


def alpha_bar_schedule(betas):
    return torch.exp(torch.cumsum(torch.log1p(-betas), dim=0))


def q_sample(x0, t, eps, alpha_bar):
    ab = alpha_bar.gather(0, t).view(x0.shape[0], *([1] * (x0.dim() - 1)))
    return torch.sqrt(ab) * x0 + torch.sqrt(1.0 - ab) * eps


def ddpm_step(x_t, t, eps_pred, betas, z):
    alpha_bar = alpha_bar_schedule(betas)
    out = torch.empty_like(x_t)
    for n in range(x_t.shape[0]):
        k = int(t[n])
        beta, ab = betas[k], alpha_bar[k]
        mean = (x_t[n] - beta / torch.sqrt(1 - ab) * eps_pred[n]) / torch.sqrt(1 - beta)
        out[n] = mean + (torch.sqrt(beta) * z[n] if k > 0 else 0.0)
    return out
