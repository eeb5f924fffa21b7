// The timing loop shared by the native Lorenz comparators; the C# side (`--lorenz-per-step`,
// benchmarks/AcaKernels.Benchmarks/NativeComparison.cs) runs the same one, so the numbers compare directly:
// 15 repetitions of 20 000 runs each, and the median over repetitions of the time per accepted step. The median
// (not the mean) because the machine is shared: a repetition hit by another process is an outlier, not a trend.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace timing {

constexpr int kRepetitions = 15, kRunsPerRepetition = 20000;

// Times `run` (one whole solve, or solve + gradient) and prints "<label>: median X ns per <unit> (min, max)": the
// median over `repetitions` of (time of `runsPerRepetition` runs) / runs / stepsPerRun. One warm-up run per timed run.
template <class Run>
void report(const char* label, long stepsPerRun, Run run, int runsPerRepetition, int repetitions, const char* unit) {
  for (int r = 0; r < runsPerRepetition; r++) run();  // warm caches and branch predictors, as the C# side warms the JIT
  std::vector<double> perStep;
  for (int rep = 0; rep < repetitions; rep++) {
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < runsPerRepetition; r++) run();
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    perStep.push_back(ns / runsPerRepetition / static_cast<double>(stepsPerRun));
  }
  std::sort(perStep.begin(), perStep.end());
  std::printf("%s: median %.1f ns per %s (min %.1f, max %.1f)\n", label, perStep[perStep.size() / 2], unit,
              perStep.front(), perStep.back());
}

// COMPARE_WINDOWS=1 (compare.sh passes it on): on a time-sliced, overloaded machine every 0.2 s repetition above
// shares the core, so the median measures the load. Short windows instead (kWindows × kRunsPerWindow, ~0.5 ms each,
// well under a scheduler slice) mostly run alone; the 5th percentile of the windows estimates the uncontended cost.
// Prints "<label>: p5 X ns per <unit> (min, median)". NativeComparison.cs does the same in C#.
constexpr int kWindows = 4000, kRunsPerWindow = 50, kWindowWarmUpRuns = 40000;

template <class Run>
void reportWindows(const char* label, long stepsPerRun, Run run, const char* unit) {
  for (int r = 0; r < kWindowWarmUpRuns; r++) run();
  std::vector<double> perStep;
  for (int w = 0; w < kWindows; w++) {
    auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < kRunsPerWindow; r++) run();
    double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
    perStep.push_back(ns / kRunsPerWindow / static_cast<double>(stepsPerRun));
  }
  std::sort(perStep.begin(), perStep.end());
  std::printf("%s: p5 %.1f ns per %s (min %.1f, median %.1f)\n", label, perStep[perStep.size() / 20], unit, perStep.front(),
              perStep[perStep.size() / 2]);
}

// The single-trajectory comparators' form: kRepetitions × kRunsPerRepetition, "ns per accepted step" (or the
// windows above when COMPARE_WINDOWS is set).
template <class Run>
void report(const char* label, int acceptedStepsPerRun, Run run) {
  const char* windows = std::getenv("COMPARE_WINDOWS");
  if (windows != nullptr && windows[0] == '1')
    reportWindows(label, acceptedStepsPerRun, run, "accepted step");
  else
    report(label, acceptedStepsPerRun, run, kRunsPerRepetition, kRepetitions, "accepted step");
}

}  // namespace timing
