"""A "vectorized" convolution that still loops over the H' x W' output pixels in Python:
correct (full marks on q2), but about 80 times slower than im2col on a CPU (q2s size)."""
# medl-breaks: q2s
# medl-alternative: q2

import torch


def conv2d_fast(x, weight, bias, stride=1, padding=0):
    x_pad = torch.nn.functional.pad(x, (padding, padding, padding, padding))
    N, C, H, W = x_pad.shape
    F, _, KH, KW = weight.shape
    H_out, W_out = 1 + (H - KH) // stride, 1 + (W - KW) // stride
    w_mat = weight.reshape(F, -1)
    out = x.new_empty(N, F, H_out, W_out)
    for i in range(H_out):
        for j in range(W_out):
            patch = x_pad[:, :, stride * i : stride * i + KH, stride * j : stride * j + KW]
            out[:, :, i, j] = patch.reshape(N, -1) @ w_mat.T + bias
    return out
