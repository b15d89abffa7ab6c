"""The losses with torch.logaddexp(0, -s) = log(1 + e^-s), and with the max trick written out
for the generator: log(1 + e^-s) = max(-s, 0) + log(1 + e^-|s|)."""
# medl-alternative: q5

import torch


def discriminator_loss(real_logits, fake_logits):
    zero_r, zero_f = torch.zeros_like(real_logits), torch.zeros_like(fake_logits)
    return (
        torch.logaddexp(zero_r, -real_logits).mean() + torch.logaddexp(zero_f, fake_logits).mean()
    )


def generator_loss(fake_logits):
    s = fake_logits
    return (torch.clamp(-s, min=0) + torch.log1p(torch.exp(-s.abs()))).mean()
