"""Treats every step on its own: delta^<t> uses only the direct gradient dhs[t], never the
W_hh^T delta^<t+1> that flows back from the next step (truncated BPTT with a window of 1).
Right for T = 1 only."""
# medl-breaks: q7

import torch


def rnn_backward(dhs, x, h0, W_xh, W_hh, hs):
    dx = torch.empty_like(x)
    dW_xh, dW_hh = torch.zeros_like(W_xh), torch.zeros_like(W_hh)
    db = x.new_zeros(W_xh.shape[0])
    dh0 = torch.zeros_like(h0)
    for t in reversed(range(x.shape[0])):
        h_prev = hs[t - 1] if t > 0 else h0
        delta = dhs[t] * (1 - hs[t] ** 2)
        dx[t] = delta @ W_xh
        dW_xh += delta.T @ x[t]
        dW_hh += delta.T @ h_prev
        db += delta.sum(dim=0)
        dh0 = delta @ W_hh
    return dx, dh0, dW_xh, dW_hh, db
