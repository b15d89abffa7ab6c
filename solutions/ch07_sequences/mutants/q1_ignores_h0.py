"""Starts every sequence from a zero state, as many tutorials do, ignoring the given h0."""
# medl-breaks: q1

import torch


def rnn_forward(x, h0, W_xh, W_hh, b):
    h = torch.zeros_like(h0)
    hs = []
    for t in range(x.shape[0]):
        h = torch.tanh(x[t] @ W_xh.T + h @ W_hh.T + b)
        hs.append(h)
    return torch.stack(hs)
