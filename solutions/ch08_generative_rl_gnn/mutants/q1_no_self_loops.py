"""Normalizes A itself, forgetting the self loops: A_hat = D^-1/2 A D^-1/2 (NaN on isolated
nodes, and a node ignores its own features)."""
# medl-breaks: q1


def normalized_adjacency(A):
    d_inv_sqrt = A.sum(dim=1).rsqrt()
    return d_inv_sqrt[:, None] * A * d_inv_sqrt[None, :]
