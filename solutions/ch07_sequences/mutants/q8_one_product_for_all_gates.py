"""Adds the input and recurrent products first and splits the sum, as for the LSTM:
n = tanh(a_n + u_n) has no reset gate at all (the LSTM habit breaks the GRU, whose reset
gate multiplies only the recurrent part of the candidate)."""
# medl-breaks: q8

import torch


def gru_cell(x_t, h, W_ih, W_hh, b_ih, b_hh):
    r, z, n = (x_t @ W_ih.T + b_ih + h @ W_hh.T + b_hh).chunk(3, dim=1)
    r, z, n = torch.sigmoid(r), torch.sigmoid(z), torch.tanh(n)
    return (1 - z) * n + z * h
