using System.Diagnostics;
using System.Numerics;
using AcaKernels.Cli.CommandLine;
using AcaKernels.Ensembles;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Native;
using AcaKernels.Solving;

namespace AcaKernels.Cli.Ensemble;

/// <summary>
/// `aca ensemble`: B Lorenz-63 trajectories (shared θ = (10, 28, 8/3), z₀ spread around (1, 1, 1), t ∈ [0, 1],
/// Dormand-Prince 5(4) at rtol 1e-6, atol 1e-8), L = Σ_b |z_b(1)|², solved and differentiated by ACA on the chosen
/// backend; prints the time per accepted trajectory-step (forward, and forward + gradient) and checks every
/// trajectory's z(1), ∂L/∂z₀ and the summed ∂L/∂θ against the CPU ensemble engine.
/// </summary>
internal static class EnsembleRun
{
    /// <summary>How far a GPU's results may be from the CPU engine's: |Δ| ≤ tol·max(1, |cpu|) elementwise, states 1e-9 and
    /// gradients 1e-8 (float64): the GPU tests' table (tests/AcaKernels.Gpu.Tests/Support/Tolerances.cs, where the
    /// numbers are justified: three orders above the rounding differences of the device's math, three below a changed
    /// accept/reject decision). The CPU engines (scalar and lanes) are compared bit for bit.</summary>
    public const double GpuStateTolerance = 1e-9, GpuGradientTolerance = 1e-8;

    /// <summary>The same for float32 states (time and steps stay float64): states 1e-4, gradients 1e-3, the GPU tests'
    /// float32 row (Tolerances.ForSingle: float's ulp is 6e-8, and the device's roundings move float32 step sizes far
    /// more than float64 ones). The GPU check measured 1.7e-6 and 2.2e-5 on an H200 at these tolerances (RESULTS §59).</summary>
    public const double GpuSingleStateTolerance = 1e-4, GpuSingleGradientTolerance = 1e-3;

    /// <summary>Accepted steps each trajectory may checkpoint: this problem takes at most 65 over [0, 1] from this spread
    /// at these tolerances (the CPU engine at B = 1 048 576); 128 leaves room for a device's rounding.</summary>
    public const int CheckpointSteps = 128;

    /// <summary>Bytes one trajectory's checkpoint of one accepted step takes: 3 doubles and (t, h).</summary>
    public const long CheckpointBytesPerStep = 3 * sizeof(double) + 2 * sizeof(double);

    /// <summary>Dormand-Prince 5(4) at rtol 1e-6, atol 1e-8; the gradient memory sized for B trajectories × <see cref="CheckpointSteps"/>
    /// (OdeOptions' default of 1 GiB for all trajectories together holds 26 steps each at B = 1 048 576, and every
    /// trajectory failed with a full checkpoint store on the H200, RESULTS §59).</summary>
    public static OdeOptions OptionsFor(int trajectories) => new()
    {
        RelativeTolerance = 1e-6,
        AbsoluteTolerance = 1e-8,
        GradientMemoryLimit = Math.Max(1L << 30, (long)trajectories * CheckpointSteps * CheckpointBytesPerStep),
    };

    public static int Run(EnsembleSettings settings, TextWriter output, TextWriter error) => settings.Precision == EnsemblePrecision.Float32
        ? Run<float>(settings, output, error)
        : Run<double>(settings, output, error);

    private static int Run<T>(EnsembleSettings settings, TextWriter output, TextWriter error) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = settings.Trajectories;
        T[] theta = [T.CreateTruncating(10.0), T.CreateTruncating(28.0), T.CreateTruncating(8.0 / 3.0)];
        double[] times = [0.0, 1.0];
        T[] z0 = InitialStates<T>(b);
        OdeOptions options = OptionsFor(b);
        string precision = typeof(T) == typeof(double) ? "float64" : "float32 (time float64)";
        output.WriteLine($"aca ensemble: {b:N0} Lorenz-63 trajectories in {precision}, θ = (10, 28, 8/3) shared, z0 spread around (1, 1, 1), t ∈ [0, 1],");
        output.WriteLine("   Dormand-Prince 5(4), rtol 1e-6, atol 1e-8, each trajectory its own adaptive steps; L = Σ_b |z_b(1)|², gradient by ACA;");
        output.WriteLine($"   checkpoint memory: at most {options.GradientMemoryLimit / 1e9:F2} GB (room for {CheckpointSteps} accepted steps of every trajectory).");

