"""Writes tanh from its definition, (e^z - e^-z) / (e^z + e^-z): right for moderate
pre-activations, but e^z overflows to inf for z > 709 and inf / inf is NaN, where torch.tanh
saturates at +-1."""
# medl-breaks: q1

import torch


def rnn_forward(x, h0, W_xh, W_hh, b):
    h, hs = h0, []
    for t in range(x.shape[0]):
        z = x[t] @ W_xh.T + h @ W_hh.T + b
        h = (torch.exp(z) - torch.exp(-z)) / (torch.exp(z) + torch.exp(-z))
        hs.append(h)
    return torch.stack(hs)
