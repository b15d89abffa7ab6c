"""Runs the GRU one sample at a time (a Python loop over the batch inside the loop over
time): correct, so full marks on q8, but far slower than one batched step per t."""
# medl-breaks: q8s
# medl-alternative: q8

import torch


def gru_forward(x, h0, W_ih, W_hh, b_ih, b_hh):
    T, N = x.shape[:2]
    hs = x.new_empty(T, *h0.shape)
    h_T = torch.empty_like(h0)
    for n in range(N):
        h = h0[n]
        for t in range(T):
            a_r, a_z, a_n = (W_ih @ x[t, n] + b_ih).chunk(3)
            u_r, u_z, u_n = (W_hh @ h + b_hh).chunk(3)
            r = torch.sigmoid(a_r + u_r)
            z = torch.sigmoid(a_z + u_z)
            h = (1 - z) * torch.tanh(a_n + r * u_n) + z * h
            hs[t, n] = h
        h_T[n] = h
    return hs, h_T
