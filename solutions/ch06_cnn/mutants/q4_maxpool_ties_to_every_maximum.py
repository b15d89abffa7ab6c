"""Max-pool backward through the mask x == max(window): right for distinct values, but a window
whose maximum is tied sends dout to every tied position (the docstring: the first maximum)."""
# medl-breaks: q4

import torch


def maxpool2d_backward(dout, x, size, stride=None):
    S = size if stride is None else stride
    H_out, W_out = dout.shape[2], dout.shape[3]
    dx = torch.zeros_like(x)
    y = maxpool2d_forward(x, size, S)  # noqa: F821
    for a in range(size):
        for b in range(size):
            rows = slice(a, a + S * (H_out - 1) + 1, S)
            cols = slice(b, b + S * (W_out - 1) + 1, S)
            dx[:, :, rows, cols] += dout * (x[:, :, rows, cols] == y)
    return dx
