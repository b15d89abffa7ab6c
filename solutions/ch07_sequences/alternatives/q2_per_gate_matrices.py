"""Slices the stacked weights into the four gates' own (H, D) and (H, H) matrices and
computes each gate with its own two products, as the equations are written: eight small
products per step instead of two. Still one batched step per t."""
# medl-alternative: q2, q2s

import torch


def lstm_cell(x_t, h, c, W_ih, W_hh, b_ih, b_hh):
    H = h.shape[1]

    def pre(k):
        rows = slice(k * H, (k + 1) * H)
        return x_t @ W_ih[rows].T + b_ih[rows] + h @ W_hh[rows].T + b_hh[rows]

    i, f, g, o = (
        torch.sigmoid(pre(0)),
        torch.sigmoid(pre(1)),
        torch.tanh(pre(2)),
        torch.sigmoid(pre(3)),
    )
    c_new = f * c + i * g
    return o * torch.tanh(c_new), c_new


def lstm_forward(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    h, c, hs = h0, c0, []
    for x_t in x:  # iterating a tensor walks its first axis, time
        h, c = lstm_cell(x_t, h, c, W_ih, W_hh, b_ih, b_hh)
        hs.append(h)
    return torch.stack(hs), h, c