        EnsembleRunner<T> runner;
        try
        {
            runner = Open<T>(settings, b, options);
        }
        catch (GpuBackendUnavailableException e)
        {
            error.WriteLine($"aca ensemble: error: {InOptionsSpelling(e.Message)}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is NativeGpuException or InvalidOperationException)
        {
            error.WriteLine($"aca ensemble: error: {e.Message}");
            return ExitCodes.Failure;
        }
        using (runner)
        {
            output.WriteLine($"   backend {runner.Description}");
            output.WriteLine();
            Outcome measured = Measure(runner, z0, theta, times, settings.Repeats, output, error);
            if (measured.Failed) return ExitCodes.Failure;

            bool lanesReference = runner.IsGpu ? EnsembleBackendChoices.LanesPresent : settings.Backend != EnsembleBackendChoice.Lanes && EnsembleBackendChoices.LanesPresent;
            using EnsembleRunner<T> reference = EnsembleRunner.Cpu<T>(b, options, lanesReference, settings.Threads);
            Outcome expected = Measure(reference, z0, theta, times, 1, null, error);
            if (expected.Failed) return ExitCodes.Failure;
            (double state, double gradient) = !runner.IsGpu ? (0, 0)
                : typeof(T) == typeof(double) ? (GpuStateTolerance, GpuGradientTolerance) : (GpuSingleStateTolerance, GpuSingleGradientTolerance);
            return Check(measured, expected, state, gradient, reference.Description, output) ? ExitCodes.Success : ExitCodes.Failure;
        }
    }

    private static EnsembleRunner<T> Open<T>(EnsembleSettings settings, int b, OdeOptions options) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (settings.Backend)
        {
            case EnsembleBackendChoice.Cpu:
                return EnsembleRunner.Cpu<T>(b, options, lanes: false, settings.Threads);
            case EnsembleBackendChoice.Lanes:
                if (!EnsembleBackendChoices.LanesPresent)
                    throw new GpuBackendUnavailableException(GpuBackend.Auto,
                        "--backend lanes was requested, but Vector512 is not hardware-accelerated here: this CPU has no AVX-512, or this binary was " +
                        "built for a baseline instruction set (demo.sh builds for the machine it runs on). Use --backend cpu or auto.");
                return EnsembleRunner.Cpu<T>(b, options, lanes: true, settings.Threads);
            case EnsembleBackendChoice.Auto:
                try
                {
                    return EnsembleRunner.Gpu<T>(b, options, GpuBackend.Auto);
                }
                catch (GpuBackendUnavailableException)
                {
                    return EnsembleRunner.Cpu<T>(b, options, EnsembleBackendChoices.LanesPresent, settings.Threads);
                }
            default:
                return settings.Devices is [_, _, ..] several
                    ? EnsembleRunner.MultiGpu<T>(b, options, EnsembleBackendChoices.Gpu(settings.Backend), several)
                    : EnsembleRunner.Gpu<T>(b, options, EnsembleBackendChoices.Gpu(settings.Backend), settings.Devices?[0]);
        }
    }

    /// <summary>The library's message with the API's spellings (GpuBackend.Auto, DeviceIndex) as this command's options.</summary>
    internal static string InOptionsSpelling(string message) => message
        .Replace("GpuBackend.Auto", "--backend auto", StringComparison.Ordinal)
        .Replace("leave DeviceIndex unset", "leave --device out", StringComparison.Ordinal);

    private sealed record Outcome(bool Failed, double[] Outputs, double[] GradZ0, double[] GradTheta);

