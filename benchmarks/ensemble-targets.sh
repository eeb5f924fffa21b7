#!/usr/bin/env bash
# Issue 8's remaining ensemble figures in one command, per accepted trajectory-step (Dopri5, rtol 1e-6, atol 1e-8,
# float64, shared θ; EnsembleSetup in benchmarks/AcaKernels.Benchmarks):
#   (a) planar three-body (G = 1, masses as parameters, one period of the figure-eight), SIMD lanes, one worker:
#       forward + ACA gradient                                            goal <= 63 ns
#   (b) Lorenz B = 65 536 forward + ACA, SIMD lanes, 2 worker threads vs 1, wall clock   goal >= 1.8x
#   (c) Lorenz B = 65 536, SIMD lanes vs the scalar engine, one worker each (per core)    goal >= 10x
# Each side is one process (AcaKernels.Benchmarks --ensemble-target SYSTEM ENGINE WORKERS REPETITIONS B) that warms
# up, then prints the median of REPETITIONS timed runs; the sides run interleaved for ROUNDS rounds, so all see the
# same machine load. Ratios are the median over rounds of each round's ratio; times the median over rounds.
# Every side of a system must report the same step counts and the same sums of z(t_end), dL/dz0 and dL/dtheta
# (engines and thread counts give bit-identical results by design): a mismatch is an error (exit 1). The
# three-body runs on the scalar engine too, as that check and as its own lanes/scalar ratio. /proc/loadavg is printed
# before and after: the machine may be shared, so a figure taken under load says so.
#
# Usage: benchmarks/ensemble-targets.sh [ROUNDS]   (default 3; env: REPETITIONS (7), LORENZ_B (65536),
#        THREE_BODY_B (16384: ~120 steps each, ~2 M trajectory-steps per run))
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
repetitions=${REPETITIONS:-7}
lorenzB=${LORENZ_B:-65536}
threeBodyB=${THREE_BODY_B:-16384}
for value in "$rounds" "$repetitions" "$lorenzB" "$threeBodyB"; do
  [[ $value =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS, REPETITIONS, LORENZ_B and THREE_BODY_B must be positive integers (got '$value')." >&2; exit 2; }
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# name  system  engine  workers  B
sides=(
  "tb-lanes   three-body lanes  1 $threeBodyB"
  "tb-scalar  three-body scalar 1 $threeBodyB"
  "lz-lanes-1 lorenz     lanes  1 $lorenzB"
  "lz-lanes-2 lorenz     lanes  2 $lorenzB"
  "lz-scalar  lorenz     scalar 1 $lorenzB"
)

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) logical processors); .NET SDK $(dotnet --version)"
dotnet build -c Release benchmarks/AcaKernels.Benchmarks -v quiet -nologo >"$out/build" 2>&1 || { cat "$out/build"; exit 1; }
program=(dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --ensemble-target)

echo "loadavg before: $(cat /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
  for side in "${sides[@]}"; do
    read -r name system engine workers b <<<"$side"
    if ! "${program[@]}" "$system" "$engine" "$workers" "$repetitions" "$b" >"$out/run" 2>&1; then
      echo "round $round $name failed:" >&2; cat "$out/run" >&2; exit 1
    fi
    # Line 1 says what ran, lines 2-3 are the summary every side of the system must share.
    sed -n 2,3p "$out/run" >"$out/summary.$name"
    grep -E '^forward' "$out/run" | sed "s/^/round $round $name: /" | tee -a "$out/log"
  done
done
echo "loadavg after:  $(cat /proc/loadavg)"

agree=1
for group in tb lz; do
  first=
  for side in "${sides[@]}"; do
    read -r name _ <<<"$side"
    [[ $name == "$group"-* ]] || continue
    if [[ -z $first ]]; then first=$name; continue; fi
    if ! cmp -s "$out/summary.$first" "$out/summary.$name"; then
      agree=0
      echo "MISMATCH: $name does not report what $first reports:" >&2
      sed "s/^/  $first: /" "$out/summary.$first" >&2
      sed "s/^/  $name: /" "$out/summary.$name" >&2
    fi
  done
  [[ -n $first ]] && { echo "${first%%-*} sides agree:"; sed 's/^/  /' "$out/summary.$first"; }
done
((agree)) || { echo "Sides of one system solved different things: the figures below compare nothing." >&2; exit 1; }

# The median of numbers on stdin, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# One round's median of a side for "forward" or "forward + ACA gradient".
value() { grep -F "round $1 $2: $3: median" "$out/log" | sed 's/.*: median \([0-9.]*\) ns.*/\1/'; }
# Median over rounds of one side.
time_of() { for ((r = 1; r <= rounds; r++)); do value "$r" "$1" "$2"; done | median; }
# Median over rounds of (numerator side / denominator side), each round's pair measured side by side.
ratio_of() {
  for ((r = 1; r <= rounds; r++)); do
    awk -v a="$(value "$r" "$1" "$3")" -v b="$(value "$r" "$2" "$3")" 'BEGIN { print a / b }'
  done | median
}
# "met" or "MISSED": value $1 against goal $3 by $2 ("<=" or ">=").
verdict() { awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN { ok = op == "<=" ? v <= g : v >= g; print ok ? "met" : "MISSED" }'; }

g='forward + ACA gradient'
printf '\nmedians of %d rounds (%d timed runs each), ns per accepted trajectory-step, wall clock\n' "$rounds" "$repetitions"
printf '%-74s %10s %10s %8s\n' 'figure' 'value' 'goal' ''
row() { printf '%-74s %10s %10s %8s\n' "$1" "$2" "$3" "$4"; }
v=$(time_of tb-lanes "$g");  row "(a) three-body B = $threeBodyB, lanes, 1 worker: forward + ACA" "$(printf '%.1f ns' "$v")" '<= 63 ns' "$(verdict "$v" '<=' 63)"
v=$(time_of tb-lanes forward); row "    three-body, lanes, 1 worker: forward" "$(printf '%.1f ns' "$v")" '' ''
v=$(ratio_of lz-lanes-1 lz-lanes-2 "$g"); row "(b) Lorenz B = $lorenzB, lanes, forward + ACA: 2 workers vs 1" "$(printf '%.2fx' "$v")" '>= 1.8x' "$(verdict "$v" '>=' 1.8)"
v=$(ratio_of lz-lanes-1 lz-lanes-2 forward); row "    forward: 2 workers vs 1" "$(printf '%.2fx' "$v")" '' ''
row "    (1 worker $(printf '%.1f' "$(time_of lz-lanes-1 "$g")") ns, 2 workers $(printf '%.1f' "$(time_of lz-lanes-2 "$g")") ns per step, forward + ACA)" '' '' ''
v=$(ratio_of lz-scalar lz-lanes-1 "$g"); row "(c) Lorenz B = $lorenzB, forward + ACA: lanes vs scalar engine, 1 worker" "$(printf '%.2fx' "$v")" '>= 10x' "$(verdict "$v" '>=' 10)"
v=$(ratio_of lz-scalar lz-lanes-1 forward); row "    forward: lanes vs scalar engine" "$(printf '%.2fx' "$v")" '' ''
row "    (scalar $(printf '%.1f' "$(time_of lz-scalar "$g")") ns, lanes $(printf '%.1f' "$(time_of lz-lanes-1 "$g")") ns per step, forward + ACA)" '' '' ''
v=$(ratio_of tb-scalar tb-lanes "$g"); row "    three-body forward + ACA: lanes vs scalar engine, 1 worker" "$(printf '%.2fx' "$v")" '' ''
