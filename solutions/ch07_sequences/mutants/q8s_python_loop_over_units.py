"""Computes every hidden unit on its own (a Python loop over the H units inside the loop
over time), batched over the samples: correct, but H small products per step."""
# medl-breaks: q8s
# medl-alternative: q8

import torch


def gru_forward(x, h0, W_ih, W_hh, b_ih, b_hh):
    T = x.shape[0]
    H = h0.shape[1]
    h, hs = h0, []
    for t in range(T):
        new = torch.empty_like(h)
        for k in range(H):
            rows = [k, H + k, 2 * H + k]  # unit k's rows of r, z and n
            a = x[t] @ W_ih[rows].T + b_ih[rows]  # (N, 3)
            u = h @ W_hh[rows].T + b_hh[rows]
            r = torch.sigmoid(a[:, 0] + u[:, 0])
            z = torch.sigmoid(a[:, 1] + u[:, 1])
            n = torch.tanh(a[:, 2] + r * u[:, 2])
            new[:, k] = (1 - z) * n + z * h[:, k]
        h = new
        hs.append(h)
    return torch.stack(hs), h
