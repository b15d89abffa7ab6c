"""Sums the per-sample losses over the batch instead of averaging them."""
# medl-breaks: q3

import torch


def negative_elbo(x, x_logits, mu, logvar):
    recon = (torch.nn.functional.softplus(x_logits) - x * x_logits).sum(dim=1)
    return (recon + kl_to_standard_normal(mu, logvar)).sum()  # noqa: F821
