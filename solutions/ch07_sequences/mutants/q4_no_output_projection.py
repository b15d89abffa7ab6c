"""Concatenates the heads and stops: the output projection W_o, b_o of eq. (7.5) is missing."""
# medl-breaks: q4


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
    out, _ = attention(Q, K, V, causal=causal)  # noqa: F821 - the notebook's attention
    return out.transpose(1, 2).reshape(N, Tq, E)
