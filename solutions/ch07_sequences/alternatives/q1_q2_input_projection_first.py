"""The input half of every step does not depend on the state: project all T inputs with one
matrix product before the loop, then only h @ W_hh.T is left inside it. The states are
written into a preallocated tensor instead of stacked."""
# medl-alternative: q1, q2, q2s

import torch


def rnn_forward(x, h0, W_xh, W_hh, b):
    xw = x @ W_xh.T + b  # (T, N, H): all input terms at once
    hs = x.new_empty(x.shape[0], *h0.shape)
    h = h0
    for t in range(x.shape[0]):
        h = torch.tanh(xw[t] + h @ W_hh.T)
        hs[t] = h
    return hs


def lstm_cell(x_t, h, c, W_ih, W_hh, b_ih, b_hh):
    H = h.shape[1]
    z = torch.addmm(b_ih + b_hh, x_t, W_ih.T) + h @ W_hh.T
    gates = torch.sigmoid(z)  # i, f, o from here; g separately
    g = torch.tanh(z[:, 2 * H : 3 * H])
    c_new = gates[:, H : 2 * H] * c + gates[:, :H] * g
    return gates[:, 3 * H :] * torch.tanh(c_new), c_new


def lstm_forward(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    H = h0.shape[1]
    xw = x @ W_ih.T + (b_ih + b_hh)  # (T, N, 4H)
    hs = x.new_empty(x.shape[0], *h0.shape)
    h, c = h0, c0
    for t in range(x.shape[0]):
        z = torch.addmm(xw[t], h, W_hh.T)
        i, f, o = (
            torch.sigmoid(z[:, :H]),
            torch.sigmoid(z[:, H : 2 * H]),
            torch.sigmoid(z[:, 3 * H :]),
        )
        c = f * c + i * torch.tanh(z[:, 2 * H : 3 * H])
        h = o * torch.tanh(c)
        hs[t] = h
    return hs, h, c
