"""Max-pool backward that scans each window and keeps the position of the running maximum with
>=: a tie moves the gradient to the last maximum in row-major order (the docstring: the
first)."""
# medl-breaks: q4

import torch


def maxpool2d_backward(dout, x, size, stride=None):
    S = size if stride is None else stride
    N, C, H_out, W_out = dout.shape
    best = x.new_full((N, C, H_out, W_out), -float("inf"))
    where = torch.zeros((N, C, H_out, W_out), dtype=torch.long)
    for a in range(size):
        for b in range(size):
            v = x[:, :, a : a + S * (H_out - 1) + 1 : S, b : b + S * (W_out - 1) + 1 : S]
            take = v >= best
            best = torch.where(take, v, best)
            where = torch.where(take, torch.full_like(where, a * size + b), where)
    dx = torch.zeros_like(x)
    for a in range(size):
        for b in range(size):
            rows = slice(a, a + S * (H_out - 1) + 1, S)
            cols = slice(b, b + S * (W_out - 1) + 1, S)
            dx[:, :, rows, cols] += dout * (where == a * size + b)
    return dx
