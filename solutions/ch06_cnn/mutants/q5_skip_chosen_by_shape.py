"""The residual block decides the skip by the shapes (S != 1 or F != C) instead of by the
presence of "Ws" in params: given a projection for a block whose shapes agree, it adds x
itself and ignores (Ws, bs)."""
# medl-breaks: q5

import torch


def residual_block(x, params, stride=1, eps=1e-5):
    p = params
    h = conv2d_fast(x, p["W1"], p["b1"], stride, 1)  # noqa: F821
    h = torch.relu(batch_norm2d(h, p["gamma1"], p["beta1"], eps))  # noqa: F821
    h = batch_norm2d(conv2d_fast(h, p["W2"], p["b2"], 1, 1), p["gamma2"], p["beta2"], eps)  # noqa: F821
    project = stride != 1 or p["W1"].shape[0] != x.shape[1]
    skip = conv2d_fast(x, p["Ws"], p["bs"], stride, 0) if project else x  # noqa: F821
    return torch.relu(h + skip)
