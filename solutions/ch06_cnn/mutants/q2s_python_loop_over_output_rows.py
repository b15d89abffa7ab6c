"""Vectorized over the batch, the filters and the columns, but a Python loop over the H'
output rows: each row's patches are unfolded and multiplied by the filter matrix at once.
Correct (full marks on q2); at the q2s size (many short rows) the loop's per-row cost is
several times the whole im2col product, so it earns no speed points."""
# medl-breaks: q2s
# medl-alternative: q2

import torch


def conv2d_fast(x, weight, bias, stride=1, padding=0):
    x_pad = torch.nn.functional.pad(x, (padding, padding, padding, padding))
    N, C, H, W = x_pad.shape
    F, _, KH, KW = weight.shape
    H_out, W_out = 1 + (H - KH) // stride, 1 + (W - KW) // stride
    w_mat = weight.reshape(F, C * KH * KW)
    out = x.new_empty(N, F, H_out, W_out)
    for i in range(H_out):
        band = x_pad[:, :, stride * i : stride * i + KH, :]  # (N, C, KH, W)
        patches = band.unfold(3, KW, stride)  # (N, C, KH, W_out, KW)
        cols = patches.permute(0, 3, 1, 2, 4).reshape(N, W_out, C * KH * KW)
        out[:, :, i, :] = (cols @ w_mat.T + bias).transpose(1, 2)
    return out
