"""as_strided with the stride put on the kernel-offset axes instead of the output axes:
window (i, j) reads x~[i + S*i', j + S*j'] instead of x~[S*i + i', S*j + j']."""
# medl-breaks: q2

import torch


def conv2d_fast(x, weight, bias, stride=1, padding=0):
    x_pad = torch.nn.functional.pad(x, (padding, padding, padding, padding))
    N, C, H, W = x_pad.shape
    F, _, KH, KW = weight.shape
    H_out, W_out = 1 + (H - KH) // stride, 1 + (W - KW) // stride
    sN, sC, sH, sW = x_pad.stride()
    patches = x_pad.as_strided((N, C, KH, KW, H_out, W_out),
                               (sN, sC, sH * stride, sW * stride, sH, sW))
    cols = patches.reshape(N, C * KH * KW, H_out * W_out)
    out = weight.reshape(F, -1) @ cols + bias.reshape(F, 1)
    return out.reshape(N, F, H_out, W_out)
