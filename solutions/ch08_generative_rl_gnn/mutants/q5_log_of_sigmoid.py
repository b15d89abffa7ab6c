"""Both losses as logs of probabilities, log(sigmoid(s)): right for moderate logits, infinite
once sigmoid(s) rounds to 0 or 1."""
# medl-breaks: q5

import torch


def discriminator_loss(real_logits, fake_logits):
    return (
        -torch.log(torch.sigmoid(real_logits)).mean()
        - torch.log(1 - torch.sigmoid(fake_logits)).mean()
    )


def generator_loss(fake_logits):
    return -torch.log(torch.sigmoid(fake_logits)).mean()
