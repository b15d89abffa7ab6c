"""The signal-processing convolution: the kernel is flipped (rotated by 180 degrees).

Eq. (38) is a cross-correlation, x[i + i', j + j'] * w[i', j'], with no flip.
"""
# medl-breaks: q1

import torch


def conv2d_single(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    KH, KW = w.shape
    H_out, W_out = x.shape[0] - KH + 1, x.shape[1] - KW + 1
    w_flipped = torch.flip(w, dims=(0, 1))
    z = x.new_zeros(H_out, W_out)
    for i in range(H_out):
        for j in range(W_out):
            z[i, j] = (x[i : i + KH, j : j + KW] * w_flipped).sum()
    return z


def conv2d_naive(x, weight, bias, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, KH, KW = weight.shape
    S, P = stride, padding
    H_out, W_out = 1 + (H + 2 * P - KH) // S, 1 + (W + 2 * P - KW) // S
    x_pad = torch.nn.functional.pad(x, (P, P, P, P))
    flipped = weight.flip(-1, -2)
    out = x.new_empty(N, F, H_out, W_out)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    patch = x_pad[n, :, S * i : S * i + KH, S * j : S * j + KW]
                    out[n, f, i, j] = bias[f] + (patch * flipped[f]).sum()
    return out
