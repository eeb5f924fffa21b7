#!/usr/bin/env bash
# Scaling curves of issue 12 item 4, by one command: time and memory vs trajectories B, vs steps (tolerance sweep)
# and vs state size (tanh-MLP width), forward and gradient, per method (aca, adjoint, naive, forward-only) and
# backend (SIMD lanes, scalar engine; f64 and f32). Writes benchmarks/scaling/results/scaling.{csv,json}, the PNG
# plots benchmarks/scaling/scaling-*.png, and results/machine.txt (CPU, load average before and after, commit).
#
#   benchmarks/scaling/run.sh            # quick: B = 1 … 10⁵, a few minutes on a shared 2-core machine
#   benchmarks/scaling/run.sh --full     # B = 1 … 10⁶ in half decades, 8 tolerances, B = 1024 for widths
#   extra options: --workers W (default 1), --memory-cap-gb G (default half of MemAvailable),
#                  --point-cap-s S (default 25 quick / 300 full): a series stops where the next point would pass them;
#                  --sweeps width (or trajectories,steps): re-run only those sweeps, keeping the others from results/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build benchmarks/AcaKernels.Benchmarks -c Release --nologo -v quiet
mkdir -p benchmarks/scaling/results
machine=benchmarks/scaling/results/machine.txt
# A partial re-run (--sweeps) keeps the other sweeps' points, so it keeps their machine record too and appends its own.
[[ " $* " == *" --sweeps "* ]] || : > "$machine"
# The commit and whether the tree differs from it, read before this run writes its own record (machine.txt is tracked).
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (working tree modified)')"
{
  echo "---"
  echo "date (UTC) start: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $commit"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "dotnet: $(dotnet --version)"
  echo "loadavg before: $(cat /proc/loadavg)"
  echo "arguments: $*"
} >> "$machine"
dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --scaling --out benchmarks/scaling "$@"
{
  echo "loadavg after: $(cat /proc/loadavg)"
  echo "date (UTC) end: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >> "$machine"
cat "$machine"
