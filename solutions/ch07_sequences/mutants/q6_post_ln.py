"""The original post-LN block: LN after each residual sum, LN(x + MHA(x)), instead of the
pre-LN block of eq. (7.8)."""
# medl-breaks: q6

# ruff: noqa: F821 - layer_norm and multi_head_attention are the notebook's


def encoder_block(x, params, num_heads, causal=False, eps=1e-5):
    p = params
    attended = multi_head_attention(x, x, p, num_heads, causal=causal)
    y = layer_norm(x + attended, p["gamma1"], p["beta1"], eps)
    hidden = (y @ p["W1"].T + p["b1"]).clamp_min(0)
    return layer_norm(y + hidden @ p["W2"].T + p["b2"], p["gamma2"], p["beta2"], eps)
