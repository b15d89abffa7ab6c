"""Calls torch's own GRU cell, which is what the question asks to write: forbidden."""
# medl-breaks: q8

import torch


def gru_cell(x_t, h, W_ih, W_hh, b_ih, b_hh):
    return torch.gru_cell(x_t, h, W_ih, W_hh, b_ih, b_hh)
