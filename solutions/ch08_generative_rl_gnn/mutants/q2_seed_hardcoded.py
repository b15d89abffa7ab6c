"""Seeds the generator with 0, as the notebook's own examples do, instead of with ``seed``:
every seed gives the same network."""
# medl-breaks: q2

import torch


def train_gcn(A, X, train_idx, y_train, n_classes=2, hidden=16, epochs=200, lr=0.01, seed=0):
    gen = torch.Generator().manual_seed(0)
    A_hat = normalized_adjacency(A)  # noqa: F821

    def glorot(n_in, n_out):
        r = (6 / (n_in + n_out)) ** 0.5
        return (
            (2 * torch.rand(n_in, n_out, generator=gen, dtype=X.dtype) - 1) * r
        ).requires_grad_()

    params = {
        "W1": glorot(X.shape[1], hidden),
        "b1": torch.zeros(hidden, dtype=X.dtype, requires_grad=True),
        "W2": glorot(hidden, n_classes),
        "b2": torch.zeros(n_classes, dtype=X.dtype, requires_grad=True),
    }
    opt = torch.optim.Adam(params.values(), lr=lr, weight_decay=5e-4)
    for _ in range(epochs):
        opt.zero_grad()
        logits = gcn_forward(A_hat, X, params)[train_idx]  # noqa: F821
        torch.nn.functional.cross_entropy(logits, y_train).backward()
        opt.step()
    return {k: v.detach() for k, v in params.items()}
