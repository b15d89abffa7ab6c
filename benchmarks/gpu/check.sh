#!/usr/bin/env bash
# The GPU run of issue 10, as one short script (under 5 minutes on one CUDA GPU):
#   1. `medl calibrate --device cuda` for every speed question of ch05-ch08 (a question
#      without a cuda threshold, ch05's NumPy kernel, is timed on the CPU as in grading);
#   2. `medl grade --reference` for ch05-ch08 on that machine;
#   3. benchmarks/gpu/RESULTS.md: device, driver, torch and CUDA versions, every ratio,
#      the reference's scores.
# Without CUDA it says so and exits 0, leaving RESULTS.md as it is.
#
# Usage, from the repository root:  bash benchmarks/gpu/check.sh
# (MEDL=path/to/medl and PY=path/to/python override the .venv ones.)
set -u
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
MEDL=${MEDL:-.venv/bin/medl}
OUT=benchmarks/gpu/RESULTS.md
IDS=(ch05 ch06 ch07 ch08)

if ! "$PY" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    echo "benchmarks/gpu/check.sh: no CUDA device here (torch.cuda.is_available() is False):" \
        "nothing measured, $OUT left as it is."
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)

# 1. the separation table on this GPU
"$MEDL" calibrate "${IDS[@]}" --device cuda --markdown "$work/calibrate.md" \
    >"$work/calibrate.out" 2>"$work/calibrate.err"
cal_rc=$?
# 2. the references, graded here
for id in "${IDS[@]}"; do
    "$MEDL" grade "$id" --reference --out "$work/graded/$id" --jobs 1 --quiet \
        >"$work/grade-$id.out" 2>&1
done
took=$(( $(date +%s) - start ))

# 3. RESULTS.md
"$PY" - "$work" "$cal_rc" "$took" "${IDS[@]}" >"$OUT" <<'EOF'
import json, platform, subprocess, sys
from pathlib import Path

import torch

work, cal_rc, took, ids = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
try:
    driver = subprocess.run(
        ["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
        capture_output=True, text=True, timeout=20,
    ).stdout.strip() or "?"
except (OSError, subprocess.SubprocessError):
    driver = "?"
print("# GPU figures (benchmarks/gpu/check.sh)\n")
print(f"- device: {torch.cuda.get_device_name(0)}, driver {driver}")
print(f"- torch {torch.__version__}, CUDA {torch.version.cuda}, "
      f"cuDNN {torch.backends.cudnn.version()}, Python {platform.python_version()}")
print(f"- host CPU: {platform.processor() or platform.machine()}; whole run {took} s")
print("- clock: on CUDA the grader's wall clock around put + call + fetch, the other worker "
      "frozen (autograder/grading/speed.py); ch05 (NumPy) is timed by CPU time\n")
verdict = "every speed question separates with margin" if cal_rc == 0 else (
    "NOT every speed question separates with margin (see the rows marked no)")
print(f"## medl calibrate --device cuda: {verdict}\n")
print((work / "calibrate.md").read_text() if (work / "calibrate.md").exists()
      else "calibrate wrote no table:\n\n```\n"
      + (work / "calibrate.err").read_text()[-3000:] + "\n```")
print("\n## medl grade --reference\n")
print("| assignment | score | speed tests: function, device, ratio (scored), threshold |")
print("|---|---:|---|")
for aid in ids:
    found = sorted((work / "graded" / aid).glob("*/results.json"))
    if not found:
        log = work / f"grade-{aid}.out"
        tail = log.read_text()[-300:].replace("\n", " ") if log.exists() else "not run"
        print(f"| {aid} | - | grading failed: {tail} |")
        continue
    res = json.loads(found[0].read_text())
    speeds = [
        f"{s['function']} {s['device']} {s['ratio']} ({s['scored_ratio']}), "
        f"full {s['threshold']['full']} zero {s['threshold']['zero']}"
        for t in res["tests"] for s in t.get("extra_data", {}).get("speed", [])
    ]
    print(f"| {aid} | {res['score']:g} / {res['max_score']:g} | {'; '.join(speeds)} |")
EOF
echo "benchmarks/gpu/check.sh: wrote $OUT in ${took} s (calibrate exit $cal_rc)"
