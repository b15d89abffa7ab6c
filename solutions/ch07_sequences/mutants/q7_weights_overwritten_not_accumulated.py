"""Assigns the weight gradients at every step instead of adding to them (= for +=): the
weights are shared by all T steps, but dW_xh, dW_hh and db keep only the term of the last
step the backward loop visits, t = 1."""
# medl-breaks: q7

import torch


def rnn_backward(dhs, x, h0, W_xh, W_hh, hs):
    dx = torch.empty_like(x)
    dh_next = torch.zeros_like(h0)
    for t in reversed(range(x.shape[0])):
        h_prev = hs[t - 1] if t > 0 else h0
        delta = (dhs[t] + dh_next) * (1 - hs[t] ** 2)
        dx[t] = delta @ W_xh
        dW_xh = delta.T @ x[t]
        dW_hh = delta.T @ h_prev
        db = delta.sum(dim=0)
        dh_next = delta @ W_hh
    return dx, dh_next, dW_xh, dW_hh, db
