"""Max-pool backward copies dout to every element of its window, like an average-pool that
forgot to divide: the derivative of a maximum is 1 at the argmax only."""
# medl-breaks: q4

import torch


def maxpool2d_backward(dout, x, size, stride=None):
    S = size if stride is None else stride
    H_out, W_out = dout.shape[2], dout.shape[3]
    dx = torch.zeros_like(x)
    for a in range(size):
        for b in range(size):
            dx[:, :, a : a + S * (H_out - 1) + 1 : S, b : b + S * (W_out - 1) + 1 : S] += dout
    return dx
