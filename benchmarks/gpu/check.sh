#!/usr/bin/env bash
# Issue 9's GPU check, one command: Lorenz float32 ensembles on the GPU (fixed-step RK4 and Tsit5, 1000 steps;
# adaptive Dopri5 at rtol 1e-6; Dopri5 forward + ACA gradient; the two Dopri5 rows once more in float64) and a float32
# tanh-MLP neural ODE (2-32-2, Dopri5 forward and forward + ACA gradient, torchdiffeq beside it), each checked
# against the CPU engine on the first 4096 trajectories, then timed at B = 8 388 608; each kernel's PTX local memory
# (.local bytes, ld.local/st.local: per-thread arrays off-chip; the register kernels have none) and ptxas -v on the
# kernels' PTX where a CUDA toolkit is present (with the occupancy each register count allows). First of all it runs
# the adaptive register kernels twice and compares the bits (on a mismatch the adaptive rows fall back to the array
# kernels); a summary line says which. Then the Native
# AOT `aca` (carried in the same pack) runs `aca ensemble` on the GPU through the kernels embedded in it at build time
# (PTX through the CUDA driver, OpenCL C through the ICD loader; no .NET GPU runtime): Lorenz, and on CUDA the neural
# ODE too, and checks every trajectory against its CPU engine. Last, the same Lorenz ensembles in PyTorch, torchdiffeq,
# JAX and diffrax on the same device (those present), every figure printed as a ratio from this one run. See benchmarks/gpu/README.md.
#
#   benchmarks/gpu/check.sh --pack        with the .NET SDK: publish the self-contained build and pack it into
#                                         artifacts/gpu-bench.tar.gz (what the GPU machine gets), run nothing
#   benchmarks/gpu/check.sh               run the check (publishing first where the SDK is present)
#
# Environment: B (timed trajectories, default 8388608), GRAD_B (the comparators' gradient B, default 262144),
# ROUNDS (timed calls after a warm-up, default 3), BACKEND (auto|cuda|opencl|cpu), PYTHON (an interpreter with torch),
# OURS_TIMEOUT / COMPARATOR_TIMEOUT (seconds the two programs may run at most, default 180 / 300: JAX compiles each
# workload for tens of seconds), BUDGET (seconds for the whole script, default 500: each stage gets at most what is
# left, the comparators last), OUT (a folder: the log, the TSV and the PTX are written there as they are made),
# ACA_B (the AOT aca's trajectories, default 1048576),
# ACA_BACKENDS (its backends, default cuda where nvidia-smi answers, and opencl where an OpenCL ICD is registered or
# BACKEND=opencl), ACA_RUNS (its runs as system:precision, e.g. "lorenz:float64 three-body:float64"; default Lorenz in
# float64 and float32 and the neural ODE in float32 on CUDA, Lorenz in float64 on OpenCL), ACA_TIMEOUT (seconds per aca
# run, default 120). On a machine with several GPUs it runs on GPU 0; for
# another, set CUDA_VISIBLE_DEVICES=N: every program here (ours, aca, PyTorch, JAX) then sees that GPU as device 0.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=artifacts/gpu-bench
pack=artifacts/gpu-bench.tar.gz
B=${B:-8388608}
GRAD_B=${GRAD_B:-262144}
ROUNDS=${ROUNDS:-3}
BACKEND=${BACKEND:-auto}
OURS_TIMEOUT=${OURS_TIMEOUT:-180}
COMPARATOR_TIMEOUT=${COMPARATOR_TIMEOUT:-300}
ACA_B=${ACA_B:-1048576}
ACA_TIMEOUT=${ACA_TIMEOUT:-120}

if command -v dotnet >/dev/null 2>&1 && [ "${SKIP_PUBLISH:-0}" != 1 ]; then
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  echo "publishing the self-contained build into $build"
  rm -rf "$build"
  dotnet publish benchmarks/gpu/AcaKernels.GpuBench -c Release -r linux-x64 --self-contained -o "$build" -v quiet -nologo >/dev/null || exit 1
  # The AOT aca with its embedded PTX and OpenCL C, for a CPU that is not this one: AVX2 (x86-64-v3), which every
  # GPU server has; its CPU reference then runs without the AVX-512 lanes. Native AOT links with clang and zlib.
  echo "publishing the Native AOT aca into $build/aot (x86-64-v3)"
  dotnet publish src/AcaKernels.Cli -c Release -r linux-x64 -p:IlcInstructionSet=x86-64-v3 -o "$build/aot-publish" -v quiet -nologo >/dev/null || exit 1
  mkdir -p "$build/aot" && mv "$build/aot-publish/aca" "$build/aot/aca" && rm -rf "$build/aot-publish" || exit 1
  # The device tool carries at most 64 MiB: the folder (~85 MB) travels packed.
  tar -czf "$pack" -C artifacts gpu-bench || exit 1
  echo "packed $pack ($(du -m "$pack" | cut -f1) MB): carry it to the GPU machine"
  if [ "${1:-}" = --pack ]; then exit 0; fi
