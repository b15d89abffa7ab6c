"""The log-sum-exp trick for softplus(x) = log(e^0 + e^x) with one shift for the whole batch,
c = max_n x_n, instead of each entry's own max(0, x_n)."""

# medl-breaks: q5
import torch


def _softplus(x):
    c = x.max()
    return c + torch.log(torch.exp(-c) + torch.exp(x - c))


def discriminator_loss(real_logits, fake_logits):
    return _softplus(-real_logits).mean() + _softplus(fake_logits).mean()


def generator_loss(fake_logits):
    return _softplus(-fake_logits).mean()
