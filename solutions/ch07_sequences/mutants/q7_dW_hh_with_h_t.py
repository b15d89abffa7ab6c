"""Pairs delta^<t> with the state that step t produced, hs[t], in dW_hh, instead of the one
that entered it, h^<t-1> (hs[t-1], or h0 at the first step): an off-by-one in time."""
# medl-breaks: q7

import torch


def rnn_backward(dhs, x, h0, W_xh, W_hh, hs):
    dx = torch.empty_like(x)
    dW_xh, dW_hh = torch.zeros_like(W_xh), torch.zeros_like(W_hh)
    db = x.new_zeros(W_xh.shape[0])
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(x.shape[0])):
        delta = (dhs[t] + dh_next) * (1 - hs[t] ** 2)
        dx[t] = delta @ W_xh
        dW_xh += delta.T @ x[t]
        dW_hh += delta.T @ hs[t]
        db += delta.sum(dim=0)
        dh_next = delta @ W_hh
    return dx, dh_next, dW_xh, dW_hh, db
