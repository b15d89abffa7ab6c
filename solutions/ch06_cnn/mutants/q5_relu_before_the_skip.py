"""The second ReLU is applied to the main branch before the skip is added, and not after."""
# medl-breaks: q5

import torch


def residual_block(x, params, stride=1, eps=1e-5):
    p = params
    h = torch.relu(batch_norm2d(conv2d_fast(x, p["W1"], p["b1"], stride, 1), p["gamma1"],  # noqa: F821
                                p["beta1"], eps))
    h = batch_norm2d(conv2d_fast(h, p["W2"], p["b2"], 1, 1), p["gamma2"], p["beta2"], eps)  # noqa: F821
    skip = conv2d_fast(x, p["Ws"], p["bs"], stride, 0) if "Ws" in p else x  # noqa: F821
    return torch.relu(h) + skip
