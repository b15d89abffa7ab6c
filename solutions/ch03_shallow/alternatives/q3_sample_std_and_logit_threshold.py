"""standardize with the sample standard deviation (1/(N-1)), and predict by comparing the
logit with logit(tau) = log(tau / (1 - tau)), the same rule since sigma is increasing."""

# medl-alternative: q3
# medl-alternative: q5
import numpy as np


def standardize(X_train, X_test):
    mu = X_train.mean(axis=0)
    s = X_train.std(axis=0, ddof=1)
    s[s == 0] = 1.0
    return (X_train - mu) / s, (X_test - mu) / s


def predict(w, b, X, tau=0.5):
    return np.where(X @ w + b > np.log(tau / (1.0 - tau)), 1, 0)
