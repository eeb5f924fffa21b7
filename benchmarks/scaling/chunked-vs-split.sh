#!/usr/bin/env bash
# SolveAndGradient (chunked: one checkpoint log per worker) against Solve + Gradient (split: every chunk's log kept
# until the gradient), Lorenz forward + ACA on the lane engine, one worker: rounds of one process per mode,
# alternating, each printing process-CPU-time and wall medians per accepted trajectory-step, the checkpoint bytes
# held, the peak working set and the sums both modes must agree on (RESULTS.md §24).
#
#   benchmarks/scaling/chunked-vs-split.sh B REPETITIONS ROUNDS [OUT]     # e.g. 1000000 3 5
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
b=${1:?trajectories}; reps=${2:?repetitions per process}; rounds=${3:?rounds}; out=${4:-/dev/stdout}
dll="$root/benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll"
[[ -f "$dll" ]] || dotnet build "$root/benchmarks/AcaKernels.Benchmarks" -c Release --nologo -v quiet
{
  echo "loadavg before: $(cat /proc/loadavg)  $(date -u +%H:%M:%S)"
  for r in $(seq 1 "$rounds"); do
    for mode in split chunked; do
      echo "round $r $mode"
      dotnet "$dll" --ensemble-chunked "$mode" "$b" "$reps" 1
    done
  done
  echo "loadavg after: $(cat /proc/loadavg)  $(date -u +%H:%M:%S)"
} >> "$out"
