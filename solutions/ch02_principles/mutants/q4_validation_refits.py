"""The validation error of a model refitted on the validation set (the data leak)."""

# medl-breaks: q4
import numpy as np


def train_val_errors(x_train, y_train, x_val, y_val, degrees):
    train, val = [], []
    for d in degrees:
        for x, y, out in ((x_train, y_train, train), (x_val, y_val, val)):
            F = poly_features(x, d)  # noqa: F821
            theta = fit_least_squares(F, y)  # noqa: F821
            out.append(mse(predict_linear(F, theta), y))  # noqa: F821
    return np.array(train), np.array(val)
