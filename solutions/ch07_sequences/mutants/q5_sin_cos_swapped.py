"""Puts the cosine in the even columns and the sine in the odd ones."""
# medl-breaks: q5

import torch


def positional_encoding(T, E):
    t = torch.arange(T, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, E, 2, dtype=torch.float64) / E)
    pe = torch.empty(T, E, dtype=torch.float64)
    pe[:, 0::2] = torch.cos(t * freq)
    pe[:, 1::2] = torch.sin(t * freq)
    return pe
