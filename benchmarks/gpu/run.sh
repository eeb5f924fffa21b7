#!/usr/bin/env bash
# Times GpuEnsembleSolver on every backend present (ILGPU's CPU accelerator, OpenCL e.g. PoCL, CUDA) beside the CPU
# ensemble engine: Lorenz B in {1024, 65 536}, float64 and float32, forward solve and forward + ACA gradient, ns per
# accepted trajectory-step, engines interleaved, after a check of every engine against the CPU engine.
#
# One command on any machine:   benchmarks/gpu/run.sh [--rounds R] [--sizes ...] [--precisions ...] [--backends ...]
# With the .NET SDK it publishes a self-contained build into artifacts/gpu-bench first. Without it (a GPU machine),
# it runs the build found there: publish on a machine with the SDK, copy artifacts/gpu-bench/ (and this script) over.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=artifacts/gpu-bench
if command -v dotnet >/dev/null 2>&1; then
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet publish benchmarks/gpu/AcaKernels.GpuBench -c Release -r linux-x64 --self-contained -o "$out" -v quiet -nologo >/dev/null
fi
if [ ! -x "$out/AcaKernels.GpuBench" ]; then
  echo "error: no .NET SDK here and no build in $out: run this script on a machine with the SDK, then copy $out over." >&2
  exit 1
fi
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | sed 's/^/gpu: /'
exec "$out/AcaKernels.GpuBench" "$@"
