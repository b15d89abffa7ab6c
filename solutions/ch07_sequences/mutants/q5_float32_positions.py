"""Builds the positions and frequencies with torch.arange's defaults: the values are
right to float32 accuracy, but PE is float32 where the docstring asks for float64."""
# medl-breaks: q5

import torch


def positional_encoding(T, E):
    t = torch.arange(T)[:, None]
    freq = 10000.0 ** (-torch.arange(0, E, 2) / E)
    pe = torch.empty(T, E)
    pe[:, 0::2] = torch.sin(t * freq)
    pe[:, 1::2] = torch.cos(t * freq)
    return pe
