"""The recurrent term written h_prev @ W_hh instead of h_prev @ W_hh.T: the shapes agree
(W_hh is square), so nothing raises, but it is W_hh^T h^<t-1> in the book's columns."""
# medl-breaks: q1

import torch


def rnn_forward(x, h0, W_xh, W_hh, b):
    h, hs = h0, []
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ W_xh.T + h @ W_hh + b)
        hs.append(h)
    return torch.stack(hs)
