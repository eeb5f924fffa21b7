#!/usr/bin/env bash
# Builds the `aca` tool as a Native AOT binary (artifacts/aca/aca) and runs its demo.
# Native AOT links with clang (or gcc) against zlib: installs them from Debian's packages when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from https://dot.net and run again." >&2
  exit 1
fi
missing=()
command -v clang >/dev/null 2>&1 || command -v clang-14 >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "error: Native AOT needs: ${missing[*]} (install them, e.g. 'sudo apt-get install ${missing[*]}')." >&2
    exit 1
  fi
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet publish src/AcaKernels.Cli -c Release -r linux-x64 -o artifacts/aca -v quiet -nologo
exec artifacts/aca/aca demo "$@"
