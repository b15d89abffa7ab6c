"""ch06: the reference convolution against torch.nn.functional.conv2d and against loops.

For each size, one call computes z = conv(x, W, b) with stride S and padding P, in float32:

- ``torch conv2d``: ``torch.nn.functional.conv2d`` (oneDNN on a CPU, cuDNN on a GPU);
- ``reference im2col``: ``conv2d_fast`` from the solution notebook (``unfold`` + one matmul),
  the kernel the speed question q2s times students against;
- ``einsum`` and ``as_strided``: the two alternatives in solutions/ch06_cnn/alternatives/;
- ``row loop``: the q2s mutant that loops over the H' output rows (issue 10);
- ``pixel loop``: the q2s mutant, a Python loop over the H' x W' output pixels;
- ``naive loops``: ``conv2d_naive`` from the notebook (loops over n, f, i, j), only where it
  takes seconds, not hours (N F H' W' <= ``--naive-max``).

Every output is checked against torch's. The rows run on the CPU and, when CUDA is available,
on the GPU too; the script runs unchanged on either. Usage (from the repository root)::

    .venv/bin/python benchmarks/ch06/bench_conv.py [--threads 1] [--repeats 7] [--quick]

``--threads`` sets torch's CPU threads (default 1, like the grader's worker); it must be set
before torch is imported, hence the re-exec below.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "solutions" / "ch06_cnn"


sys.path.insert(0, str(ROOT))
from benchmarks.common import load_variant, pinned_args, sync  # noqa: E402


def _naive_max(ap) -> None:
    ap.add_argument(
        "--naive-max",
        type=int,
        default=200_000,
        help="largest N*F*H'*W' on which the naive loops run (default 200000)",
    )


ARGS = pinned_args(__doc__, add=_naive_max)

import torch  # noqa: E402

from autograder.grading.reference import load_reference  # noqa: E402

# (N, C, H, W, F, KH, KW, S, P)
SIZES = {
    "cpu": [
        (1, 4, 512, 16, 8, 3, 3, 1, 1),  # the q2s speed test (issue 10: 512 output rows)
        (4, 8, 96, 96, 16, 3, 3, 2, 1),  # the q2s size before issue 10
        (1, 8, 32, 32, 16, 3, 3, 2, 1),  # small enough for the naive loops
        (32, 16, 32, 32, 32, 3, 3, 1, 1),  # a CIFAR-sized layer
        (32, 1, 8, 8, 8, 3, 3, 1, 1),  # the first layer of the digits CNN
    ],
    "cuda": [
        (1, 4, 512, 16, 8, 3, 3, 1, 1),  # the q2s speed test on a GPU (issue 10)
        (32, 32, 64, 64, 64, 3, 3, 1, 1),
        (4, 8, 96, 96, 16, 3, 3, 2, 1),
        (128, 64, 32, 32, 64, 3, 3, 1, 1),
    ],
}


SLOW = ("pixel loop", "naive loops")  # timed in the last three rounds only


def _load(path: Path) -> dict:
    return load_variant(path)


def implementations() -> dict:
    ref = load_reference(SRC / "ch06_cnn.ipynb")
    return {
        "torch conv2d": lambda x, w, b, s, p: torch.nn.functional.conv2d(x, w, b, s, p),
        "reference im2col": ref.conv2d_fast,
        "einsum": _load(SRC / "alternatives" / "q2_einsum.py")["conv2d_fast"],
        "as_strided": _load(SRC / "alternatives" / "q2_as_strided.py")["conv2d_fast"],
        "row loop": _load(SRC / "mutants" / "q2s_python_loop_over_output_rows.py")["conv2d_fast"],
        "pixel loop": _load(SRC / "mutants" / "q2s_python_loop_over_pixels.py")["conv2d_fast"],
        "naive loops": ref.conv2d_naive,
    }


def bench(device: str, size: tuple[int, ...], impls: dict) -> dict[str, tuple[float, ...]]:
    """Per implementation: median seconds per call, and the medians of the per-round ratios
    to torch's conv2d and to the reference (rounds interleaved, ratios paired per round:
    steadier than ratios of medians on a shared machine; the slow loops, timed in three
    rounds only, divide their median by the baselines' medians)."""
    N, C, H, W, F, KH, KW, S, P = size
    g = torch.Generator().manual_seed(0)
    x = torch.randn(N, C, H, W, generator=g).to(device)
    w = torch.randn(F, C, KH, KW, generator=g).to(device)
    b = torch.randn(F, generator=g).to(device)
    want = torch.nn.functional.conv2d(x, w, b, S, P)
    outputs = N * F * want.shape[2] * want.shape[3]
    names = [n for n in impls if n != "naive loops" or outputs <= ARGS.naive_max]
    rounds: list[dict[str, float]] = []
    for rnd in range(ARGS.repeats + 1):  # round 0 warms up and checks the outputs
        times: dict[str, float] = {}
        for name in names:
            if name in SLOW and 0 < rnd <= ARGS.repeats - 3:
                continue  # up to seconds per call: the last three rounds are plenty
            sync(device)
            t0 = time.perf_counter()
            out = impls[name](x, w, b, S, P)
            sync(device)
            times[name] = time.perf_counter() - t0
            if rnd == 0:
                err = (out - want).abs().max().item() / max(1.0, want.abs().max().item())
                assert err < 1e-3, f"{name} is wrong on {size}: relative error {err:.1e}"
        if rnd:
            rounds.append(times)
    out = {}
    for name in names:
        t = statistics.median(r[name] for r in rounds if name in r)
        if name in SLOW:  # a few rounds, and a slow call disturbs the next fast one: plain
            out[name] = (
                t,
                *(
                    t / statistics.median(r[base] for r in rounds)
                    for base in ("torch conv2d", "reference im2col")
                ),
            )
        else:
            out[name] = (
                t,
                *(
                    statistics.median(r[name] / r[base] for r in rounds)
                    for base in ("torch conv2d", "reference im2col")
                ),
            )
    return out


def main() -> None:
    impls = implementations()
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    gpu = f", GPU {torch.cuda.get_device_name()}" if "cuda" in devices else ""
    print(
        f"torch {torch.__version__}, {platform.processor() or platform.machine()}, "
        f"{ARGS.threads} CPU thread(s){gpu}; median of {ARGS.repeats} interleaved rounds, "
        "ratios paired per round, float32\n"
    )
    print(
        "| device | (N, C, H, W, F, KH, KW, S, P) | implementation | ms per call "
        "| / torch conv2d | / reference |"
    )
    print("|---|---|---|---:|---:|---:|")
    for device in devices:
        sizes = SIZES[device][:1] if ARGS.quick else SIZES[device]
        for size in sizes:
            for name, (sec, vs_torch, vs_ref) in bench(device, size, impls).items():
                print(
                    f"| {device} | {size} | {name} | {1e3 * sec:.3f} | {vs_torch:.2f} | "
                    f"{vs_ref:.2f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
