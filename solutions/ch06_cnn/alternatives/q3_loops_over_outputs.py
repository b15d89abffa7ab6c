"""Eqs. (38d)-(38f) by a loop over the output positions (i, j): each position adds its
patch's contribution to dW and scatters W back into dx (no einsum over kernel offsets)."""
# medl-alternative: q3

import torch


def conv2d_backward(dout, x, weight, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, KH, KW = weight.shape
    S, P = stride, padding
    x_pad = torch.nn.functional.pad(x, (P, P, P, P))
    dx_pad = torch.zeros_like(x_pad)
    dW = torch.zeros_like(weight)
    w_mat = weight.reshape(F, -1)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            patch = x_pad[:, :, S * i : S * i + KH, S * j : S * j + KW]  # (N, C, KH, KW)
            d = dout[:, :, i, j]  # (N, F)
            dW += (d.T @ patch.reshape(N, -1)).reshape(weight.shape)
            dx_pad[:, :, S * i : S * i + KH, S * j : S * j + KW] += (d @ w_mat).reshape(
                N, C, KH, KW)
    return dx_pad[:, :, P : P + H, P : P + W], dW, dout.sum(dim=(0, 2, 3))
