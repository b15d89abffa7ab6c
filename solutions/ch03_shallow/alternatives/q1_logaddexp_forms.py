"""Other stable formulas, both through np.logaddexp(0, t) = log(1 + e^t): the sigmoid as
exp(-log(1 + e^{-z})) (accurate even where it is 1e-300) and the loss as log(1 + e^z) - y z.
((1 + tanh(z/2)) / 2 would NOT do: it loses all relative accuracy for z below -40.)"""

# medl-alternative: q1
# medl-alternative: q2
# medl-alternative: q3
# medl-alternative: q5
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


def bce_from_logits(z, y):
    z = np.asarray(z, dtype=float)
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y, dtype=float) * z))
