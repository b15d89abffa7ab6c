"""Returns one loss per epoch (the mean of its mini-batch losses) instead of the loss of every
mini-batch: with 10 epochs the list still has 10 entries and goes down."""
# medl-breaks: q6

import torch


def train_cnn(X, y, seed=0, epochs=10, lr=0.05, batch_size=32, momentum=0.9):
    params = init_cnn(seed, X.dtype)  # noqa: F821
    velocity = {k: torch.zeros_like(v) for k, v in params.items()}
    shuffler = torch.Generator().manual_seed(seed)
    epoch_means = []
    for _ in range(epochs):
        losses = []
        order = torch.randperm(X.shape[0], generator=shuffler)
        for start in range(0, X.shape[0], batch_size):
            idx = order[start : start + batch_size]
            xb, yb, p = X[idx], y[idx], params
            B = xb.shape[0]
            z1 = conv2d_fast(xb, p["W1"], p["b1"], 1, 1)  # noqa: F821
            a1 = torch.relu(z1)
            m1 = maxpool2d_forward(a1, 2)  # noqa: F821
            z2 = conv2d_fast(m1, p["W2"], p["b2"], 1, 1)  # noqa: F821
            a2 = torch.relu(z2)
            m2 = maxpool2d_forward(a2, 2)  # noqa: F821
            flat = m2.reshape(B, 64)
            log_probs = torch.log_softmax(flat @ p["W3"].T + p["b3"], dim=1)
            rows = torch.arange(B)
            losses.append(-log_probs[rows, yb].mean().item())
            d_logits = log_probs.exp()
            d_logits[rows, yb] -= 1.0
            d_logits /= B
            grads = {"W3": d_logits.T @ flat, "b3": d_logits.sum(dim=0)}
            d_m2 = (d_logits @ p["W3"]).reshape(m2.shape)
            d_z2 = maxpool2d_backward(d_m2, a2, 2) * (z2 > 0)  # noqa: F821
            d_m1, grads["W2"], grads["b2"] = conv2d_backward(d_z2, m1, p["W2"], 1, 1)  # noqa: F821
            d_z1 = maxpool2d_backward(d_m1, a1, 2) * (z1 > 0)  # noqa: F821
            _, grads["W1"], grads["b1"] = conv2d_backward(d_z1, xb, p["W1"], 1, 1)  # noqa: F821
            for k in params:
                velocity[k] = momentum * velocity[k] - lr * grads[k]
                params[k] = params[k] + velocity[k]
        epoch_means.append(sum(losses) / len(losses))
    return params, torch.tensor(epoch_means)
