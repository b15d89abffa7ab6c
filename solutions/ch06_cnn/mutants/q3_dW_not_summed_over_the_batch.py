"""dW is overwritten image by image instead of accumulated: only the last image's gradient is
left (db is summed correctly)."""
# medl-breaks: q3

import torch


def conv2d_backward(dout, x, weight, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, KH, KW = weight.shape
    S, P = stride, padding
    H_out, W_out = dout.shape[2], dout.shape[3]
    x_pad = torch.nn.functional.pad(x, (P, P, P, P))
    dx_pad = torch.zeros_like(x_pad)
    dW = torch.zeros_like(weight)
    for n in range(N):
        for a in range(KH):
            for b in range(KW):
                rows = slice(a, a + S * (H_out - 1) + 1, S)
                cols = slice(b, b + S * (W_out - 1) + 1, S)
                dW[:, :, a, b] = torch.einsum("fhw,chw->fc", dout[n], x_pad[n, :, rows, cols])
                dx_pad[n, :, rows, cols] += torch.einsum("fhw,fc->chw", dout[n],
                                                         weight[:, :, a, b])
    return dx_pad[:, :, P : P + H, P : P + W], dW, dout.sum(dim=(0, 2, 3))
