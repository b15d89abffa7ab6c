"""Computes the input half x^<t> W_ih^T + b_ih for all T steps in one product before the
loop, and writes the states into a preallocated tensor: one batched recurrent product per
step."""
# medl-alternative: q8, q8s

import torch


def gru_forward(x, h0, W_ih, W_hh, b_ih, b_hh):
    T, N, D = x.shape
    a = (x.reshape(T * N, D) @ W_ih.T + b_ih).reshape(T, N, -1)  # (T, N, 3H)
    hs = x.new_empty(T, *h0.shape)
    h = h0
    for t in range(T):
        a_r, a_z, a_n = a[t].chunk(3, dim=1)
        u_r, u_z, u_n = (h @ W_hh.T + b_hh).chunk(3, dim=1)
        r = torch.sigmoid(a_r + u_r)
        z = torch.sigmoid(a_z + u_z)
        h = torch.lerp(torch.tanh(a_n + r * u_n), h, z)  # n + z * (h - n)
        hs[t] = h
    return hs, h
