"""Treats the log-variance as log sigma: sigma = exp(logvar) instead of exp(logvar / 2)."""
# medl-breaks: q3

import torch


def reparameterize(mu, logvar, eps):
    return mu + torch.exp(logvar) * eps
