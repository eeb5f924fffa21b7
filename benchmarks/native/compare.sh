#!/usr/bin/env bash
# Side by side, single-trajectory Lorenz-63 (t in [0, 1], Dopri5, rtol 1e-6, atol 1e-8, float64), forward only and
# forward + ACA gradient, in ns per accepted step:
#   hand     benchmarks/native/lorenz_dopri5_hand.cpp: stages written out, f inlined (the fair comparator)
#   nofma    the same source with -ffp-contract=off: no a·b + c fused into an FMA, which is what .NET does
#            (RyuJIT never contracts), so the C#/nofma ratio is the gap at identical floating-point operations
#   generic  benchmarks/native/lorenz_aca.cpp: loops over the zero-padded tableau (what the generic form costs)
#   C#       the engine with the [OdeDynamics]-generated Lorenz (AcaKernels.Benchmarks --lorenz-per-step)
# The four run interleaved, ROUNDS times (default 5), so all see the same machine load; each run prints its
# own median over 15 repetitions, and the script prints the median over rounds and the ratios of those medians.
# It also checks that all four report the same step counts, z(1) and gradient (printed to 12 decimals), and
# prints /proc/loadavg before and after: the machine is shared, so a number taken under load says so.
#
# The ensemble (65 536 trajectories, the AVX-512 comparator lorenz_ensemble_avx512.cpp) has its own script:
# benchmarks/ensemble-compare.sh.
#
# COMPARE_WINDOWS=1 times 4 000 short windows of 50 runs instead and reports their 5th percentile ("p5"), an
# estimate of the uncontended cost for when the shared machine is overloaded (see benchmarks/native/timing.hpp).
#
# Usage: [COMPARE_WINDOWS=1] benchmarks/native/compare.sh [ROUNDS]   (CXXFLAGS overrides the compiler flags below)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
stat=median
if [[ ${COMPARE_WINDOWS:-} == 1 ]]; then stat=p5; export COMPARE_WINDOWS; fi
# -O3 -march=native: everything this CPU has (AVX-512, FMA). g++ contracts a·b + c into FMAs by default
# (-ffp-contract=fast in GNU mode); .NET does not, so the last bits may differ, not the step counts.
cxxflags=${CXXFLAGS:-"-O3 -march=native"}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "g++ $cxxflags ($(g++ -dumpfullversion)); $(dotnet --version 2>/dev/null | sed 's/^/.NET SDK /')"
# shellcheck disable=SC2086  # the flags are meant to split
g++ $cxxflags -o "$out/hand" benchmarks/native/lorenz_dopri5_hand.cpp
# shellcheck disable=SC2086
g++ $cxxflags -ffp-contract=off -o "$out/nofma" benchmarks/native/lorenz_dopri5_hand.cpp
# shellcheck disable=SC2086
g++ $cxxflags -o "$out/generic" benchmarks/native/lorenz_aca.cpp
dotnet build -c Release benchmarks/AcaKernels.Benchmarks -v quiet -nologo >/dev/null
csharp=(dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --lorenz-per-step)

echo "loadavg before: $(cat /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
  for side in hand nofma generic 'C#'; do
    case $side in
      hand | nofma | generic) "$out/$side" >"$out/run" ;;
      *) "${csharp[@]}" >"$out/run" ;;
    esac
    head -2 "$out/run" >"$out/results.$side"
    tail -2 "$out/run" | sed "s/^/round $round $side: /" | tee -a "$out/log"
  done
done
echo "loadavg after:  $(cat /proc/loadavg)"

if cmp -s "$out/results.hand" "$out/results.nofma" && cmp -s "$out/results.hand" "$out/results.generic" &&
  cmp -s "$out/results.hand" "$out/results.C#"; then
  echo "all four agree:"; sed 's/^/  /' "$out/results.hand"
else
  echo "RESULTS DIFFER (compare the digits):"
  for side in hand nofma generic 'C#'; do sed "s/^/  $side: /" "$out/results.$side"; done
fi

# Median over rounds of each side's median (or p5), for one measurement ("forward" or "forward + ACA gradient").
median() {
  grep -F " $1: $2: $stat" "$out/log" | sed "s/.*: $stat \([0-9.]*\) ns.*/\1/" | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
printf '\n%-24s %10s %10s %10s %10s %9s %9s %9s %9s\n' "$stat, median of $rounds" hand nofma generic 'C#' \
  'C#/hand' 'C#/nofma' 'C#/gen' 'gen/hand'
for what in forward 'forward + ACA gradient'; do
  h=$(median hand "$what"); n=$(median nofma "$what"); g=$(median generic "$what"); c=$(median 'C#' "$what")
  awk -v w="$what" -v h="$h" -v n="$n" -v g="$g" -v c="$c" 'BEGIN {
    printf "%-24s %7.1f ns %7.1f ns %7.1f ns %7.1f ns %9.2f %9.2f %9.2f %9.2f\n", w, h, n, g, c, c / h, c / n, c / g, g / h }'
done
