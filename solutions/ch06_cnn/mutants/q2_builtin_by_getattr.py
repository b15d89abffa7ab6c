"""Calls PyTorch's own convolution through a computed attribute name, which no static scan
can see: the worker's trip-wire reports the call and q2 scores nothing."""
# medl-breaks: q2

import torch


def conv2d_fast(x, weight, bias, stride=1, padding=0):
    conv = getattr(torch.nn.functional, "conv" + "2d")
    return conv(x, weight, bias, stride=stride, padding=padding)
