"""The Bernoulli term from probabilities, -[x log p + (1 - x) log(1 - p)] with p = sigmoid(l):
right for moderate logits, NaN or infinite once p rounds to 0 or 1."""
# medl-breaks: q3

import torch


def negative_elbo(x, x_logits, mu, logvar):
    p = torch.sigmoid(x_logits)
    recon = -(x * torch.log(p) + (1 - x) * torch.log(1 - p)).sum(dim=1)
    return (recon + kl_to_standard_normal(mu, logvar)).mean()  # noqa: F821
