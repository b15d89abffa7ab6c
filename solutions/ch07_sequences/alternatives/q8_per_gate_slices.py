"""Slices the stacked weights into each gate's own matrices and writes the equations gate
by gate, with h_new = n + z * (h - n): six small products per step instead of two."""
# medl-alternative: q8

import torch


def gru_cell(x_t, h, W_ih, W_hh, b_ih, b_hh):
    H = h.shape[1]
    r_, z_, n_ = slice(0, H), slice(H, 2 * H), slice(2 * H, 3 * H)
    r = torch.sigmoid(x_t @ W_ih[r_].T + b_ih[r_] + h @ W_hh[r_].T + b_hh[r_])
    z = torch.sigmoid(x_t @ W_ih[z_].T + b_ih[z_] + h @ W_hh[z_].T + b_hh[z_])
    n = torch.tanh(x_t @ W_ih[n_].T + b_ih[n_] + r * (h @ W_hh[n_].T + b_hh[n_]))
    return n + z * (h - n)


def gru_forward(x, h0, W_ih, W_hh, b_ih, b_hh):
    hs = [h0]
    for x_t in x:  # iterating a tensor walks its first axis, time
        hs.append(gru_cell(x_t, hs[-1], W_ih, W_hh, b_ih, b_hh))
    return torch.stack(hs[1:]), hs[-1]
