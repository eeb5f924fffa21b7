// The timing loop shared by the native Lorenz comparators; the C# side (`--lorenz-per-step`,
// benchmarks/AcaKernels.Benchmarks/NativeComparison.cs) runs the same one, so the numbers compare directly:
// 15 repetitions of 20 000 runs each, and the median over repetitions of the time per accepted step. The median
// (not the mean) because the machine is shared: a repetition hit by another process is an outlier, not a trend.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace timing {

constexpr int kRepetitions = 15, kRunsPerRepetition = 20000;

// Times `run` (one whole solve, or solve + gradient) and prints "<label>: median X ns per accepted step (min, max)".
template <class Run>
void report(const char* label, int acceptedStepsPerRun, Run run) {
  for (int r = 0; r < kRunsPerRepetition; r++) run();  // warm caches and branch predictors, as the C# side warms the JIT
  std::vector<double> perStep;
  for (int rep = 0; rep < kRepetitions; rep++) {
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < kRunsPerRepetition; r++) run();
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    perStep.push_back(ns / kRunsPerRepetition / acceptedStepsPerRun);
  }
  std::sort(perStep.begin(), perStep.end());
  std::printf("%s: median %.1f ns per accepted step (min %.1f, max %.1f)\n", label, perStep[perStep.size() / 2],
              perStep.front(), perStep.back());
}

}  // namespace timing
