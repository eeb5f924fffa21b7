using System.Diagnostics;
using System.Numerics;
using AcaKernels.Cli.CommandLine;
using AcaKernels.Cli.Ensemble.Systems;
using AcaKernels.Ensembles;
using AcaKernels.Gpu;
using AcaKernels.Gpu.Native;
using AcaKernels.Solving;

namespace AcaKernels.Cli.Ensemble;

/// <summary>
/// `aca ensemble`: B trajectories of one system (<see cref="EnsembleSystem"/>: Lorenz-63 by default, the three-body
/// problem or a neural ODE; θ shared, z₀ spread, Dormand-Prince 5(4) at the system's tolerances), L = Σ_b |z_b(t_end)|²,
/// solved and differentiated by ACA on the chosen backend; prints the time per accepted trajectory-step (forward, and
/// forward + gradient) and checks every trajectory's z(t_end), ∂L/∂z₀ and the summed ∂L/∂θ against the CPU ensemble engine.
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

    public static int Run(EnsembleSettings settings, TextWriter output, TextWriter error) => settings.Precision == EnsemblePrecision.Float32
        ? Run<float>(settings, output, error)
        : Run<double>(settings, output, error);

    private static int Run<T>(EnsembleSettings settings, TextWriter output, TextWriter error) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = settings.Trajectories;
        EnsembleSystem system = settings.System;
        EnsembleEngines<T> engines = system.Engines<T>();
        T[] theta = system.Theta<T>();
        double[] times = system.Times;
        T[] z0 = system.InitialStates<T>(b);
        OdeOptions options = system.OptionsFor(b);
        string precision = typeof(T) == typeof(double) ? "float64" : "float32 (time float64)";
        string end = times[^1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"aca ensemble: {b:N0} {system.Title} trajectories in {precision}, {system.Setup}, t ∈ [0, {end}],");
        output.WriteLine($"   Dormand-Prince 5(4), rtol {system.RelativeTolerance:0e-0}, atol {system.AbsoluteTolerance:0e-0}, each trajectory its own " +
                         $"adaptive steps; L = Σ_b |z_b({end})|², gradient by ACA;");
        output.WriteLine($"   checkpoint memory: at most {options.GradientMemoryLimit / 1e9:F2} GB (room for {system.CheckpointSteps} accepted steps of every trajectory).");

        EnsembleRunner<T> runner;
        try
        {
            runner = Open(settings, engines, b, options);
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
            Outcome measured = Measure(runner, system, z0, theta, times, settings.Repeats, output, error);
            if (measured.Failed) return ExitCodes.Failure;

            // The other CPU engine checks a CPU run (lanes against scalar and back); a GPU run is checked against the faster one.
            bool lanesReference = EnsembleBackendChoices.LanesPresent && (runner.IsGpu || !runner.IsLanes);
            using EnsembleRunner<T> reference = engines.Cpu(b, options, lanesReference, settings.Threads);
            Outcome expected = Measure(reference, system, z0, theta, times, 1, null, error);
            if (expected.Failed) return ExitCodes.Failure;
            (double state, double gradient) = !runner.IsGpu ? (0, 0)
                : typeof(T) == typeof(double) ? (GpuStateTolerance, GpuGradientTolerance) : (GpuSingleStateTolerance, GpuSingleGradientTolerance);
            return Check(measured, expected, state, gradient, reference.Description, output) ? ExitCodes.Success : ExitCodes.Failure;
        }
    }

    private static EnsembleRunner<T> Open<T>(EnsembleSettings settings, EnsembleEngines<T> engines, int b, OdeOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (settings.Backend)
        {
            case EnsembleBackendChoice.Cpu:
                return engines.Cpu(b, options, lanes: false, settings.Threads);
            case EnsembleBackendChoice.Lanes:
                if (!EnsembleBackendChoices.LanesPresent)
                    throw new GpuBackendUnavailableException(GpuBackend.Auto,
                        "--backend lanes was requested, but Vector512 is not hardware-accelerated here: this CPU has no AVX-512, or this binary was " +
                        "built for a baseline instruction set (demo.sh builds for the machine it runs on). Use --backend cpu or auto.");
                return engines.Cpu(b, options, lanes: true, settings.Threads);
            case EnsembleBackendChoice.Auto:
                return EnsembleBackendChoices.AutoGpu() is { } gpu
                    ? engines.Gpu(b, options, gpu.Backend, null)
                    : engines.Cpu(b, options, EnsembleBackendChoices.LanesPresent, settings.Threads);
            default:
                return settings.Devices is [_, _, ..] several
                    ? engines.MultiGpu(b, options, EnsembleBackendChoices.Gpu(settings.Backend), several)
                    : engines.Gpu(b, options, EnsembleBackendChoices.Gpu(settings.Backend), settings.Devices?[0]);
        }
    }

    /// <summary>The library's message with the API's spellings (GpuBackend.Auto, DeviceIndex) as this command's options.</summary>
    internal static string InOptionsSpelling(string message) => message
        .Replace("GpuBackend.Auto", "--backend auto", StringComparison.Ordinal)
        .Replace("leave DeviceIndex unset", "leave --device out", StringComparison.Ordinal);

    private sealed record Outcome(bool Failed, double[] Outputs, double[] GradZ0, double[] GradTheta);

    private static Outcome Measure<T>(EnsembleRunner<T> runner, EnsembleSystem system, T[] initial, T[] parameters, double[] outputTimes, int repeats,
        TextWriter? output, TextWriter error) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = system.StateSize, b = initial.Length / n, rows = b * outputTimes.Length * n;
        using HostBuffer<T> z0 = Filled(runner, initial), theta = Filled(runner, parameters);
        using HostBuffer<T> outputs = runner.Allocate(rows), seeds = runner.Allocate(rows), gradZ0 = runner.Allocate(initial.Length),
            gradTheta = runner.Allocate(parameters.Length);
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
            // L = Σ_b |z_b(t_end)|²: seeds 2 z at the final time, 0 at t = 0.
            Span<T> z = outputs.Span, seed = seeds.Span;
            for (int i = 0; i < z.Length; i++) seed[i] = i / n % outputTimes.Length == outputTimes.Length - 1 ? z[i] + z[i] : T.Zero;
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
            (string[] names, double[] values) = ParameterColumns(system, gradTheta.Span);
            output.WriteLine($"   {"forward s",10} {"ns/step",8} {"fwd+ACA s",10} {"ns/step",8} {"steps",12}" + string.Concat(names.Select(c => $" {c,16}")));
            output.WriteLine($"   {bestForward,10:F4} {bestForward * 1e9 / steps,8:F1} {bestBoth,10:F4} {bestBoth * 1e9 / steps,8:F1} {solve.AcceptedSteps,12:N0}" +
                             string.Concat(values.Select(v => $" {v,16:E8}")));
            output.WriteLine($"   (best of {repeats}; ns/step: per accepted trajectory-step, transfers included; aggregate results only" +
                             (runner.IsGpu ? $"; host arrays {(outputs.IsPageLocked ? "page-locked" : "not page-locked")})" : ")"));
            if (solveSplit is { } s && gradientSplit is { } g) output.WriteLine($"   last repeat: solve {s}; gradient {g}");
            output.WriteLine();
        }
        return new Outcome(false, Widened(outputs.Span), Widened(gradZ0.Span), Widened(gradTheta.Span));
    }

    /// <summary>The report's gradient columns: ∂L/∂θ_k by name, or ‖∂L/∂θ‖₂ where θ is too long to print.</summary>
    private static (string[] Names, double[] Values) ParameterColumns<T>(EnsembleSystem system, Span<T> gradTheta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] wide = Widened(gradTheta);
        return system.ParameterNames is { } names
            ? (names.Select(name => $"dL/d{name}").ToArray(), wide)
            : (["‖dL/dθ‖₂"], [Math.Sqrt(wide.Sum(g => g * g))]);
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
}
