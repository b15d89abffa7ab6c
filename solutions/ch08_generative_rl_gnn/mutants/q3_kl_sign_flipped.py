"""Copies the common form -0.5 * sum(1 + logvar - mu^2 - exp(logvar)) but drops the minus sign:
the 'KL' is negative and the loss rewards moving away from the prior."""
# medl-breaks: q3


def kl_to_standard_normal(mu, logvar):
    return 0.5 * (1 + logvar - mu**2 - logvar.exp()).sum(dim=1)
