"""im2col by hand: torch.as_strided builds the (N, C, KH, KW, H', W') view of the padded
input from its strides, reshaped (one copy) into columns for one matrix product."""
# medl-alternative: q2, q2s

import torch


def conv2d_fast(x, weight, bias, stride=1, padding=0):
    x_pad = torch.nn.functional.pad(x, (padding, padding, padding, padding))
    N, C, H, W = x_pad.shape
    F, _, KH, KW = weight.shape
    H_out, W_out = 1 + (H - KH) // stride, 1 + (W - KW) // stride
    sN, sC, sH, sW = x_pad.stride()
    patches = x_pad.as_strided((N, C, KH, KW, H_out, W_out),
                               (sN, sC, sH, sW, sH * stride, sW * stride))
    cols = patches.reshape(N, C * KH * KW, H_out * W_out)  # (N, C*KH*KW, H'*W')
    out = weight.reshape(F, C * KH * KW) @ cols + bias.reshape(F, 1)
    return out.reshape(N, F, H_out, W_out)
