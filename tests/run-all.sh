#!/usr/bin/env bash
# Runs every test of the solution in Release: the core engine, the source generator, and the package smoke test.
# Works on a fresh clone; needs the .NET 10 SDK (and installs the Debian packages later suites need, as root).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from https://dot.net and run again." >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The GPU tests run OpenCL kernels on PoCL (OpenCL on the CPU); ILGPU loads libOpenCL.so.
if [ ! -e /etc/OpenCL/vendors/pocl.icd ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq pocl-opencl-icd ocl-icd-opencl-dev
fi

dotnet build AcaKernels.sln -c Release
dotnet test AcaKernels.sln -c Release --no-build

if [ -x tests/package-smoke/run.sh ]; then
  tests/package-smoke/run.sh
fi
echo "all tests passed"
