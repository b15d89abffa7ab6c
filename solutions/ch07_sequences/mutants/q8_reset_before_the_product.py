"""The GRU of the original paper (Cho et al., 2014): the reset gate multiplies h before the
product, n = tanh(W_in x + b_in + W_hn (r * h) + b_hn). A different function from
torch.nn.GRU's r * (W_hn h + b_hn), which the docstring asks for."""
# medl-breaks: q8

import torch


def gru_cell(x_t, h, W_ih, W_hh, b_ih, b_hh):
    H = h.shape[1]
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=1)
    u_r, u_z, _ = (h @ W_hh.T + b_hh).chunk(3, dim=1)
    r = torch.sigmoid(a_r + u_r)
    z = torch.sigmoid(a_z + u_z)
    n = torch.tanh(a_n + (r * h) @ W_hh[2 * H :].T + b_hh[2 * H :])
    return (1 - z) * n + z * h
