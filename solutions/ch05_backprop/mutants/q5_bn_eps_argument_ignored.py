"""batchnorm_forward accepts eps but divides by sqrt(s2 + 1e-5) whatever is passed: right for
the default only."""
# medl-breaks: q5
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, train=True, momentum=0.9,
                      eps=1e-5):
    if train:
        mu, var = x.mean(axis=0), x.var(axis=0)
        new_mean = momentum * running_mean + (1 - momentum) * mu
        new_var = momentum * running_var + (1 - momentum) * var
    else:
        mu, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    inv_std = 1.0 / np.sqrt(var + 1e-5)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}, \
        new_mean, new_var
