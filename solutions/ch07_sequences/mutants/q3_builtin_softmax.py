"""Uses torch.softmax inside softmax: right numbers, but question 3 forbids the built-in."""
# medl-breaks: q3

import torch


def softmax(z, dim=-1):
    return torch.softmax(z, dim=dim)
