#!/usr/bin/env bash
# Side by side: the plain C++ Lorenz/Dopri5/ACA baseline and the C# engine (generated Lorenz, fused kernels),
# interleaved three times each so both see the same machine load. Prints each run and the ratio of medians.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
g++ -O3 -march=x86-64-v3 -o "$out/lorenz_aca" benchmarks/native/lorenz_aca.cpp
dotnet build -c Release benchmarks/AcaKernels.Benchmarks -v quiet -nologo >/dev/null
for i in 1 2 3; do
  "$out/lorenz_aca" | tail -1 | sed 's/^/C++ /' | tee -a "$out/log"
  dotnet benchmarks/AcaKernels.Benchmarks/bin/Release/net10.0/AcaKernels.Benchmarks.dll --lorenz-per-step | tail -1 | sed 's/^/C#  /' | tee -a "$out/log"
done
cpp=$(awk '/^C\+\+/ {print $7}' "$out/log" | sort -n | sed -n 2p)
cs=$(awk '/^C#/ {print $7}' "$out/log" | sort -n | sed -n 2p)
awk -v c="$cpp" -v s="$cs" 'BEGIN { printf "median C++ %.1f ns, C# %.1f ns per accepted step: C#/C++ = %.2f\n", c, s, s / c }'
rm -rf "$out"
