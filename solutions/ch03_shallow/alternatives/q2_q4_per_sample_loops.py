"""Gradients accumulated one sample at a time, straight from the per-sample formulas
(y_hat - y) x and (y_hat - e_y) x^T, then averaged; the softmax cost via the log-sum-exp
of each row."""

# medl-alternative: q2
# medl-alternative: q3
# medl-alternative: q4
# medl-alternative: q5
import numpy as np


def logistic_loss_and_grad(w, b, X, y):
    N = X.shape[0]
    dw, db, C = np.zeros_like(w, dtype=float), 0.0, 0.0
    for i in range(N):
        z = float(X[i] @ w + b)
        C += max(z, 0.0) + np.log1p(np.exp(-abs(z))) - y[i] * z
        r = sigmoid(z) - y[i]  # noqa: F821
        dw += r * X[i]
        db += r
    return C / N, dw / N, float(db / N)


def softmax_loss_and_grads(W, b, X, y):
    N, K = X.shape[0], W.shape[0]
    dW, db, C = np.zeros((K, X.shape[1])), np.zeros(K), 0.0
    for i in range(N):
        z = W @ X[i] + b  # (K,)
        top = z.max()
        lse = top + np.log(np.sum(np.exp(z - top)))
        C -= z[y[i]] - lse
        r = np.exp(z - lse)
        r[y[i]] -= 1.0
        dW += np.outer(r, X[i])
        db += r
    return float(C / N), dW / N, db / N
