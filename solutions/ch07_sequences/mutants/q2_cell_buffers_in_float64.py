"""lstm_cell fills output buffers made with dtype=torch.float64 (the check cells are
float64), so float32 inputs come back as float64; lstm_forward inlines the gates after one
input projection and keeps the dtype, so only lstm_cell breaks its "same dtype" promise."""
# medl-breaks: q2

import torch


def lstm_cell(x_t, h, c, W_ih, W_hh, b_ih, b_hh):
    N, H = h.shape
    h_new = torch.empty(N, H, dtype=torch.float64)
    c_new = torch.empty(N, H, dtype=torch.float64)
    i, f, g, o = (x_t @ W_ih.T + b_ih + h @ W_hh.T + b_hh).chunk(4, dim=1)
    c_new[:] = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_new[:] = torch.sigmoid(o) * torch.tanh(c_new)
    return h_new, c_new


def lstm_forward(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    xw = x @ W_ih.T + b_ih + b_hh  # (T, N, 4H): the input half of every step at once
    h, c, hs = h0, c0, []
    for t in range(x.shape[0]):
        i, f, g, o = (xw[t] + h @ W_hh.T).chunk(4, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        hs.append(h)
    return torch.stack(hs), h, c
