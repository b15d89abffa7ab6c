"""Softmax without subtracting the maximum: exp overflows to inf for scores above ~709 and
inf / inf gives NaN."""
# medl-breaks: q3

import torch


def softmax(z, dim=-1):
    e = torch.exp(z)
    return e / e.sum(dim=dim, keepdim=True)
