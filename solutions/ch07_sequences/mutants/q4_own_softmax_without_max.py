"""Writes multi-head attention in one piece, with its own softmax e^s / sum e^s instead of
calling attention(): right for small inputs, NaN once a score exceeds ~709."""
# medl-breaks: q4

import math

import torch


def multi_head_attention(x_q, x_kv, params, num_heads, causal=False):
    p = params
    N, Tq, E = x_q.shape
    d = E // num_heads

    def heads(x, W, b):
        return (x @ W.T + b).reshape(N, x.shape[1], num_heads, d).transpose(1, 2)

    Q = heads(x_q, p["W_q"], p["b_q"])
    K = heads(x_kv, p["W_k"], p["b_k"])
    V = heads(x_kv, p["W_v"], p["b_v"])
    s = Q @ K.transpose(-2, -1) / math.sqrt(d)
    if causal:
        s = s.masked_fill(torch.ones(Tq, K.shape[2], dtype=torch.bool).triu(1), -math.inf)
    e = torch.exp(s)
    out = (e / e.sum(dim=-1, keepdim=True)) @ V
    return out.transpose(1, 2).reshape(N, Tq, E) @ p["W_o"].T + p["b_o"]
