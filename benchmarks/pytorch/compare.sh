#!/usr/bin/env bash
# Side by side with PyTorch (issue 12, item 2): the same problems, forward + gradient, ours against naive autograd
# through a Dopri5 written in Python with torchdiffeq's batch semantics (dopri5_batch.py), on this machine, interleaved.
#   lorenz      B = 1024 Lorenz-63, t in [0, 1], Dopri5 rtol 1e-6 atol 1e-8 float64, L = sum z(1): dL/dz0, dL/dtheta
#   mlp         the same for a tanh MLP neural ODE (4 -> 16 -> 4, 148 parameters), B = 1024
#   three-body  the 100-epoch mass fit of `aca three-body` (same observations, start, loss, Adam, rtol = atol = 1e-7)
#   classify    the Fashion-MNIST neural-ODE classifier of `aca classify` (issue 11): time per training epoch and the
#               ODE block's forward + backward alone, against classify.py (same network, data slice, initial
#               parameters, image order, Adam; RK12 at rtol = atol = 1e-2 with one step size for the batch). Not in the
#               default set (minutes). Its check trains both sides for CLASSIFY_EPOCHS epochs and compares the curves.
# Ours: AcaKernels.Benchmarks --pytorch-side (EnsembleSolver with ACA, SIMD lanes where they apply; ThreeBodyFitter
# with ACA; classify: ClassifierTrainer and its FeatureBlock). Each problem first writes our results, a rtol = atol = 1e-12 reference and the shared data to a temporary
# folder, and torch_side.py --check tests both sides against the reference (see checks.py for the tolerances).
# Then ROUNDS rounds, each running: ours on 1 thread, PyTorch on 1 thread (torch.set_num_threads(1)), ours on THREADS
# workers, PyTorch on THREADS threads, so all four see the same machine load. Each run prints its median over its
# repetitions; the summary is the median over rounds and PyTorch's time over ours.
#
# Usage: benchmarks/pytorch/compare.sh [PROBLEM ...]    (default: lorenz mlp three-body)
# Env:   ROUNDS (3), REPETITIONS (ensembles: timed runs per process, 5), FIT_ROUNDS (three-body rounds, 1: a PyTorch
#        fit takes minutes), FIT_REPETITIONS (our fits per process, 3; PyTorch runs one), THREADS (all threads: nproc),
#        OUTPUTS (PyTorch output times: interpolate, as torchdiffeq, or clip, as ours; "interpolate clip" runs both),
#        PYTHON (an interpreter with Debian's torch: /usr/bin/python3); classify: CLASSIFY_TRAIN (training images, 320),
#        CLASSIFY_TEST (test images of the check, 200), CLASSIFY_EPOCHS (epochs of the check, 2), CLASSIFY_BATCH (32),
#        CLASSIFY_BLOCK_BATCH (images of the block timing, 32), CLASSIFY_REPETITIONS (timed epochs per process, 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
problems=("$@")
((${#problems[@]})) || problems=(lorenz mlp three-body)
for p in "${problems[@]}"; do
  case $p in lorenz | mlp | three-body | classify) ;; *) echo "unknown problem '$p': give lorenz, mlp, three-body or classify." >&2; exit 2 ;; esac
done
rounds=${ROUNDS:-3}
repetitions=${REPETITIONS:-5}
fit_rounds=${FIT_ROUNDS:-1}
fit_repetitions=${FIT_REPETITIONS:-3}
threads=${THREADS:-$(nproc)}
read -r -a outputs <<<"${OUTPUTS:-interpolate}"
python=${PYTHON:-/usr/bin/python3}
classify_sizes=("${CLASSIFY_TRAIN:-320}" "${CLASSIFY_TEST:-200}" "${CLASSIFY_EPOCHS:-2}" "${CLASSIFY_BATCH:-32}" "${CLASSIFY_BLOCK_BATCH:-32}")
classify_options=(--train-size "${classify_sizes[0]}" --test-size "${classify_sizes[1]}" --epochs "${classify_sizes[2]}"
  --batch "${classify_sizes[3]}" --block-batch "${classify_sizes[4]}")
classify_repetitions=${CLASSIFY_REPETITIONS:-2}

# Debian's python3-torch (1.13, CPU; TorchSharp does not load on Debian 12: engineering notes). pyenv or a venv may
# put another python3 first on PATH, so the interpreter is Debian's unless PYTHON says otherwise.
if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$python" = /usr/bin/python3 ]; then
    echo "installing Debian's python3-torch (CPU PyTorch 1.13, about 1 GB with its dependencies)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch python3-numpy >/dev/null
  else
    echo "error: $python cannot import torch and numpy. Install Debian's packages ('sudo apt-get install python3-torch" >&2
    echo "  python3-numpy') or set PYTHON to an interpreter that has them, and run again." >&2
    exit 1
  fi
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release benchmarks/AcaKernels.Benchmarks -v quiet -nologo >/dev/null
ours=(dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --pytorch-side)
torch_side=("$python" benchmarks/pytorch/torch_side.py)
torch_classify=("$python" benchmarks/pytorch/classify.py)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; all threads = $threads"
echo ".NET SDK $(dotnet --version); $("$python" -c 'import sys, torch; print(f"Python {sys.version.split()[0]}, torch {torch.__version__}")')"

status=0
for problem in "${problems[@]}"; do
  echo
  echo "== $problem: set-up and checks"
  if [ "$problem" = classify ]; then
    "${ours[@]}" classify 1 1 "${classify_sizes[@]}" "$out/data" | grep -v '^run \|^median '
    "${torch_classify[@]}" --threads 1 --data "$out/data" "${classify_options[@]}" --check || status=1
    continue
  fi
  "${ours[@]}" "$problem" 1 1 "$out/data" | grep -v '^run \|^median '
  [ "$problem" = three-body ] && continue # its timed PyTorch runs check their fitted masses (a fit takes minutes)
  for mode in "${outputs[@]}"; do
    "${torch_side[@]}" "$problem" --threads 1 --data "$out/data" --outputs "$mode" --check || status=1
  done
done

# One timed process; its median line goes to the log as "<problem> <config>: <ms>" (classify prints two, "[epoch]" and
# "[block]": logged as classify-epoch and classify-block).
record() {
  local problem=$1 config=$2
  shift 2
  "$@" >"$out/run" || status=1
  grep -v '^median ' "$out/run" | sed "s/^/  /"
  grep '^median ' "$out/run" | sed -E -e "s#^median .*\[(epoch|block)\].*: ([0-9.]+) ms wall, ([0-9.]+) ms cpu#$problem-\1 $config: \2 \3#" \
    -e "s#^median .*: ([0-9.]+) ms wall, ([0-9.]+) ms cpu#$problem $config: \1 \2#" >>"$out/log" || true
}

echo
echo "loadavg before: $(cat /proc/loadavg)"
for problem in "${problems[@]}"; do
  if [ "$problem" = three-body ]; then n=$fit_rounds; else n=$rounds; fi
  for ((round = 1; round <= n; round++)); do
    echo "== $problem round $round"
    if [ "$problem" = classify ]; then
      for t in 1 "$threads"; do
        record classify "ours/$t" "${ours[@]}" classify "$t" "$classify_repetitions" "${classify_sizes[@]}"
        record classify "torch/$t" "${torch_classify[@]}" --threads "$t" --repetitions "$classify_repetitions" --data "$out/data" "${classify_options[@]}"
        [ "$threads" = 1 ] && break
      done
      continue
    fi
    if [ "$problem" = three-body ]; then
      record "$problem" "ours/1" "${ours[@]}" "$problem" 1 "$fit_repetitions"
    fi
    for t in 1 "$threads"; do
      if [ "$problem" != three-body ]; then
        record "$problem" "ours/$t" "${ours[@]}" "$problem" "$t" "$repetitions"
      fi
      for mode in "${outputs[@]}"; do
        if [ "$problem" = three-body ]; then extra=(--repetitions 1 --data "$out/data" --check); else extra=(--repetitions "$repetitions"); fi
        record "$problem" "torch-$mode/$t" "${torch_side[@]}" "$problem" --threads "$t" --outputs "$mode" "${extra[@]}"
      done
      [ "$t" = 1 ] && [ "$threads" = 1 ] && break
    done
  done
done
echo "loadavg after:  $(cat /proc/loadavg)"

# Median over rounds of one configuration's medians: field 1 wall, 2 CPU time.
median() {
  grep -F "$1 $2: " "$out/log" | sed 's/.*: //' | cut -d' ' -f"$3" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
others=(); for p in "${problems[@]}"; do [ "$p" = classify ] || others+=("$p"); done
if ((${#others[@]})); then
  echo
  echo "medians over rounds, ms per run (wall clock, and CPU time of the whole process); ratio = PyTorch / ours"
  printf '%-11s %-7s %-12s %10s %12s %8s %10s %12s %8s\n' problem threads 'PyTorch out' 'ours wall' 'PyTorch wall' ratio \
    'ours cpu' 'PyTorch cpu' ratio
  for problem in "${others[@]}"; do
    for t in 1 "$threads"; do
      config=ours/$t
      [ "$problem" = three-body ] && config=ours/1
      for mode in "${outputs[@]}"; do
        ow=$(median "$problem" "$config" 1) oc=$(median "$problem" "$config" 2)
        tw=$(median "$problem" "torch-$mode/$t" 1) tc=$(median "$problem" "torch-$mode/$t" 2)
        printf '%-11s %-7s %-12s %10.2f %12.1f %8s %10.2f %12.1f %8s\n' "$problem" "$t" "$mode" "$ow" "$tw" "$(ratio "$tw" "$ow")" \
          "$oc" "$tc" "$(ratio "$tc" "$oc")"
      done
      [ "$t" = 1 ] && [ "$threads" = 1 ] && break
    done
  done
  if [[ " ${others[*]} " == *" three-body "* ]]; then
    echo "(three-body: ours is one thread in both rows: one trajectory, solved on one core)"
  fi
fi
if [[ " ${problems[*]} " == *" classify "* ]]; then
  echo
  echo "classify: ${classify_sizes[0]} training images, batch ${classify_sizes[3]}; epoch = one training epoch, block = forward +"
  echo "gradient of the ODE block on ${classify_sizes[4]} images; ms (median over rounds); ratio = PyTorch / ours (> 1: ours faster)"
  printf '%-15s %-7s %10s %12s %8s %10s %12s %8s %14s %14s\n' part threads 'ours wall' 'PyTorch wall' ratio 'ours cpu' \
    'PyTorch cpu' ratio 'ours images/s' 'PyTorch img/s'
  for part in epoch block; do
    if [ "$part" = epoch ]; then images=${classify_sizes[0]}; else images=${classify_sizes[4]}; fi
    for t in 1 "$threads"; do
      ow=$(median classify-$part "ours/$t" 1) oc=$(median classify-$part "ours/$t" 2)
      tw=$(median classify-$part "torch/$t" 1) tc=$(median classify-$part "torch/$t" 2)
      printf '%-15s %-7s %10.1f %12.1f %8s %10.1f %12.1f %8s %14.0f %14.0f\n' "classify-$part" "$t" "$ow" "$tw" "$(ratio "$tw" "$ow")" \
        "$oc" "$tc" "$(ratio "$tc" "$oc")" "$(awk -v n="$images" -v ms="$ow" 'BEGIN { print n * 1000 / ms }')" \
        "$(awk -v n="$images" -v ms="$tw" 'BEGIN { print n * 1000 / ms }')"
      [ "$threads" = 1 ] && break
    done
  done
fi
((status == 0)) || echo "A CHECK FAILED: the times above compare different computations." >&2
exit $status
