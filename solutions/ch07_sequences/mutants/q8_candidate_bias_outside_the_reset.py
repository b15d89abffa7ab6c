"""Adds b_hn outside the reset gate, n = tanh(W_in x + b_in + r * (W_hn h) + b_hn): the two
candidate biases merged into one, as a single-bias GRU would have it."""
# medl-breaks: q8

import torch


def gru_cell(x_t, h, W_ih, W_hh, b_ih, b_hh):
    H = h.shape[1]
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=1)
    u_r, u_z, u_n = (h @ W_hh.T).chunk(3, dim=1)
    r = torch.sigmoid(a_r + u_r + b_hh[:H])
    z = torch.sigmoid(a_z + u_z + b_hh[H : 2 * H])
    n = torch.tanh(a_n + r * u_n + b_hh[2 * H :])
    return (1 - z) * n + z * h
