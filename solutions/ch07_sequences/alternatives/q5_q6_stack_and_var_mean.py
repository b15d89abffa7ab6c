"""The encoding by stacking sin and cos on a last axis and flattening it (which
interleaves them), with the frequencies as exp(-2k ln(10000) / E); layer norm with
torch.var_mean(unbiased=False) and rsqrt; the block with torch.nn.functional.relu."""
# medl-alternative: q5, q6

import math

import torch


def positional_encoding(T, E):
    t = torch.arange(T, dtype=torch.float64)[:, None]
    freq = torch.exp(-torch.arange(0, E, 2, dtype=torch.float64) * (math.log(10000.0) / E))
    return torch.stack([torch.sin(t * freq), torch.cos(t * freq)], dim=-1).reshape(T, E)


def layer_norm(z, gamma, beta, eps=1e-5):
    var, mu = torch.var_mean(z, dim=-1, keepdim=True, unbiased=False)
    return (z - mu) * torch.rsqrt(var + eps) * gamma + beta


def encoder_block(x, params, num_heads, causal=False, eps=1e-5):
    p = params
    a = layer_norm(x, p["gamma1"], p["beta1"], eps=eps)
    y = x + multi_head_attention(a, a, p, num_heads, causal)  # noqa: F821
    u = layer_norm(y, p["gamma2"], p["beta2"], eps=eps)
    return y + torch.nn.functional.relu(u @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]
