"""Reads the stacked gates in the order (i, f, o, g) of some papers and of Keras' kernels,
not torch.nn.LSTM's (i, f, g, o)."""
# medl-breaks: q2

import torch


def lstm_cell(x_t, h, c, W_ih, W_hh, b_ih, b_hh):
    z = x_t @ W_ih.T + b_ih + h @ W_hh.T + b_hh
    i, f, o, g = z.chunk(4, dim=1)
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_new), c_new


def lstm_forward(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    h, c, hs = h0, c0, []
    for t in range(x.shape[0]):
        h, c = lstm_cell(x[t], h, c, W_ih, W_hh, b_ih, b_hh)
        hs.append(h)
    return torch.stack(hs), h, c
