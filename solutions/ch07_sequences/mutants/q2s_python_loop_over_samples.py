"""Runs the LSTM one sample at a time (a Python loop over the batch inside the loop over
time): correct, so full marks on q2, but far slower than one batched step per t."""
# medl-breaks: q2s
# medl-alternative: q2

import torch


def lstm_forward(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    T, N = x.shape[:2]
    hs = x.new_empty(T, *h0.shape)
    h_T, c_T = torch.empty_like(h0), torch.empty_like(c0)
    for n in range(N):
        h, c = h0[n], c0[n]
        for t in range(T):
            z = W_ih @ x[t, n] + b_ih + W_hh @ h + b_hh
            i, f, g, o = z.chunk(4)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            hs[t, n] = h
        h_T[n], c_T[n] = h, c
    return hs, h_T, c_T