fi

bench="$build/AcaKernels.GpuBench"
aca="$build/aot/aca"
if [ ! -x "$bench" ] && [ -f "$pack" ]; then
  unpacked="${TMPDIR:-/tmp}/aca-gpu-check"
  rm -rf "$unpacked" && mkdir -p "$unpacked" && tar -xzf "$pack" -C "$unpacked" || exit 1
  bench="$unpacked/gpu-bench/AcaKernels.GpuBench"
  aca="$unpacked/gpu-bench/aot/aca"
fi
if [ ! -x "$bench" ]; then
  echo "error: no .NET SDK here and neither $build/ nor $pack: run 'benchmarks/gpu/check.sh --pack' on a machine with the SDK and bring $pack along." >&2
  exit 1
fi

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import torch" >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi

# Everything goes to $OUT as it is made (the log through tee, the TSV, the PTX): a run stopped by the device tool's time
# limit still hands back what it had. The stages share a time budget (BUDGET seconds, default 500: the device tool's
# limit is 540), the slowest and least essential last: ours, ptxas, the AOT aca, then the comparators.
started=$(date +%s)
BUDGET=${BUDGET:-500}
left() { echo $(( BUDGET - ($(date +%s) - started) )); }
limit() { local cap=$1 reserve=$2 rest; rest=$(( $(left) - reserve )); [ "$rest" -lt "$cap" ] && echo "$rest" || echo "$cap"; }
work=$(mktemp -d)
dest=${OUT:-$work}
mkdir -p "$dest"
log="$dest/gpu-check.txt"
{
  echo "GPU check, $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown); time budget ${BUDGET}s"
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
  command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/gpu: /'
  echo
  ours_limit=$(limit "$OURS_TIMEOUT" 120)
  [ "$ours_limit" -lt 60 ] && ours_limit=60  # ours always runs: it is the check
  DOTNET_TieredPGO=1 timeout "$ours_limit" "$bench" check --trajectories "$B" --rounds "$ROUNDS" --backend "$BACKEND" \
    --results "$dest/ours.tsv" --ptx "$dest/ptx" 2>&1 | tee "$work/ours.txt"
  ours=${PIPESTATUS[0]}
  [ "$ours" -eq 124 ] && echo "AcaKernels check: stopped after ${ours_limit}s"
  echo
  # The theoretical occupancy a register count allows at our 128 threads per block (GpuKernelSet.GroupSize), with the
  # sm_80/sm_90 limits: 65 536 registers and 64 warps per SM, registers allocated per warp in units of 256, at most 32
  # blocks per SM. No shared memory is used, so registers are the only limit.
  occupancy() {
    local regs
    regs=$(echo "$1" | grep -oE 'Used [0-9]+ registers' | grep -oE '[0-9]+' | head -n 1)
    [ -z "$regs" ] && return
    awk -v r="$regs" 'BEGIN { per_warp = int((r * 32 + 255) / 256) * 256; blocks = int(int(65536 / per_warp) / 4);
      if (blocks > 32) blocks = 32; warps = blocks * 4; if (warps > 64) warps = 64;
      printf "; occupancy %d%% (%d of 64 warps per SM at 128 threads per block)", 100 * warps / 64, warps }'
  }
  # Registers, stack frame (per-thread arrays in local memory) and spills of each kernel, from its PTX (issue 9 item 5).
  ptxas_bin=$(command -v ptxas || ls /usr/local/cuda/bin/ptxas 2>/dev/null | head -n 1)
  if [ -n "$ptxas_bin" ] && ls "$dest"/ptx/*.ptx >/dev/null 2>&1; then
    cap=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -d ' .')
    echo "ptxas -v, sm_${cap:-90} ($ptxas_bin):"
    for f in "$dest"/ptx/*.ptx; do
      report=$(timeout 30 "$ptxas_bin" -v -arch="sm_${cap:-90}" -o /dev/null "$f" 2>&1 | grep -E 'registers|stack frame|spill' | tr -s ' \n' ' ')
      echo "  $(basename "$f" .ptx): $report$(occupancy "$report")"
    done
  else
    echo "skipped: ptxas -v (no CUDA toolkit here)"
  fi
  echo
  # The question the first GPU run must answer (RESULTS.md §4): do the adaptive register kernels give the same bits twice?
  if grep -q "determinism: .*same bits  PASS" "$work/ours.txt"; then
    echo "register kernels deterministic on this device: YES (Dopri5 forward + ACA run twice, same bits; the adaptive rows ran them)"
  elif grep -q "determinism: .*MISMATCH" "$work/ours.txt"; then
    echo "register kernels deterministic on this device: NO (results differed between two runs; the adaptive rows ran the array kernels)"
  else
    echo "register kernels deterministic on this device: not checked (the check stopped before it, or the stepper has no register form)"
  fi
  # The multi-device solver's threads on this driver: two contexts of the one GPU, a thread each (RESULTS.md §65).
  grep -E "^  split: " "$work/ours.txt" || echo "split over two contexts: not checked (the check stopped before it)"
  echo
  # The Done-when item no JIT build covers: the Native AOT aca launching the kernels embedded in it.
  aca_status=0
  if [ -x "$aca" ]; then
    backends=${ACA_BACKENDS:-}
    if [ -z "$backends" ]; then
      nvidia-smi -L >/dev/null 2>&1 && backends=cuda
      { ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1 || [ "$BACKEND" = opencl ]; } && backends="$backends opencl"
    fi
    [ -z "$backends" ] && echo "skipped: aca ensemble on a GPU (no NVIDIA driver and no OpenCL ICD here)"
    # What the AOT binary sees through the drivers (each backend's devices, or why none), before it runs on them.
    timeout 30 "$aca" devices 2>&1 | sed 's/^/  /'
    for backend in $backends; do
      # float32 too on CUDA (the GPU's fast path), and the neural ODE's embedded kernels there (float32, θ of 162 shared);
      # NVIDIA's OpenCL runs Lorenz in float64 only, to keep within the budget.
      runs="lorenz:float64"
      [ "$backend" = cuda ] && runs="lorenz:float64 lorenz:float32 neural-ode:float32"
      runs=${ACA_RUNS:-$runs}
      for run in $runs; do
        system=${run%%:*} precision=${run#*:}
        aca_limit=$(limit "$ACA_TIMEOUT" 60)
        if [ "$aca_limit" -lt 20 ]; then
          echo "skipped: aca ensemble --system $system --backend $backend --precision $precision (the time budget is spent)"
          aca_status=1
          continue
        fi
        echo "aca ensemble --system $system --backend $backend --precision $precision -b $ACA_B (Native AOT, kernels embedded at build time):"
        timeout "$aca_limit" "$aca" ensemble --system "$system" --backend "$backend" --precision "$precision" -b "$ACA_B" --repeats "$ROUNDS" 2>&1 |
          sed 's/^/  /'
        rc=${PIPESTATUS[0]}
        [ "$rc" -eq 124 ] && echo "  stopped after ${aca_limit}s"
        echo "aca ensemble $system on $backend, $precision: $([ "$rc" -eq 0 ] && echo PASS || echo "FAIL (exit status $rc)")"
        [ "$rc" -ne 0 ] && aca_status=1
      done
    done
  else
    echo "skipped: aca ensemble (no $aca: run 'benchmarks/gpu/check.sh --pack' with the SDK)"
  fi
  echo
  if [ -n "$python" ]; then
    comparator_limit=$(limit "$COMPARATOR_TIMEOUT" 5)
    if [ "$comparator_limit" -lt 30 ]; then
      echo "skipped: comparators (the time budget is spent: ${comparator_limit}s left; raise BUDGET or lower B/ROUNDS)"
    else
      comparators=(--trajectories "$B" --grad-trajectories "$GRAD_B" --rounds "$ROUNDS")
      [ -f "$dest/ours.tsv" ] && comparators+=(--ours "$dest/ours.tsv")
      PYTHONUNBUFFERED=1 timeout "$comparator_limit" "$python" benchmarks/gpu/compare_gpu.py "${comparators[@]}"
      [ $? -eq 124 ] && echo "comparators: stopped after ${comparator_limit}s (the table is missing; the rows above were measured; lower B or ROUNDS)"
    fi
  else
    echo "skipped: comparators (no python3 with torch here; set PYTHON)"
  fi
  echo
  echo "exit status of the AcaKernels check: $ours (0: every check passed); of the AOT aca runs: $aca_status; $(( $(date +%s) - started ))s in all"
  [ "$ours" -ne 0 ] && exit "$ours"
  exit "$aca_status"
} 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
[ -n "${OUT:-}" ] && echo "written: $OUT/gpu-check.txt, $OUT/ours.tsv, $OUT/ptx/*.ptx"
rm -rf "$work"
exit "$status"
