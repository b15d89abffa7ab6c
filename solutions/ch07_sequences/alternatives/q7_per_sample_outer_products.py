"""Eqs. (7.9)-(7.10) exactly as written, in the book's column convention, one sample at a
time: matrix-vector products and outer products, the batch summed by a Python loop."""
# medl-alternative: q7

import torch


def rnn_backward(dhs, x, h0, W_xh, W_hh, hs):
    T, N, _ = x.shape
    dx = torch.zeros_like(x)
    dh0 = torch.zeros_like(h0)
    dW_xh, dW_hh = torch.zeros_like(W_xh), torch.zeros_like(W_hh)
    db = torch.zeros(W_xh.shape[0], dtype=x.dtype)
    for n in range(N):
        g_next = torch.zeros(W_hh.shape[0], dtype=x.dtype)  # W_hh^T delta^<t+1>
        for t in reversed(range(T)):
            h, h_prev = hs[t, n], (hs[t - 1, n] if t > 0 else h0[n])
            delta = (dhs[t, n] + g_next) * (1 - h**2)
            dx[t, n] = W_xh.T @ delta
            dW_xh += torch.outer(delta, x[t, n])
            dW_hh += torch.outer(delta, h_prev)
            db += delta
            g_next = W_hh.T @ delta
        dh0[n] = g_next
    return dx, dh0, dW_xh, dW_hh, db
