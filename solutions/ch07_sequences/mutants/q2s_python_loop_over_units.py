"""Computes the four gates of each hidden unit j in a Python loop over the H units (each a
few dot products for the whole batch): correct, so full marks on q2, but slow."""
# medl-breaks: q2s
# medl-alternative: q2

import torch


def lstm_forward(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    T = x.shape[0]
    H = h0.shape[1]
    h, c = h0, c0
    hs = []
    for t in range(T):
        h_new, c_new = torch.empty_like(h), torch.empty_like(c)
        for j in range(H):
            rows = [j, H + j, 2 * H + j, 3 * H + j]  # unit j of i, f, g, o
            z = x[t] @ W_ih[rows].T + h @ W_hh[rows].T + b_ih[rows] + b_hh[rows]  # (N, 4)
            c_new[:, j] = torch.sigmoid(z[:, 1]) * c[:, j] + torch.sigmoid(z[:, 0]) * torch.tanh(
                z[:, 2]
            )
            h_new[:, j] = torch.sigmoid(z[:, 3]) * torch.tanh(c_new[:, j])
        h, c = h_new, c_new
        hs.append(h)
    return torch.stack(hs), h, c
