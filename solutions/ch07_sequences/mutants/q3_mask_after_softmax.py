"""Applies the mask by zeroing the weights after the softmax: the allowed weights of a
masked row no longer sum to one."""
# medl-breaks: q3

import math

import torch


def attention(Q, K, V, mask=None, causal=False):
    A = softmax(Q @ K.transpose(-2, -1) / math.sqrt(Q.shape[-1]), dim=-1)  # noqa: F821
    if causal:
        Tq, Tk = A.shape[-2:]
        A = A * torch.ones(Tq, Tk, dtype=A.dtype).tril()
    if mask is not None:
        A = A * mask
    return A @ V, A
