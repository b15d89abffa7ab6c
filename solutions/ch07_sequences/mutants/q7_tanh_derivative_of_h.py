"""Evaluates the tanh derivative at the wrong point: 1 - tanh(h)^2 with h = hs[t] the stored
output, i.e. tanh applied twice, where tanh'(z) = 1 - h^2 needs no second tanh."""
# medl-breaks: q7

import torch


def rnn_backward(dhs, x, h0, W_xh, W_hh, hs):
    dx = torch.empty_like(x)
    dW_xh, dW_hh = torch.zeros_like(W_xh), torch.zeros_like(W_hh)
    db = x.new_zeros(W_xh.shape[0])
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(x.shape[0])):
        h_prev = hs[t - 1] if t > 0 else h0
        delta = (dhs[t] + dh_next) * (1 - torch.tanh(hs[t]) ** 2)
        dx[t] = delta @ W_xh
        dW_xh += delta.T @ x[t]
        dW_hh += delta.T @ h_prev
        db += delta.sum(dim=0)
        dh_next = delta @ W_hh
    return dx, dh_next, dW_xh, dW_hh, db