    private static Outcome Measure<T>(EnsembleRunner<T> runner, T[] initial, T[] parameters, double[] outputTimes, int repeats, TextWriter? output,
        TextWriter error) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = initial.Length / 3, rows = b * outputTimes.Length * 3;
        using HostBuffer<T> z0 = Filled(runner, initial), theta = Filled(runner, parameters);
        using HostBuffer<T> outputs = runner.Allocate(rows), seeds = runner.Allocate(rows), gradZ0 = runner.Allocate(initial.Length), gradTheta = runner.Allocate(3);
        double bestForward = double.MaxValue, bestBoth = double.MaxValue;
        EnsembleResult solve = default;
        GpuCallTimes? solveSplit = null, gradientSplit = null;
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            long start = Stopwatch.GetTimestamp();
            // The aggregate only (empty results spans), as a training loop calls: nothing here reads per-trajectory
            // results, and a failure's EnsembleResult names the first failed trajectory whole (RESULTS §62).
            solve = runner.Solve(z0.Span, theta.Span, outputTimes, outputs.Span, []);
            double forward = Stopwatch.GetElapsedTime(start).TotalSeconds;
            solveSplit = runner.LastCall?.Invoke();
            if (!solve.IsSuccess) return Failed(solve, error);
            // L = Σ_b |z_b(1)|²: seeds 2 z at the final time, 0 at t = 0.
            Span<T> z = outputs.Span, seed = seeds.Span;
            for (int i = 0; i < z.Length; i++) seed[i] = i / 3 % outputTimes.Length == outputTimes.Length - 1 ? z[i] + z[i] : T.Zero;
            EnsembleResult gradient = runner.Gradient(seeds.Span, gradZ0.Span, gradTheta.Span, []);
            double both = Stopwatch.GetElapsedTime(start).TotalSeconds;
            gradientSplit = runner.LastCall?.Invoke();
            if (!gradient.IsSuccess) return Failed(gradient, error);
            bestForward = Math.Min(bestForward, forward);
            bestBoth = Math.Min(bestBoth, both);
        }
        if (output is not null)
        {
            double steps = solve.AcceptedSteps;
            output.WriteLine($"   {"forward s",10} {"ns/step",8} {"fwd+ACA s",10} {"ns/step",8} {"steps",12} {"dL/dσ",16} {"dL/dρ",16} {"dL/dβ",16}");
            output.WriteLine($"   {bestForward,10:F4} {bestForward * 1e9 / steps,8:F1} {bestBoth,10:F4} {bestBoth * 1e9 / steps,8:F1} {solve.AcceptedSteps,12:N0} " +
                             $"{gradTheta.Span[0],16:E8} {gradTheta.Span[1],16:E8} {gradTheta.Span[2],16:E8}");
            output.WriteLine($"   (best of {repeats}; ns/step: per accepted trajectory-step, transfers included; aggregate results only" +
                             (runner.IsGpu ? $"; host arrays {(outputs.IsPageLocked ? "page-locked" : "not page-locked")})" : ")"));
            if (solveSplit is { } s && gradientSplit is { } g) output.WriteLine($"   last repeat: solve {s}; gradient {g}");
            output.WriteLine();
        }
        return new Outcome(false, Widened(outputs.Span), Widened(gradZ0.Span), Widened(gradTheta.Span));
    }

    private static double[] Widened<T>(Span<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = double.CreateTruncating(values[i]);
        return wide;
    }

    private static HostBuffer<T> Filled<T>(EnsembleRunner<T> runner, T[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        HostBuffer<T> buffer = runner.Allocate(values.Length);
        values.CopyTo(buffer.Span);
        return buffer;
    }

    private static Outcome Failed(EnsembleResult result, TextWriter error)
    {
        error.WriteLine($"aca ensemble: error: {result.Describe()}");
        return new Outcome(true, [], [], []);
    }

    private static bool Check(Outcome measured, Outcome expected, double stateTolerance, double gradientTolerance, string reference, TextWriter output)
    {
        (double z, bool zOk) = Difference(expected.Outputs, measured.Outputs, stateTolerance);
        (double g, bool gOk) = Difference(expected.GradZ0, measured.GradZ0, gradientTolerance);
        (double p, bool pOk) = Difference(expected.GradTheta, measured.GradTheta, gradientTolerance);
        bool ok = zOk && gOk && pOk;
        string bound = stateTolerance > 0 ? $"tolerance {stateTolerance:0E+0} states, {gradientTolerance:0E+0} gradients, relative" : "bit for bit";
        output.WriteLine($"   check against the {reference} ({bound}):");
        output.WriteLine($"     max |Δ z(1)| {z:0.0E+00}, max |Δ ∂L/∂z0| {g:0.0E+00}, max |Δ ∂L/∂θ| {p:0.0E+00} (each over max(1, |reference|)): " +
                         (ok ? "passed" : "FAILED"));
        return ok;
    }

    /// <summary>The largest |a − e| / max(1, |e|), and whether every element is within the tolerance (0: the same bits).</summary>
    private static (double Largest, bool Within) Difference(double[] expected, double[] actual, double tolerance)
    {
        double largest = 0;
        bool within = expected.Length == actual.Length;
        for (int i = 0; i < expected.Length && i < actual.Length; i++)
        {
            double e = expected[i], a = actual[i];
            double d = Math.Abs(a - e) / Math.Max(1, Math.Abs(e));
            if (double.IsNaN(d)) d = double.PositiveInfinity;
            largest = Math.Max(largest, d);
            within &= tolerance == 0 ? BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(e) : d <= tolerance;
        }
        return (largest, within);
    }

    /// <summary>The demo's deterministic spread around (1, 1, 1).</summary>
    private static T[] InitialStates<T>(int b) where T : IFloatingPointIeee754<T>
    {
        var z0 = new T[b * 3];
        for (int i = 0; i < b; i++)
        {
            z0[3 * i] = T.CreateTruncating(1.0 + 1e-5 * (i % 1000));
            z0[3 * i + 1] = T.CreateTruncating(1.0 + 2e-5 * (i % 777));
            z0[3 * i + 2] = T.CreateTruncating(1.0 + 3e-5 * (i % 555));
        }
        return z0;
    }
}
