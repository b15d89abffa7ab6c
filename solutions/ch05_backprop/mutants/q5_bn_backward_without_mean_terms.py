"""Batch-norm backward that forgets the path through the batch mean (the -sum_k g_kj term)."""
# medl-breaks: q5


def batchnorm_backward(dout, cache):
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    N = dout.shape[0]
    g = dout * gamma
    dx = inv_std / N * (N * g - x_hat * (g * x_hat).sum(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
