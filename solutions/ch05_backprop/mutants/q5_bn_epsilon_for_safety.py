"""An extra 1e-8 "for safety" next to sqrt(s2 + eps): invisible on columns of spread 1, a
relative error of 1e-3 or more on columns of spread 1e-5."""
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
    inv_std = 1.0 / (np.sqrt(var + eps) + 1e-8)
    x_hat = (x - mu) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}, \
        new_mean, new_var
