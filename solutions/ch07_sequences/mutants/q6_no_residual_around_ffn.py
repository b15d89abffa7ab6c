"""Forgets the second residual connection: Z = FFN(LN_2(Y)) instead of Y + FFN(LN_2(Y));
also drops eps on the way to layer_norm."""
# medl-breaks: q6

import torch


def encoder_block(x, params, num_heads, causal=False, eps=1e-5):
    p = params
    a = layer_norm(x, p["gamma1"], p["beta1"])  # noqa: F821
    y = x + multi_head_attention(a, a, p, num_heads, causal=causal)  # noqa: F821
    hidden = torch.relu(layer_norm(y, p["gamma2"], p["beta2"]) @ p["W1"].T + p["b1"])  # noqa: F821
    return hidden @ p["W2"].T + p["b2"]
