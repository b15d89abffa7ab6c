"""The bias is broadcast along the last axis of (N, F, H'*W'), the output positions, instead
of along the filters: it raises for most shapes and is silently wrong when H'*W' = F."""
# medl-breaks: q2

import torch


def conv2d_fast(x, weight, bias, stride=1, padding=0):
    N = x.shape[0]
    F, C, KH, KW = weight.shape
    H_out = 1 + (x.shape[2] + 2 * padding - KH) // stride
    W_out = 1 + (x.shape[3] + 2 * padding - KW) // stride
    cols = torch.nn.functional.unfold(x, (KH, KW), padding=padding, stride=stride)
    out = weight.reshape(F, -1) @ cols + bias  # (N, F, L) + (F,): broadcast along L
    return out.reshape(N, F, H_out, W_out)
