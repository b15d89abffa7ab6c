"""The autoencoder written with np.einsum index notation: H_nk = sum_j X_nj We_kj,
Xh_nj = sum_k H_nk Wd_jk, dWd_jk = sum_n G_nj H_nk, dWe_kj = sum_n (sum_i G_ni Wd_ik) X_nj."""

# medl-alternative: q6
import numpy as np


def ae_forward(X, W_enc, W_dec):
    H = np.einsum("nj,kj->nk", X, W_enc)
    return H, np.einsum("nk,jk->nj", H, W_dec)


def ae_loss_and_grads(X, W_enc, W_dec):
    H, X_hat = ae_forward(X, W_enc, W_dec)
    R = X_hat - X
    G = (2.0 / X.shape[0]) * R
    dW_dec = np.einsum("nj,nk->jk", G, H)
    dW_enc = np.einsum("ni,ik,nj->kj", G, W_dec, X, optimize=True)
    return float(np.einsum("nj,nj->", R, R) / X.shape[0]), dW_enc, dW_dec
