"""Forgets the discount in the backup: Q = R + P V (value iteration then never settles)."""
# medl-breaks: q6


def bellman_backup(V, P, R, gamma):
    return R + P @ V
