"""Eqs. (38) and (38a) written as plain scalar loops, one multiply-add at a time, and the
padding handled by a bounds test instead of a padded copy."""
# medl-alternative: q1

import torch


def conv2d_single(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    H, W = x.shape
    KH, KW = w.shape
    z = torch.zeros(H - KH + 1, W - KW + 1, dtype=x.dtype)
    for i in range(H - KH + 1):
        for j in range(W - KW + 1):
            total = 0.0
            for di in range(KH):
                for dj in range(KW):
                    total += float(x[i + di, j + dj]) * float(w[di, dj])
            z[i, j] = total
    return z


def conv2d_naive(x, weight, bias, stride=1, padding=0):
    N, C, H, W = x.shape
    F, _, KH, KW = weight.shape
    H_out = (H + 2 * padding - KH) // stride + 1
    W_out = (W + 2 * padding - KW) // stride + 1
    xs, ws, bs = x.tolist(), weight.tolist(), bias.tolist()
    out = [[[[0.0] * W_out for _ in range(H_out)] for _ in range(F)] for _ in range(N)]
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    total = bs[f]
                    for c in range(C):
                        for di in range(KH):
                            r = stride * i + di - padding  # row in x, not in the padded x~
                            if not 0 <= r < H:
                                continue
                            for dj in range(KW):
                                q = stride * j + dj - padding
                                if 0 <= q < W:
                                    total += xs[n][c][r][q] * ws[f][c][di][dj]
                    out[n][f][i][j] = total
    return torch.tensor(out, dtype=x.dtype)
