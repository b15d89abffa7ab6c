"""Hands the layer to torch.nn.LSTM: the right numbers, but a forbidden API (static scan)."""
# medl-breaks: q2

import torch


def lstm_forward(x, h0, c0, W_ih, W_hh, b_ih, b_hh):
    lstm = torch.nn.LSTM(W_ih.shape[1], h0.shape[1]).to(x.dtype)
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(W_ih)
        lstm.weight_hh_l0.copy_(W_hh)
        lstm.bias_ih_l0.copy_(b_ih)
        lstm.bias_hh_l0.copy_(b_hh)
        hs, (h, c) = lstm(x, (h0[None], c0[None]))
    return hs, h[0], c[0]
