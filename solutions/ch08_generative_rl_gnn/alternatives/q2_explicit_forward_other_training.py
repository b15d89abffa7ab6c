"""gcn_forward with the matrix products written out (no call to gcn_layer), and training with
another recipe: Kaiming-normal weights, Adam with a larger step and no weight decay, 150
steps, log-softmax and the negative log-likelihood written by hand."""
# medl-alternative: q2

import torch


def gcn_forward(A_hat, X, params):
    h = torch.clamp(A_hat @ X @ params["W1"] + params["b1"], min=0)
    return A_hat @ h @ params["W2"] + params["b2"]


def train_gcn(A, X, train_idx, y_train, n_classes=2, hidden=16, epochs=200, lr=0.01, seed=0):
    gen = torch.Generator().manual_seed(seed)
    A_hat = normalized_adjacency(A)  # noqa: F821
    W1 = torch.randn(X.shape[1], hidden, generator=gen, dtype=X.dtype) * (2 / X.shape[1]) ** 0.5
    W2 = torch.randn(hidden, n_classes, generator=gen, dtype=X.dtype) * (2 / hidden) ** 0.5
    params = {
        "W1": W1,
        "b1": torch.zeros(hidden, dtype=X.dtype),
        "W2": W2,
        "b2": torch.zeros(n_classes, dtype=X.dtype),
    }
    for p in params.values():
        p.requires_grad_()
    opt = torch.optim.Adam(list(params.values()), lr=2 * lr)
    for _ in range(150):
        opt.zero_grad()
        logp = torch.log_softmax(gcn_forward(A_hat, X, params)[train_idx], dim=1)
        loss = -logp[torch.arange(len(train_idx)), y_train].mean()
        loss.backward()
        opt.step()
    return {k: v.detach() for k, v in params.items()}
