"""The generator minimizes the minimax loss log(1 - D(G(z))), which saturates when D rejects
the fakes, instead of the non-saturating -log D(G(z))."""
# medl-breaks: q5

import torch


def generator_loss(fake_logits):
    return -torch.nn.functional.softplus(fake_logits).mean()
