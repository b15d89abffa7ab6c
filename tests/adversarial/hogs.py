"""Grade the memory hogs of the corpus with and without a cgroup per worker, in fork and
fresh mode, and print what each scored and the host's ``Shmem`` (``/proc/meminfo``) before,
at its peak during, and right after grading (docs/security.md, "Measurements").

    .venv/bin/python tests/adversarial/hogs.py [CASE_PREFIX,...]   # default: 39_,40_,41_,42_,19_
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from advtoy import make_adv_root  # noqa: E402
from corpus import CASES, load_case  # noqa: E402

from autograder.authoring.assignment import load_assignment  # noqa: E402
from autograder.course.batch import grade_batch  # noqa: E402
from autograder.grading.submission import from_notebook  # noqa: E402


def shmem_mib() -> int:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("Shmem:"):
                return int(line.split()[1]) // 1024
    return -1


def main(names: list[str]) -> None:
    root = Path(tempfile.mkdtemp(prefix="medl-hogs-"))
    make_adv_root(root)
    adv = load_assignment("adv01", root)
    os.environ.update(MEDL_WORKER_MEMORY_MB="256", MEDL_WORKER_TOTAL_MB="400")
    for cg in ("auto", "off"):
        for start in ("fork", "fresh"):
            os.environ.update(MEDL_CGROUP=cg, MEDL_WORKER_START=start)
            for name in names:
                case = load_case(next(CASES.glob(name + "*")))
                nb = root / f"{case.name}.ipynb"
                nb.write_text(case.notebook({}))
                before, peak, done = shmem_mib(), [0], threading.Event()

                def poll(peak: list[int] = peak, done: threading.Event = done) -> None:
                    while not done.is_set():
                        peak[0] = max(peak[0], shmem_mib())
                        time.sleep(0.05)

                t = threading.Thread(target=poll)
                t.start()
                t0 = time.monotonic()
                out = grade_batch(adv, [from_notebook(nb, case.name)], root / cg / start)
                done.set()
                t.join()
                res = out[0].results
                q1 = next(x for x in res["tests"] if x["number"] == "q1") if res else None
                kind = q1["extra_data"]["kind"] if q1 else out[0].error
                limits = res["extra_data"].get("limits") if res else "?"
                print(
                    f"MEDL_CGROUP={cg:4s} {start:5s} {case.name:36s} {limits:20s} q1={kind:7s} "
                    f"{time.monotonic() - t0:4.1f} s  Shmem MiB before {before:5d} "
                    f"peak {peak[0]:5d} after {shmem_mib():5d}"
                )
                if q1 and q1["extra_data"]["kind"] != "passed":
                    print("    ", q1["output"][:200])


if __name__ == "__main__":
    main(sys.argv[1].split(",") if len(sys.argv) > 1 else ["39_", "40_", "41_", "42_", "19_"])
