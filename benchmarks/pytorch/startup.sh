#!/usr/bin/env bash
# Start-up to first result (issue 12, item 6; goal <= 20 ms): process launch to exit of
#   aca-startup   benchmarks/AcaKernels.Startup published Native AOT like `aca` (this CPU's instruction set): one
#                 Lorenz-63 solve (Dopri5 rtol 1e-6, atol 1e-8, t in [0, 1]) and its ACA gradient, printed
#   torch         python3 benchmarks/pytorch/startup_torch.py: import torch, the same solve and gradient (naive
#                 autograd through dopri5_batch.py), printed the same way
# and, to show where the time goes: `python3 -c "import torch"`, `python3 -c pass`, and `aca --help` when the `aca`
# tool has been built (artifacts/aca/aca, by src/AcaKernels.Cli/demo.sh). Launches are interleaved, N rounds
# (default 21); medians. Needs clang or gcc and zlib1g-dev for Native AOT (installed as root when missing) and
# Debian's python3-torch (compare.sh installs it).
#
# Usage: benchmarks/pytorch/startup.sh [N]   (env: PYTHON, default /usr/bin/python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-21}
python=${PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "error: $python cannot import torch: run benchmarks/pytorch/compare.sh once (it installs Debian's python3-torch)" >&2
  echo "  or 'sudo apt-get install python3-torch', or set PYTHON." >&2
  exit 1
fi
missing=()
command -v clang >/dev/null 2>&1 || command -v clang-14 >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if ((${#missing[@]})); then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "error: Native AOT needs ${missing[*]}: install them (sudo apt-get install ${missing[*]}) and run again." >&2
    exit 1
  fi
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet publish benchmarks/AcaKernels.Startup -c Release -r linux-x64 -o artifacts/startup -v quiet -nologo >/dev/null

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
echo "aca-startup: $(du -h artifacts/startup/aca-startup | cut -f1); $("$python" -c 'import sys, torch; print(f"Python {sys.version.split()[0]}, torch {torch.__version__}")')"
commands=("aca-startup=artifacts/startup/aca-startup" "torch=$python benchmarks/pytorch/startup_torch.py"
  "python -c 'import torch'=$python -c 'import torch'" "python -c pass=$python -c pass")
[ -x artifacts/aca/aca ] && commands+=("aca --help=artifacts/aca/aca --help")
echo "loadavg before: $(cat /proc/loadavg)"
"$python" benchmarks/pytorch/startup_timer.py "$n" "${commands[@]}"
echo "loadavg after:  $(cat /proc/loadavg)"
