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

# The GPU ensemble tests run their kernels on OpenCL through PoCL (a CPU OpenCL driver) as well as on ILGPU's CPU
# accelerator: install the driver and the ICD loader (ILGPU loads libOpenCL.so) when missing.
ensure_opencl() {
  local missing=()
  for package in pocl-opencl-icd ocl-icd-opencl-dev; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} (OpenCL on the CPU, for the GPU ensemble tests)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      echo "warning: apt-get could not install ${missing[*]}; the OpenCL cases of AcaKernels.Gpu.Tests do not run" >&2
      echo "  (BackendTests.OpenCL_IsPresent is reported skipped). Install them by hand and run again." >&2
    fi
  else
    echo "warning: ${missing[*]} not installed and this script cannot install them (needs root and apt-get):" >&2
    echo "  run 'sudo apt-get install ${missing[*]}'; until then the OpenCL cases of AcaKernels.Gpu.Tests do not run." >&2
  fi
}
ensure_opencl

# The Fashion-MNIST tests and the classification experiment read the real data set from Debian's package
# (/usr/share/datasets/fashion-mnist); install it when missing.
ensure_fashion_mnist() {
  dpkg-query -W -f='${Status}' dataset-fashion-mnist 2>/dev/null | grep -q "install ok installed" && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing dataset-fashion-mnist (the images of the classification tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
  else
    echo "error: dataset-fashion-mnist is not installed and this script cannot install it (needs root and apt-get):" >&2
    echo "  run 'sudo apt-get install dataset-fashion-mnist' and run again." >&2
    exit 1
  fi
}
ensure_fashion_mnist

dotnet build AcaKernels.sln -c Release
# dotnet test runs the test projects in the solution's order, as many at a time as there are cores. The GPU tests come
# first in AcaKernels.sln: they run one at a time (one PoCL or ILGPU CPU accelerator fills the cores) and are the
# longest, so they start at once; the generator tests come last, their parallel classes filling both cores when the
# GPU tests end (on 2 cores the whole run took 8 min 31 s this way, 9 min 30 s in the old order: RESULTS.md §64).
dotnet test AcaKernels.sln -c Release --no-build

if [ -x tests/package-smoke/run.sh ]; then
  tests/package-smoke/run.sh
fi
echo "all tests passed"
