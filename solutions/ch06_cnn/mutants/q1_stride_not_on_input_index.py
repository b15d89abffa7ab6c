"""The stride shrinks the output but the window of output (i, j) still starts at (i, j)
instead of (S*i, S*j): right for S = 1 only."""
# medl-breaks: q1

import torch


def conv2d_naive(x, weight, bias, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, KH, KW = weight.shape
    S, P = stride, padding
    H_out, W_out = 1 + (H + 2 * P - KH) // S, 1 + (W + 2 * P - KW) // S
    x_pad = torch.nn.functional.pad(x, (P, P, P, P))
    out = x.new_empty(N, F, H_out, W_out)
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    patch = x_pad[n, :, i : i + KH, j : j + KW]
                    out[n, f, i, j] = bias[f] + (patch * weight[f]).sum()
    return out
