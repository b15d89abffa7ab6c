"""Returns T + 1 states, h0 included, and in float64 whatever the input dtype."""
# medl-breaks: q1

import torch


def rnn_forward(x, h0, W_xh, W_hh, b):
    hs = torch.zeros(x.shape[0] + 1, *h0.shape, dtype=torch.float64)
    hs[0] = h0
    for t in range(x.shape[0]):
        hs[t + 1] = torch.tanh(x[t] @ W_xh.T + hs[t].to(x.dtype) @ W_hh.T + b)
    return hs
