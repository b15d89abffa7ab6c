"""Scales the scores by 1/sqrt(E), the model width, instead of 1/sqrt(d) of one head."""
# medl-breaks: q4

import math

import torch


def multi_head_attention(x_q, x_kv, params, num_heads, causal=False):
    p = params
    N, Tq, E = x_q.shape
    d = E // num_heads

    def heads(x, W, b):
        return (x @ W.T + b).reshape(N, x.shape[1], num_heads, d).transpose(1, 2)

    Q, K, V = (
        heads(x_q, p["W_q"], p["b_q"]),
        heads(x_kv, p["W_k"], p["b_k"]),
        heads(x_kv, p["W_v"], p["b_v"]),
    )
    scores = Q @ K.transpose(-2, -1) / math.sqrt(E)
    if causal:
        scores = scores.masked_fill(torch.ones(Tq, Tq, dtype=torch.bool).triu(1), -math.inf)
    out = torch.softmax(scores, dim=-1) @ V
    return out.transpose(1, 2).reshape(N, Tq, E) @ p["W_o"].T + p["b_o"]
