"""q3: the backward pass of a convolution (eqs. 38d-38f), against numeric gradients in float64
and against torch autograd through torch.nn.functional.conv2d."""

import torch
import torch.nn.functional as tnf

from autograder.api import question
from shared.compare import as_array, close
from shared.gradcheck import numeric_gradient, relative_error

from ._checks import randn


def _case(rng, cfg):
    N, C, H, W, F, KH, KW, S, P = cfg
    x, w, b = randn(rng, N, C, H, W), randn(rng, F, C, KH, KW), randn(rng, F)
    dout = torch.from_numpy(rng.standard_normal(tuple(tnf.conv2d(x, w, b, S, P).shape)))
    return x, w, b, S, P, dout


def _autograd(x, w, b, S, P, dout):
    leaves = [t.clone().requires_grad_() for t in (x, w, b)]
    tnf.conv2d(*leaves, S, P).backward(dout)
    return [leaf.grad for leaf in leaves]


def _grads(student, x, w, S, P, dout, what):
    got = student.conv2d_backward(dout, x, w, S, P)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise AssertionError(
            f"{what} should return the tuple (dx, dW, db), got {type(got).__name__}"
        )
    shapes = {"dx": tuple(x.shape), "dW": tuple(w.shape), "db": (w.shape[0],)}
    for (name, shape), g in zip(shapes.items(), got, strict=True):
        arr = as_array(g, f"{name} from {what}")
        if tuple(arr.shape) != shape:
            hint = ""
            if name == "dx" and arr.shape[2:] == (x.shape[2] + 2 * P, x.shape[3] + 2 * P):
                hint = " (that is the padded x~: drop the P border rows and columns)"
            raise AssertionError(
                f"{name} from {what}: shape {tuple(arr.shape)}, expected "
                f"{shape}, the shape of {name[1:]}{hint}"
            )
    return got


def _loss(inputs, name, dout, S, P):
    """L(a) = sum(dout * conv(x, W, b)) as a function of the input called ``name``."""

    def loss(a):
        args = dict(inputs, **{name: torch.from_numpy(a)})
        return float((dout * tnf.conv2d(args["dx"], args["dW"], args["db"], S, P)).sum())

    return loss


def _name(cfg):
    N, C, H, W, F, KH, KW, S, P = cfg
    return (
        f"conv2d_backward(dout, x, weight, stride={S}, padding={P}) with x "
        f"{(N, C, H, W)}, weight {(F, C, KH, KW)}"
    )


@question("q3", points=1.5)
def test_conv2d_backward_matches_numeric_gradient(student, rng):
    """Do dx, dW and db agree with central differences of L = sum(dout * z) in float64?"""
    for cfg in [
        (2, 2, 5, 5, 3, 3, 3, 1, 1),
        (1, 2, 6, 5, 2, 3, 2, 2, 1),
        (2, 1, 7, 7, 2, 3, 3, 2, 0),
    ]:
        x, w, b, S, P, dout = _case(rng, cfg)
        dx, dW, db = _grads(student, x, w, S, P, dout, _name(cfg))
        inputs = {"dx": x, "dW": w, "db": b}
        for (name, value), got in zip(inputs.items(), (dx, dW, db), strict=True):
            num = numeric_gradient(_loss(inputs, name, dout, S, P), value.numpy())
            err = relative_error(as_array(got, name), num)
            if not err < 1e-6:
                close(
                    got,
                    num,
                    rtol=1e-6,
                    atol=1e-7,
                    what=f"{name} from {_name(cfg)} against the numeric gradient "
                    f"(relative error {err:.1e})",
                )


@question("q3", points=1.5)
def test_conv2d_backward_matches_autograd(student, rng):
    """Do dx, dW and db match torch autograd for several shapes, strides and paddings?"""
    for cfg in [
        (4, 3, 9, 8, 5, 3, 3, 1, 1),
        (3, 2, 11, 10, 4, 4, 3, 2, 2),
        (2, 4, 8, 8, 3, 1, 1, 1, 0),
        (2, 2, 10, 9, 3, 3, 3, 3, 1),
        (1, 3, 6, 6, 2, 6, 6, 1, 0),
    ]:
        x, w, b, S, P, dout = _case(rng, cfg)
        got = _grads(student, x, w, S, P, dout, _name(cfg))
        for name, g, want in zip(
            ("dx", "dW", "db"), got, _autograd(x, w, b, S, P, dout), strict=True
        ):
            close(g, want, rtol=1e-8, atol=1e-10, what=f"{name} from {_name(cfg)}")


@question("q3", points=0.5)
def test_conv2d_backward_sums_dW_and_db_over_the_batch(student, rng):
    """Does dW (and db) add up the contributions of every image in the batch?"""
    cfg = (5, 2, 6, 6, 3, 3, 3, 1, 1)
    x, w, b, S, P, dout = _case(rng, cfg)
    _, dW, db = _grads(student, x, w, S, P, dout, _name(cfg))
    _, want_dW, want_db = _autograd(x, w, b, S, P, dout)
    per_image = [_autograd(x[n : n + 1], w, b, S, P, dout[n : n + 1])[1] for n in range(5)]
    why = "; the kernels are shared by all N images, so dW sums over n, eq. 38e"
    close(
        dW,
        want_dW,
        rtol=1e-8,
        atol=1e-10,
        what=f"dW from {_name(cfg)}",
        mistakes=[
            (f"this is the gradient of only the first image{why}", per_image[0]),
            (f"this is the gradient of only the last image{why}", per_image[-1]),
            (f"this is the gradient of the mean over the batch{why}", want_dW / 5),
        ],
    )
    close(db, want_db, rtol=1e-8, atol=1e-10, what=f"db from {_name(cfg)} (eq. 38d)")


@question("q3", points=0.5)
def test_conv2d_backward_dx_is_zero_where_no_window_reaches(student, rng):
    """Is dx zero on the rows and columns that no window visits, and right elsewhere?"""
    cfg = (2, 2, 10, 9, 2, 3, 3, 3, 0)  # (10 - 3) % 3 = 1, (9 - 3) % 3 = 0
    x, w, b, S, P, dout = _case(rng, cfg)
    dx, _, _ = _grads(student, x, w, S, P, dout, _name(cfg))
    want = _autograd(x, w, b, S, P, dout)[0]
    close(dx, want, rtol=1e-8, atol=1e-10, what=f"dx from {_name(cfg)}")
