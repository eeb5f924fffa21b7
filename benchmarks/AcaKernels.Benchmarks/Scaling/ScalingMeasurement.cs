using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Benchmarks.Scaling;

/// <summary>
/// Measures one <see cref="ScalingSpec"/> in this process (the driver runs each point in a child of its own, so the
/// peak working set belongs to that point alone): builds the ensemble, solves and differentiates once (warm-up, and
/// the first call's allocations), repeats until the warm-up time has passed, then times forward and gradient
/// separately over the repetitions and takes medians. L = Σ z(t_end) over every trajectory.
/// </summary>
internal static class ScalingMeasurement
{
    /// <summary>Untimed calls last at least this long (tiered JIT swaps in optimised code from a background thread).</summary>
    private const double WarmupSeconds = 0.5;

    /// <summary>Timed repetitions stop after this many seconds (at least <see cref="MinRepetitions"/> are taken).</summary>
    private const double TimedSeconds = 3;

    private const int MinRepetitions = 3, MaxRepetitions = 15;

    public static ScalingPoint Run<T, TDynamics>(ScalingSpec spec, T[] z0, T[] theta, double tEnd)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TDynamics : IOdeDynamics<T>
    {
        int b = spec.Trajectories, n = TDynamics.StateSize;
        GradientMethod method = spec.Method switch
        {
            "aca" or "aca-chunked" => GradientMethod.Aca,
            "adjoint" => GradientMethod.Adjoint,
            "naive" => GradientMethod.Naive,
            "none" => GradientMethod.None,
            _ => throw new ArgumentException($"Unknown method '{spec.Method}': use aca, adjoint, naive or none."),
        };
        var options = new OdeOptions
        {
            RelativeTolerance = spec.RelativeTolerance,
            AbsoluteTolerance = spec.RelativeTolerance / 100,
            Gradient = method,
            // The default 1 GiB bounds all trajectories' checkpoints together; the sweep's own memory cap (the
            // driver's extrapolation from the previous point) decides where B stops instead.
            GradientMemoryLimit = long.MaxValue / 4,
        };
        var ensembleOptions = new EnsembleOptions
        {
            WorkerCount = spec.Workers,
            Vectorize = spec.Backend == "scalar" ? EnsembleVectorization.Never : EnsembleVectorization.Auto,
        };
        double[] times = [0.0, tEnd];

        GC.Collect();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var solver = new EnsembleSolver<T, TDynamics>(b, options, ensembleOptions);
        if (spec.Backend == "lanes" && !solver.IsVectorized)
            throw new InvalidOperationException(
                $"The lane engine does not run {spec.Series} here (it needs double, ACA or no gradient, and AVX-512).");
        var outputs = new T[b * 2 * n];
        var seeds = new T[outputs.Length];
        for (int i = 0; i < b; i++) seeds.AsSpan((2 * i + 1) * n, n).Fill(T.One);
        var gradZ0 = new T[b * n];
        var gradTheta = new T[theta.Length];
        var results = new SolveResult[b];
        var gradientResults = new GradientResult[b];
        // aca-chunked: one SolveAndGradient call does forward and gradient chunk by chunk; it is timed as the
        // "forward" (ForwardMs holds the whole call, GradientMs is 0), the same L = Σ z(t_end).
        bool chunked = spec.Method == "aca-chunked";
        bool differentiates = method != GradientMethod.None && !chunked;
        var loss = new EndStateSumLoss<T>();

        void Forward()
        {
            if (chunked) solver.SolveAndGradient(z0, theta, times, outputs, results, ref loss, gradZ0, gradTheta, gradientResults).ThrowIfFailed();
            else solver.Solve(z0, theta, times, outputs, results).ThrowIfFailed();
        }

        void Gradient() => solver.Gradient(seeds, gradZ0, gradTheta, gradientResults).ThrowIfFailed();

        Forward();
        if (differentiates) Gradient();
        long firstCall = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        long warmupStart = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < WarmupSeconds)
        {
            Forward();
            if (differentiates) Gradient();
        }

        long steadyBefore = GC.GetTotalAllocatedBytes(precise: true);
        Forward();
        if (differentiates) Gradient();
        long steady = GC.GetTotalAllocatedBytes(precise: true) - steadyBefore;

        var forwardMs = new List<double>();
        var gradientMs = new List<double>();
        long timedStart = Stopwatch.GetTimestamp();
        while (forwardMs.Count < MinRepetitions
               || (forwardMs.Count < MaxRepetitions && Stopwatch.GetElapsedTime(timedStart).TotalSeconds < TimedSeconds))
        {
            long start = Stopwatch.GetTimestamp();
            Forward();
            forwardMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!differentiates) continue;
            start = Stopwatch.GetTimestamp();
            Gradient();
            gradientMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        long accepted = 0, rejected = 0, reported = 0, formula = 0;
        long bytesPerCheckpoint = 2 * sizeof(double) + (long)n * Unsafe.SizeOf<T>();
        for (int i = 0; i < b; i++)
        {
            SolverStatistics s = differentiates ? gradientResults[i].Statistics : results[i].Statistics;
            accepted += s.AcceptedSteps;
            rejected += s.RejectedSteps;
            reported += s.GradientMemoryBytes;
            formula += s.AcceptedSteps * bytesPerCheckpoint;
        }
        return new ScalingPoint
        {
            Spec = spec,
            StateSize = n,
            AcceptedSteps = accepted,
            RejectedSteps = rejected,
            StepsPerTrajectory = (double)accepted / b,
            ForwardMs = Median(forwardMs),
            GradientMs = differentiates ? Median(gradientMs) : 0,
            Repetitions = forwardMs.Count,
            ReportedGradientBytes = reported,
            FormulaBytes = method == GradientMethod.Aca ? formula : 0,
            CheckpointAllocatedBytes = solver.CheckpointBytesAllocated,
            FirstCallAllocatedBytes = firstCall,
            SteadyAllocatedBytes = steady,
            PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            Vectorized = solver.IsVectorized,
        };
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int count = values.Count;
        return count % 2 == 1 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
    }
}
