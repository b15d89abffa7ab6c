"""Helpers shared by the ch06 hidden tests: random tensors, the convolution's answer key and
the wrong answers it is commonly mistaken for. Named mistakes go through
shared.compare.close(..., mistakes=).
"""

import numpy as np
import torch
import torch.nn.functional as tnf

from shared.compare import Mistake, as_array, close


def randn(rng, *shape, dtype=torch.float64):
    """Standard normal entries from the grader's numpy generator, as a torch tensor."""
    return torch.from_numpy(rng.standard_normal(shape)).to(dtype)


def conv_case(rng, cfg, dtype=torch.float64):
    """(x, weight, bias, S, P) for cfg = (N, C, H, W, F, KH, KW, S, P)."""
    N, C, H, W, F, KH, KW, S, P = cfg
    return (
        randn(rng, N, C, H, W, dtype=dtype),
        randn(rng, F, C, KH, KW, dtype=dtype),
        randn(rng, F, dtype=dtype),
        S,
        P,
    )


def conv_mistakes(x, w, b, S, P) -> list[Mistake]:
    """Known wrong answers for conv(x, w, b) with stride S and padding P."""
    out: list[Mistake] = [
        (
            "the kernel is flipped: eq. (38) slides w as it is (a cross-correlation), not the "
            "signal-processing convolution",
            lambda: tnf.conv2d(x, w.flip(-1, -2), b, S, P),
        ),
        ("the bias b_f is missing", lambda: tnf.conv2d(x, w, None, S, P)),
    ]
    if P:
        for pads, side in (
            ((0, 2 * P, 0, 2 * P), "bottom/right"),
            ((2 * P, 0, 2 * P, 0), "top/left"),
        ):
            out.append(
                (
                    f"all the zero padding sits on one side ({side}): pad P zeros on every side",
                    lambda pads=pads: tnf.conv2d(tnf.pad(x, pads), w, b, S),
                )
            )
    want = tnf.conv2d(x, w, b, S, P)
    H_out, W_out = want.shape[2:]
    if S > 1:
        out.append(
            (
                "the window of output (i, j) starts at (i, j); it must start at (S*i, S*j)",
                lambda: tnf.conv2d(x, w, b, 1, P)[:, :, :H_out, :W_out],
            )
        )
        for stride, where in ((S, "S*i + S*i'"), (1, "i + S*i'")):
            # a kernel dilated by S (None where the dilated kernel does not fit in x~)
            def dilated(stride=stride):
                try:
                    return tnf.conv2d(x, w, b, stride, P, dilation=S)[:, :, :H_out, :W_out]
                except RuntimeError:
                    return None

            out.append(
                (
                    f"this reads x~[{where}, ...]: the stride multiplies the output index "
                    "i only, the kernel offset i' is added as it is, x~[S*i + i', "
                    "S*j + j'] (eq. 38a)",
                    dilated,
                )
            )
    plain = tnf.conv2d(x, w, None, S, P)
    F, N = w.shape[0], x.shape[0]
    if H_out * W_out == F:
        out.append(
            (
                "the bias is added along the output positions; b_f belongs to output "
                "channel f, z[:, f]",
                plain + b.reshape(1, 1, H_out, W_out),
            )
        )
    if W_out == F:
        out.append(
            (
                "the bias is added along the last axis (W'); b_f belongs to output "
                "channel f, z[:, f]",
                plain + b.reshape(1, 1, 1, F),
            )
        )
    if N == F:
        out.append(
            (
                "the bias is added along the batch axis; b_f belongs to output channel f, z[:, f]",
                plain + b.reshape(F, 1, 1, 1),
            )
        )
    return out


def check_conv(got, x, w, b, S, P, what, rtol=1e-8, atol=1e-10):
    """Assert got == conv(x, w, b) with stride S and padding P; name the mistake if known."""
    want = tnf.conv2d(x, w, b, S, P)
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    g = as_array(got, what)
    if tuple(g.shape) != tuple(want.shape):
        raise AssertionError(
            f"{what}: shape {tuple(g.shape)}, expected (N, F, H', W') = {tuple(want.shape)}, "
            f"with H' = 1 + (H + 2P - KH) // S = 1 + ({H} + {2 * P} - {KH}) // {S} and "
            f"W' = 1 + ({W} + {2 * P} - {KW}) // {S} (eq. 38b)"
        )
    if x.dtype == torch.float64 and g.dtype != np.float64:
        raise AssertionError(
            f"{what}: float64 inputs gave a {g.dtype} output; keep the "
            "dtype of x (x.new_zeros, dtype=x.dtype)"
        )
    close(g, want, rtol=rtol, atol=atol, what=what, mistakes=conv_mistakes(x, w, b, S, P))


# --------------------------------------------------------------------------- the digits CNN

SHAPES = {
    "W1": (8, 1, 3, 3),
    "b1": (8,),
    "W2": (16, 8, 3, 3),
    "b2": (16,),
    "W3": (10, 64),
    "b3": (10,),
}


def torch_cnn(p, x, relu1=torch.relu, relu2=torch.relu):
    """The network of the notebook's table, from torch's layers: the answer key. ``relu1``
    and ``relu2`` replace the first and second ReLU (to emulate known wrong backward
    passes)."""
    h = tnf.max_pool2d(relu1(tnf.conv2d(x, p["W1"], p["b1"], padding=1)), 2)
    h = tnf.max_pool2d(relu2(tnf.conv2d(h, p["W2"], p["b2"], padding=1)), 2)
    return h.flatten(1) @ p["W3"].T + p["b3"]


def checked_cnn_params(params, call):
    """The student's parameter dict as float64 tensors, after checking keys and shapes."""
    for key, shape in SHAPES.items():
        if key not in params:
            raise AssertionError(f"{call}: params has no {key!r} (keys: {sorted(params)})")
        got = as_array(params[key], f"params[{key!r}]")
        if got.shape != shape:
            raise AssertionError(f"{call}: params[{key!r}] has shape {got.shape}, expected {shape}")
    return {k: torch.from_numpy(as_array(params[k]).astype(np.float64)) for k in SHAPES}
