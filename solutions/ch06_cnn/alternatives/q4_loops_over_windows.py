"""Pooling by a loop over the output windows, the max-pool gradient routed with a one-hot
mask of each window's first maximum."""
# medl-alternative: q4

import torch


def _out(n, size, stride):
    return 1 + (n - size) // stride


def maxpool2d_forward(x, size, stride=None):
    S = stride or size
    N, C, H, W = x.shape
    y = x.new_empty(N, C, _out(H, size, S), _out(W, size, S))
    for i in range(y.shape[2]):
        for j in range(y.shape[3]):
            y[:, :, i, j] = x[:, :, S * i : S * i + size, S * j : S * j + size].amax(dim=(2, 3))
    return y


def maxpool2d_backward(dout, x, size, stride=None):
    S = stride or size
    N, C = x.shape[:2]
    dx = torch.zeros_like(x)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            window = x[:, :, S * i : S * i + size, S * j : S * j + size].reshape(N, C, -1)
            mask = torch.nn.functional.one_hot(window.argmax(dim=2), size * size).to(x.dtype)
            dx[:, :, S * i : S * i + size, S * j : S * j + size] += (
                mask * dout[:, :, i, j, None]).reshape(N, C, size, size)
    return dx


def avgpool2d_forward(x, size, stride=None):
    S = stride or size
    N, C, H, W = x.shape
    y = x.new_empty(N, C, _out(H, size, S), _out(W, size, S))
    for i in range(y.shape[2]):
        for j in range(y.shape[3]):
            y[:, :, i, j] = x[:, :, S * i : S * i + size, S * j : S * j + size].mean(dim=(2, 3))
    return y


def avgpool2d_backward(dout, x, size, stride=None):
    S = stride or size
    dx = torch.zeros_like(x)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, S * i : S * i + size, S * j : S * j + size] += \
                dout[:, :, i, j, None, None] / size**2
    return dx
