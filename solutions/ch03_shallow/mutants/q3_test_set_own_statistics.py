"""Each set standardized with its own mean and standard deviation: the test set is no
longer mapped like the training set."""

# medl-breaks: q3
import numpy as np


def standardize(X_train, X_test):
    def scale(X):
        s = X.std(axis=0)
        return (X - X.mean(axis=0)) / np.where(s > 0, s, 1.0)

    return scale(X_train), scale(X_test)
