"""Uses 10000^(k/E) for the column pair (2k, 2k+1) instead of 10000^(2k/E): the frequencies
span only half of the intended range."""
# medl-breaks: q5

import torch


def positional_encoding(T, E):
    t = torch.arange(T, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(E // 2, dtype=torch.float64) / E)
    pe = torch.empty(T, E, dtype=torch.float64)
    pe[:, 0::2] = torch.sin(t * freq)
    pe[:, 1::2] = torch.cos(t * freq)
    return pe
