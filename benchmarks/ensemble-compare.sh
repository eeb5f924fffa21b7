#!/usr/bin/env bash
# Side by side, the ensemble: B = 65 536 Lorenz-63 trajectories, t in [0, 1], Dopri5, rtol 1e-6, atol 1e-8,
# float64, shared θ, forward only and forward + ACA gradient, in ns per accepted trajectory-step:
#   g++, clang++  benchmarks/native/lorenz_ensemble_avx512.cpp (hand-tuned AVX-512, one lane per trajectory, one
#                 core) built by each compiler present, -O3 -march=native
#   C#            EnsembleSolver<double, GeneratedLorenz.RhsOde> with WORKERS worker threads (default 1):
#                 AcaKernels.Benchmarks --ensemble-per-step
#   C#-hand       the C++ engine's algorithm written by hand in C# (HandFusedLorenz.cs, one thread): what RyuJIT
#                 makes of the same fused loop, so C#/hand is the engine's own cost and hand/native the compiler's
#                 AcaKernels.Benchmarks --hand-fused-lorenz
# They run interleaved (g++, clang++, C#, C#-hand, g++, …) for ROUNDS rounds (default 3), so all see the same machine
# load; each run prints its own median over REPETITIONS single runs (default 15), and the script prints the median
# over rounds and the ratios C#/faster native build, C#-hand/native and C#/C#-hand. It checks that all sides report
# the same step counts and sums of z(1), ∂L/∂z₀ and ∂L/∂θ (10 digits; ∂L/∂θ is summed in another order in C++, so
# its last digit may differ), prints the C++ program's check of every trajectory against the scalar code, and
# /proc/loadavg before and after: the machine is shared, so a number taken under load says so.
#
# Usage: benchmarks/ensemble-compare.sh [ROUNDS]   (env: WORKERS, REPETITIONS, CXXFLAGS)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
workers=${WORKERS:-1}
repetitions=${REPETITIONS:-15}
cxxflags=${CXXFLAGS:-"-std=c++17 -O3 -march=native"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

sides=()
for cxx in g++ clang++ clang++-14; do
  command -v "$cxx" >/dev/null || continue
  name=${cxx%-14}
  [[ " ${sides[*]-} " == *" $name "* ]] && continue
  echo "$cxx $cxxflags ($("$cxx" --version | head -1))"
  # shellcheck disable=SC2086  # the flags are meant to split
  "$cxx" $cxxflags -o "$out/$name" benchmarks/native/lorenz_ensemble_avx512.cpp -lmvec
  sides+=("$name")
done
if ((${#sides[@]} == 0)); then
  echo "No C++ compiler found (g++ or clang++): install one (apt-get install g++)." >&2
  exit 1
fi
echo ".NET SDK $(dotnet --version), C# with $workers worker thread(s)"
dotnet build -c Release benchmarks/AcaKernels.Benchmarks -v quiet -nologo >/dev/null
csharp=(dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --ensemble-per-step
  "$workers" "$repetitions")
handFused=(dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --hand-fused-lorenz
  "$repetitions")
sides+=('C#' 'C#-hand')

# Every trajectory against the scalar code, once (about a second).
"$out/${sides[0]}" --repetitions 1 | grep '^check' | sed "s/^/${sides[0]}: /"

echo "loadavg before: $(cat /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
  for side in "${sides[@]}"; do
    case $side in
      'C#') "${csharp[@]}" >"$out/run" ;;
      'C#-hand') "${handFused[@]}" >"$out/run" ;;
      *) "$out/$side" --no-check --repetitions "$repetitions" >"$out/run" ;;
    esac
    head -2 "$out/run" >"$out/results.$side"
    grep -E '^forward' "$out/run" | sed "s/^/round $round $side: /" | tee -a "$out/log"
  done
done
echo "loadavg after:  $(cat /proc/loadavg)"

agree=1
for side in "${sides[@]}"; do cmp -s "$out/results.${sides[0]}" "$out/results.$side" || agree=0; done
if ((agree)); then
  echo "all agree:"; sed 's/^/  /' "$out/results.${sides[0]}"
else
  echo "RESULTS DIFFER (compare the digits; the last digit of dL/dtheta may differ by summation order):"
  for side in "${sides[@]}"; do sed "s/^/  $side: /" "$out/results.$side"; done
fi

# Median over rounds of each side's median, for one measurement ("forward" or "forward + ACA gradient").
median() {
  grep -F " $1: $2: median" "$out/log" | sed 's/.*: median \([0-9.]*\) ns.*/\1/' | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
printf '\n%-24s' "median of $rounds rounds"
for side in "${sides[@]}"; do printf ' %10s' "$side"; done
printf ' %14s %14s %14s\n' 'C#/best native' 'hand/native' 'C#/hand'
for what in forward 'forward + ACA gradient'; do
  printf '%-24s' "$what"
  best=
  for side in "${sides[@]}"; do
    m=$(median "$side" "$what")
    printf ' %7.1f ns' "$m"
    if [[ $side != C#* ]] && { [[ -z $best ]] || awk -v a="$m" -v b="$best" 'BEGIN { exit !(a < b) }'; }; then best=$m; fi
    [[ $side == 'C#' ]] && csharpMedian=$m
    [[ $side == 'C#-hand' ]] && handMedian=$m
  done
  awk -v c="$csharpMedian" -v h="$handMedian" -v b="$best" 'BEGIN { printf " %14.2f %14.2f %14.2f\n", c / b, h / b, c / h }'
done
