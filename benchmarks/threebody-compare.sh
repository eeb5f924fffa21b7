#!/usr/bin/env bash
# Side by side, the planar three-body ensemble (B = 16 384 trajectories, one period of the figure-eight, Dopri5,
# rtol 1e-6, atol 1e-8, float64, shared masses; EnsembleSetup in benchmarks/AcaKernels.Benchmarks), forward only and
# forward + ACA gradient, in ns per accepted trajectory-step, one core each:
#   C++  benchmarks/native/threebody_ensemble_avx512.cpp (hand-tuned AVX-512, one lane per trajectory, hand-written
#        pair VJP), g++ -O3 -march=native: the best native version of the same algorithm
#   C#   the SIMD lane engine with the [OdeDynamics]-generated three-body, one worker:
#        AcaKernels.Benchmarks --ensemble-target three-body lanes 1 REPETITIONS B
# They run interleaved (C++, C#, C++, …) for ROUNDS rounds (default 3), so both see the same machine load; each run
# prints its own median over REPETITIONS runs (default 7), and the script prints the median over rounds and the
# ratio C#/C++. Both must report the same step counts (exit 1 otherwise) and should print the same sums of z(T),
# ∂L/∂z₀ and ∂L/∂θ (10 digits; a difference there is reported, not fatal: the C++ rounds differently in the last
# bits). /proc/loadavg is printed before and after: the machine may be shared, so a figure taken under load says so.
#
# Usage: benchmarks/threebody-compare.sh [ROUNDS]   (env: REPETITIONS, THREE_BODY_B, CXX, CXXFLAGS, NATIVE_ARGS:
#        extra arguments of the C++ program, e.g. --exact)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
repetitions=${REPETITIONS:-7}
b=${THREE_BODY_B:-16384}
cxx=${CXX:-g++}
cxxflags=${CXXFLAGS:-"-std=c++17 -O3 -march=native"}
for value in "$rounds" "$repetitions" "$b"; do
  [[ $value =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS, REPETITIONS and THREE_BODY_B must be positive integers (got '$value')." >&2; exit 2; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); $cxx $cxxflags ($("$cxx" --version | head -1)); .NET SDK $(dotnet --version)"
# shellcheck disable=SC2086  # the flags are meant to split
"$cxx" $cxxflags -o "$out/native" benchmarks/native/threebody_ensemble_avx512.cpp -lmvec
dotnet build -c Release benchmarks/AcaKernels.Benchmarks -v quiet -nologo >"$out/build" 2>&1 || { cat "$out/build"; exit 1; }
# shellcheck disable=SC2206  # the arguments are meant to split
native=("$out/native" --trajectories "$b" --repetitions "$repetitions" ${NATIVE_ARGS:-})
csharp=(dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --ensemble-target three-body lanes 1
  "$repetitions" "$b")

echo "loadavg before: $(cat /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
  for side in 'C++' 'C#'; do
    if [[ $side == 'C++' ]]; then "${native[@]}" >"$out/run"; sed -n 1,2p "$out/run" >"$out/summary.$side"
    else "${csharp[@]}" >"$out/run"; sed -n 2,3p "$out/run" >"$out/summary.$side"; fi  # C#'s line 1 says what ran
    [[ $round == 1 && $side == 'C++' ]] && grep '^lanes' "$out/run"
    grep -E '^forward' "$out/run" | sed "s/^/round $round $side: /" | tee -a "$out/log"
  done
done
echo "loadavg after:  $(cat /proc/loadavg)"

steps() { sed -n '1s/; sum of.*//p' "$out/summary.$1"; }
if [[ "$(steps 'C++')" != "$(steps 'C#')" ]]; then
  echo "STEP COUNTS DIFFER:"; echo "  C++: $(steps 'C++')"; echo "  C#:  $(steps 'C#')"; exit 1
fi
if cmp -s "$out/summary.C++" "$out/summary.C#"; then
  echo "both agree:"; sed 's/^/  /' "$out/summary.C#"
else
  echo "same step counts, sums differ (compare the digits):"
  for side in 'C++' 'C#'; do sed "s/^/  $side: /" "$out/summary.$side"; done
fi

# Median over rounds of each side's median, for one measurement ("forward" or "forward + ACA gradient").
median() {
  grep -F " $1: $2: median" "$out/log" | sed 's/.*: median \([0-9.]*\) ns.*/\1/' | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
printf '\n%-24s %10s %10s %8s\n' "median of $rounds rounds" 'C++' 'C#' 'C#/C++'
for what in forward 'forward + ACA gradient'; do
  awk -v w="$what" -v n="$(median 'C++' "$what")" -v c="$(median 'C#' "$what")" \
    'BEGIN { printf "%-24s %7.1f ns %7.1f ns %8.2f\n", w, n, c, c / n }'
done
