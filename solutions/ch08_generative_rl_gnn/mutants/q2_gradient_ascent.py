"""A hand-written gradient step with the wrong sign (p += lr * grad): the cross-entropy on the
labelled nodes goes up, not down."""
# medl-breaks: q2

import torch


def train_gcn(A, X, train_idx, y_train, n_classes=2, hidden=16, epochs=200, lr=0.01, seed=0):
    gen = torch.Generator().manual_seed(seed)
    A_hat = normalized_adjacency(A)  # noqa: F821
    params = {
        "W1": (torch.randn(X.shape[1], hidden, generator=gen, dtype=X.dtype) * 0.3),
        "b1": torch.zeros(hidden, dtype=X.dtype),
        "W2": (torch.randn(hidden, n_classes, generator=gen, dtype=X.dtype) * 0.3),
        "b2": torch.zeros(n_classes, dtype=X.dtype),
    }
    for p in params.values():
        p.requires_grad_()
    for _ in range(epochs):
        logits = gcn_forward(A_hat, X, params)[train_idx]  # noqa: F821
        loss = torch.nn.functional.cross_entropy(logits, y_train)
        grads = torch.autograd.grad(loss, list(params.values()))
        with torch.no_grad():
            for p, g in zip(params.values(), grads, strict=True):
                p += 10 * lr * g
    return {k: v.detach() for k, v in params.items()}
