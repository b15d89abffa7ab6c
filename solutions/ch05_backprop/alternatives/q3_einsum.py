"""Forward and backward written with np.einsum index notation instead of @ and .T.

z_ni = sum_j a_nj W_ij + b_i;  dW_ij = sum_n delta_ni a_nj;  db_i = sum_n delta_ni;
delta_prev_nj = sum_i delta_ni W_ij * sigma'(z_prev_nj). optimize=True lets einsum hand the
contractions to BLAS, so this version is as fast as the reference.
"""
# medl-alternative: q2
# medl-alternative: q3
# medl-alternative: q3s
# medl-alternative: q7
import numpy as np


def mlp_forward(X, params, activations, output="softmax"):
    if output not in ("softmax", "identity"):
        raise ValueError(f"unknown output {output!r}")
    L = len(params)
    a = np.asarray(X, dtype=float)
    A, Z = [a], []
    for l, (W, b) in enumerate(params, start=1):
        z = np.einsum("nj,ij->ni", a, W, optimize=True) + b
        if l < L:
            a = activation(activations[l - 1], z)  # noqa: F821
        else:
            a = softmax(z) if output == "softmax" else z  # noqa: F821
        Z.append(z)
        A.append(a)
    return a, {"a": A, "z": Z}


def mlp_backward(Y, params, cache, activations, output="softmax"):
    A, Z = cache["a"], cache["z"]
    L, N = len(params), Y.shape[0]
    delta = (A[L] - Y) * ((1.0 if output == "softmax" else 2.0) / N)
    grads = [None] * L
    for l in range(L, 0, -1):
        W = params[l - 1][0]
        grads[l - 1] = (np.einsum("ni,nj->ij", delta, A[l - 1], optimize=True),
                        np.einsum("ni->i", delta))
        if l > 1:
            back = np.einsum("ni,ij->nj", delta, W, optimize=True)
            delta = back * activation_prime(activations[l - 2], Z[l - 2])  # noqa: F821
    return grads
