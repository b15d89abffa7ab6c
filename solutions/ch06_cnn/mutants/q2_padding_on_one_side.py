"""All 2P zeros of padding go below and to the right of the image: the output has the right
shape, but every window is shifted by P pixels."""
# medl-breaks: q2

import torch


def conv2d_fast(x, weight, bias, stride=1, padding=0):
    F, C, KH, KW = weight.shape
    x_pad = torch.nn.functional.pad(x, (0, 2 * padding, 0, 2 * padding))
    patches = x_pad.unfold(2, KH, stride).unfold(3, KW, stride)  # (N, C, H', W', KH, KW)
    N, _, H_out, W_out = patches.shape[:4]
    cols = patches.permute(0, 1, 4, 5, 2, 3).reshape(N, C * KH * KW, H_out * W_out)
    out = weight.reshape(F, -1) @ cols + bias.reshape(F, 1)
    return out.reshape(N, F, H_out, W_out)
