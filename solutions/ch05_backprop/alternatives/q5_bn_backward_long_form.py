"""Batch-norm backward step by step through the computational graph (the long form).

Forward: mu = mean(x); xc = x - mu; var = mean(xc^2); inv = (var + eps)^(-1/2);
x_hat = xc * inv; y = gamma * x_hat + beta. Backward visits the nodes in reverse order and
sums the two paths into xc (directly and through var) and the two into x (directly and
through mu). Its own cache keeps the intermediate nodes.
"""
# medl-alternative: q5
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, train=True, momentum=0.9,
                      eps=1e-5):
    if train:
        mu = x.mean(axis=0)
        xc = x - mu
        var = (xc**2).mean(axis=0)
        new_mean = momentum * running_mean + (1 - momentum) * mu
        new_var = momentum * running_var + (1 - momentum) * var
    else:
        mu, var = running_mean, running_var
        xc = x - mu
        new_mean, new_var = running_mean.copy(), running_var.copy()
    std = np.sqrt(var + eps)
    inv = 1.0 / std
    x_hat = xc * inv
    cache = {"xc": xc, "std": std, "inv": inv, "x_hat": x_hat, "gamma": gamma}
    return gamma * x_hat + beta, cache, new_mean, new_var


def batchnorm_backward(dout, cache):
    xc, std, inv, x_hat, gamma = (cache[k] for k in ("xc", "std", "inv", "x_hat", "gamma"))
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dinv = (dx_hat * xc).sum(axis=0)  # x_hat = xc * inv
    dxc = dx_hat * inv
    dstd = -dinv / std**2  # inv = 1 / std
    dvar = 0.5 * dstd / std  # std = sqrt(var + eps)
    dxc += 2.0 * xc * dvar / N  # var = mean(xc^2)
    dmu = -dxc.sum(axis=0)  # xc = x - mu
    dx = dxc + dmu / N  # mu = mean(x)
    return dx, dgamma, dbeta
