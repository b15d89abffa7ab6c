"""h_new = z * n + (1 - z) * h, as some texts write it: the update gate then says how much
of the candidate to take, and z ~ 1 forgets the state that torch.nn.GRU would keep."""
# medl-breaks: q8

import torch


def gru_cell(x_t, h, W_ih, W_hh, b_ih, b_hh):
    a_r, a_z, a_n = (x_t @ W_ih.T + b_ih).chunk(3, dim=1)
    u_r, u_z, u_n = (h @ W_hh.T + b_hh).chunk(3, dim=1)
    r = torch.sigmoid(a_r + u_r)
    z = torch.sigmoid(a_z + u_z)
    n = torch.tanh(a_n + r * u_n)
    return z * n + (1 - z) * h
