"""The VAE pieces written another way: sigma = sqrt(exp(logvar)), the KL per dimension as
0.5 (sigma^2 + mu^2) - log sigma - 0.5, and the Bernoulli term through logaddexp with a
per-sample loop."""
# medl-alternative: q3

import torch


def reparameterize(mu, logvar, eps):
    return eps * torch.sqrt(torch.exp(logvar)) + mu


def kl_to_standard_normal(mu, logvar):
    log_sigma = 0.5 * logvar
    return torch.sum(0.5 * (torch.exp(2 * log_sigma) + mu * mu) - log_sigma - 0.5, dim=-1)


def negative_elbo(x, x_logits, mu, logvar):
    N = x.shape[0]
    kl = kl_to_standard_normal(mu, logvar)
    total = x.new_zeros(())
    for n in range(N):
        l = x_logits[n]
        nll = torch.logaddexp(torch.zeros_like(l), l) - x[n] * l
        total = total + nll.sum() + kl[n]
    return total / N
