"""ch05: the reference forward + backward pass against the same computation in PyTorch.

For each network size, one call computes the mean cross-entropy C(theta) of a batch and the
gradient of every W^[l], b^[l] (ReLU hidden layers, softmax output), three ways:

- ``numpy reference``: ``loss_and_grads`` from the solution notebook (what the speed question
  q3s times students against), on the CPU;
- ``torch autograd``: the same network in torch, gradient by ``torch.autograd.grad``;
- ``torch by hand``: the reference's backprop equations written with torch tensors, no
  autograd (so a GPU can run the hand-written algorithm too).

The torch rows run on the CPU and, when CUDA is available, on the GPU; the script runs
unchanged on either. Every implementation's gradient is checked against the reference's.
Usage (from the repository root)::

    .venv/bin/python benchmarks/ch05/bench_backprop.py [--threads 1] [--repeats 7] [--quick]

``--threads`` sets the CPU threads of numpy's BLAS and torch (default 1, like the grader's
worker); it must be set before numpy is imported, hence the re-exec below.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


sys.path.insert(0, str(ROOT))
from benchmarks.common import pinned_args  # noqa: E402

ARGS = pinned_args(__doc__, repeats=5, quick_help="small sizes only")

import numpy as np  # noqa: E402
import torch  # noqa: E402

from autograder.grading.reference import load_reference  # noqa: E402

SIZES = [  # (N, widths n_0, ..., n_L): 4 layers each
    (4096, (64, 128, 128, 128, 10)),  # the q3s speed test
    (4096, (784, 256, 256, 256, 10)),
    (4096, (1024, 1024, 1024, 1024, 10)),  # the size
]


def make_problem(n: int, widths: tuple[int, ...], seed: int = 0):
    rng = np.random.default_rng(seed)
    params = [(rng.normal(size=(o, i)) * np.sqrt(2.0 / i), 0.1 * rng.normal(size=o))
              for i, o in zip(widths[:-1], widths[1:], strict=True)]
    X = rng.normal(size=(n, widths[0]))
    Y = np.eye(widths[-1])[rng.integers(widths[-1], size=n)]
    return X, Y, params


def torch_autograd(X, Y, params):
    """C and [(dW, db)] by torch.autograd.grad; X, Y, params are tensors on one device."""
    leaves = [p.requires_grad_() for W, b in params for p in (W, b)]
    a = X
    for l, (W, b) in enumerate(params, start=1):
        z = a @ W.T + b
        a = torch.relu(z) if l < len(params) else z
    C = -(Y * torch.log_softmax(a, dim=1)).sum() / X.shape[0]
    g = torch.autograd.grad(C, leaves)
    for p in leaves:
        p.requires_grad_(False)
    return C.detach(), [(g[2 * i], g[2 * i + 1]) for i in range(len(params))]


def torch_by_hand(X, Y, params):
    """The reference's equations with torch tensors: delta^[L] = (Y_hat - Y)/N, then down."""
    A, Z = [X], []
    for l, (W, b) in enumerate(params, start=1):
        z = A[-1] @ W.T + b
        Z.append(z)
        A.append(torch.relu(z) if l < len(params) else torch.softmax(z, dim=1))
    N, L = X.shape[0], len(params)
    C = -(Y * torch.log(A[L].clamp_min(torch.finfo(X.dtype).tiny))).sum() / N
    delta = (A[L] - Y) / N
    grads = [None] * L
    for l in range(L, 0, -1):
        grads[l - 1] = (delta.T @ A[l - 1], delta.sum(dim=0))
        if l > 1:
            delta = (delta @ params[l - 1][0]) * (Z[l - 2] > 0)
    return C, grads


def interleaved(fns: list, repeats: int) -> list[tuple[float, object]]:
    """Median seconds per call of each (fn, sync), timed in turns: a warm-up round, then
    ``repeats`` rounds calling every fn once, so that a change of machine load hits all."""
    outs = []
    for fn, sync in fns:  # warm-up
        outs.append(fn())
        sync()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for i, (fn, sync) in enumerate(fns):
            t0 = time.perf_counter()
            outs[i] = fn()
            sync()
            times[i].append(time.perf_counter() - t0)
    return [(statistics.median(t), o) for t, o in zip(times, outs, strict=True)]


def max_rel_error(grads, want) -> float:
    worst = 0.0
    for (gW, gb), (wW, wb) in zip(grads, want, strict=True):
        for g, w in ((gW, wW), (gb, wb)):
            g = g.detach().cpu().numpy() if hasattr(g, "detach") else np.asarray(g)
            worst = max(worst, float(np.max(np.abs(g - w)) / (np.max(np.abs(w)) + 1e-300)))
    return worst


def main() -> None:
    torch.set_num_threads(ARGS.threads)
    ref = load_reference(ROOT / "solutions" / "ch05_backprop" / "ch05_backprop.ipynb")
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    print(f"python {platform.python_version()}, numpy {np.__version__}, torch "
          f"{torch.__version__}, {ARGS.threads} CPU thread(s), processor "
          f"{platform.processor() or platform.machine()}, "
          f"{torch.cuda.get_device_name(0) if 'cuda' in devices else 'no CUDA device'}")
    print(f"median of {ARGS.repeats} calls after a warm-up, implementations timed in "
          "turns\n")
    print("| N | widths | implementation | device | dtype | ms / call | vs numpy reference "
          "| max rel. error |")
    print("|---|---|---|---|---|---:|---:|---:|")
    for n, widths in SIZES[:1] if ARGS.quick else SIZES:
        X, Y, params = make_problem(n, widths)
        acts = ["relu"] * (len(widths) - 2)
        rows = [("numpy reference", "cpu", "float64",
                 lambda: ref.loss_and_grads(X, Y, params, acts), lambda: None)]  # noqa: B023
        for device in devices:
            def sync(device=device):
                if device == "cuda":
                    torch.cuda.synchronize()

            for dtype in [torch.float64] + ([torch.float32] if device == "cuda" else []):
                def put(x, device=device, dtype=dtype):
                    return torch.tensor(x, dtype=dtype, device=device)

                Xt, Yt = put(X), put(Y)
                pt = [(put(W), put(b)) for W, b in params]
                for name, fn in (("torch autograd", torch_autograd),
                                 ("torch by hand", torch_by_hand)):
                    rows.append((name, device, str(dtype)[6:],
                                 lambda fn=fn, a=(Xt, Yt, pt): fn(*a), sync))
        timings = interleaved([(fn, sync) for *_, fn, sync in rows], ARGS.repeats)
        t_ref, (_, want) = timings[0]
        label = "-".join(map(str, widths))
        for (name, device, dtype, _, _), (t, (_, grads)) in zip(rows, timings, strict=True):
            err = max_rel_error(grads, want)
            print(f"| {n} | {label} | {name} | {device} | {dtype} | {t * 1e3:.1f} | "
                  f"{t / t_ref:.2f}x | {err:.1e} |", flush=True)

if __name__ == "__main__":
    main()
