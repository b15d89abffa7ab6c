"""Patches as a strided view from Tensor.unfold, contracted with the kernels by one einsum
(no explicit im2col matrix).

The kernels come first: torch.einsum then copies the patches in the (c, i', j') x (n, h, w)
layout, which reads rows of the image. Written "nchwij,fcij->nfhw" (patches first) it is
equally correct but lays the copy out with (i', j') innermost, 1.2-2.1x the reference's time
on a CPU under load here: still full marks (<= 2x) most of the time, with less margin.
"""
# medl-alternative: q2, q2s

import torch


def conv2d_fast(x, weight, bias, stride=1, padding=0):
    KH, KW = weight.shape[2:]
    x_pad = torch.nn.functional.pad(x, (padding, padding, padding, padding))
    patches = x_pad.unfold(2, KH, stride).unfold(3, KW, stride)  # (N, C, H', W', KH, KW)
    out = torch.einsum("fcij,nchwij->nfhw", weight, patches)
    return out + bias.reshape(1, -1, 1, 1)
