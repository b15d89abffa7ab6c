"""Concatenates all the sines, then all the cosines, instead of interleaving them."""
# medl-breaks: q5

import torch


def positional_encoding(T, E):
    t = torch.arange(T, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, E, 2, dtype=torch.float64) / E)
    return torch.cat([torch.sin(t * freq), torch.cos(t * freq)], dim=1)
