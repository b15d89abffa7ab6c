"""Calls PyTorch's binary_cross_entropy_with_logits, which this question forbids (the static
scan finds it)."""
# medl-breaks: q5

import torch
import torch.nn.functional as F


def discriminator_loss(real_logits, fake_logits):
    return F.binary_cross_entropy_with_logits(
        real_logits, torch.ones_like(real_logits)
    ) + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))


def generator_loss(fake_logits):
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
