"""Reads the stacked blocks as (z, r, n), the order of the equations in many texts (update
gate first); torch.nn.GRU stores (r, z, n)."""
# medl-breaks: q8

import torch


def gru_cell(x_t, h, W_ih, W_hh, b_ih, b_hh):
    a_z, a_r, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=1)
    u_z, u_r, u_n = (h @ W_hh.T + b_hh).chunk(3, dim=1)
    r = torch.sigmoid(a_r + u_r)
    z = torch.sigmoid(a_z + u_z)
    n = torch.tanh(a_n + r * u_n)
    return (1 - z) * n + z * h
