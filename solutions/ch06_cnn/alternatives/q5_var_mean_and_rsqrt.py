"""Batch norm through torch.var_mean (biased) and rsqrt; the residual block's skip chosen by
params.get("Ws"), the main branch written as one expression."""
# medl-alternative: q5

import torch


def batch_norm2d(x, gamma, beta, eps=1e-5):
    var, mu = torch.var_mean(x, dim=(0, 2, 3), unbiased=False, keepdim=True)
    scale = gamma.reshape(1, -1, 1, 1) * torch.rsqrt(var + eps)
    return (x - mu) * scale + beta.reshape(1, -1, 1, 1)


def residual_block(x, params, stride=1, eps=1e-5):
    p = params
    Ws = p.get("Ws")
    skip = x if Ws is None else conv2d_fast(x, Ws, p["bs"], stride, 0)  # noqa: F821
    h = torch.relu(batch_norm2d(conv2d_fast(x, p["W1"], p["b1"], stride, 1),  # noqa: F821
                                p["gamma1"], p["beta1"], eps))
    return torch.relu(
        batch_norm2d(conv2d_fast(h, p["W2"], p["b2"], 1, 1), p["gamma2"], p["beta2"], eps)  # noqa: F821
        + skip
    )
