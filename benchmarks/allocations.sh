#!/usr/bin/env bash
# 0 B confirmed by BenchmarkDotNet (issue 12: "every benchmark allocates 0 B in the measured operation, except where
# explained"): every Perf_* suite of benchmarks/AcaKernels.Benchmarks under [MemoryDiagnoser], in process, with a dry
# job (one jitting call, one warm-up call, one measured call, then BenchmarkDotNet's extra call that reads the
# process-wide precise allocation counter, worker threads included). A case that allocated runs again, up to five
# passes in all: the process-wide counter also catches a few kilobytes of other threads' or retired allocation
# contexts' now and then, while code that allocates does so on every call. Prints one table, suite / method /
# parameters -> bytes allocated per operation (the least reading) and every pass's reading; a row marked ! allocated
# in every pass (or did not run), and the script then exits 1. The times of a dry job are single cold calls and
# mean nothing: this measures allocations only. BenchmarkDotNet's own log goes to a file (its path is printed).
#
# Usage: benchmarks/allocations.sh [--full] [BenchmarkDotNet arguments, e.g. --filter '*Perf_Stepper*']
#   --full  also the cases with 10^6 trajectories (Perf_EnsembleScaling*: ~2.6 GB of checkpoints, tens of seconds
#           per call on this machine); without it they are left out (the table says so).
set -euo pipefail
cd "$(dirname "$0")/.."
log=${ALLOCATIONS_LOG:-$(mktemp -t aca-allocations.XXXXXX.log)}
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) logical processors); .NET SDK $(dotnet --version); $(date -u '+%Y-%m-%d %H:%M UTC')"
dotnet build -c Release benchmarks/AcaKernels.Benchmarks -v quiet -nologo >"$log" 2>&1 || { cat "$log"; exit 1; }
echo "loadavg before: $(cat /proc/loadavg)"
status=0
# BenchmarkDotNet writes its artifacts (reports, logs) under the working directory: keep them out of the repository.
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT
dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --allocations --artifacts "$artifacts" "$@" \
  >>"$log" 2>&1 || status=$?
echo "loadavg after:  $(cat /proc/loadavg)"
if ! grep -q '^== allocations ==$' "$log"; then
  echo "BenchmarkDotNet ended without a table (exit $status); its log: $log" >&2
  tail -30 "$log" >&2
  exit 1
fi
sed -n '/^== allocations ==$/,$p' "$log" | tail -n +2
echo "BenchmarkDotNet's log: $log"
exit "$status"
