"""train_cnn with PyTorch's form of momentum, u <- momentum u + dL/dtheta and theta <- theta -
lr u (the same steps as v = -lr u), the batches cut with torch.split, the cross entropy
through logsumexp, and the gradient of the logits from softmax."""
# medl-alternative: q6

import torch


def train_cnn(X, y, seed=0, epochs=10, lr=0.05, batch_size=32, momentum=0.9):
    params = init_cnn(seed, X.dtype)  # noqa: F821
    u = {k: torch.zeros_like(v) for k, v in params.items()}
    g = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(epochs):
        for idx in torch.split(torch.randperm(X.shape[0], generator=g), batch_size):
            xb, yb, p = X[idx], y[idx], params
            B = len(idx)
            z1 = conv2d_fast(xb, p["W1"], p["b1"], 1, 1)  # noqa: F821
            m1 = maxpool2d_forward(torch.relu(z1), 2)  # noqa: F821
            z2 = conv2d_fast(m1, p["W2"], p["b2"], 1, 1)  # noqa: F821
            m2 = maxpool2d_forward(torch.relu(z2), 2)  # noqa: F821
            flat = m2.reshape(B, -1)
            logits = flat @ p["W3"].T + p["b3"]
            picked = logits.gather(1, yb[:, None]).squeeze(1)
            losses.append((torch.logsumexp(logits, dim=1) - picked).mean().item())
            d_logits = (torch.softmax(logits, dim=1) - torch.eye(10, dtype=X.dtype)[yb]) / B
            grads = {"W3": d_logits.T @ flat, "b3": d_logits.sum(dim=0)}
            d_z2 = maxpool2d_backward((d_logits @ p["W3"]).reshape(m2.shape), torch.relu(z2),  # noqa: F821
                                      2) * (z2 > 0)
            d_m1, grads["W2"], grads["b2"] = conv2d_backward(d_z2, m1, p["W2"], 1, 1)  # noqa: F821
            d_z1 = maxpool2d_backward(d_m1, torch.relu(z1), 2) * (z1 > 0)  # noqa: F821
            _, grads["W1"], grads["b1"] = conv2d_backward(d_z1, xb, p["W1"], 1, 1)  # noqa: F821
            for k in params:
                u[k] = momentum * u[k] + grads[k]
                params[k] = params[k] - lr * u[k]
    return params, torch.tensor(losses)
