using System.Globalization;
using AcaKernels.Ensembles;

namespace AcaKernels.Benchmarks;

/// <summary>
/// `--ensemble-target SYSTEM ENGINE WORKERS [REPETITIONS] [TRAJECTORIES]`: one side of benchmarks/ensemble-targets.sh,
/// which interleaves the sides to measure issue 8's ensemble figures. SYSTEM is <c>lorenz</c>, <c>three-body</c>,
/// <c>three-body-pow</c>, <c>log-lotka-volterra</c>, <c>log-oscillator</c>, <c>kuramoto</c>, <c>repressilator</c> or <c>friction</c>
/// (<see cref="EnsembleSetup"/>: Dopri5, rtol 1e-6, atol 1e-8, float64, shared θ), ENGINE <c>lanes</c> (the SIMD
/// lane engine; an error on a CPU without it) or <c>scalar</c> (one trajectory at a time), WORKERS the worker threads,
/// REPETITIONS the timed runs (default 7), TRAJECTORIES B (default 65 536). Prints what it ran, the summary of
/// <see cref="EnsembleRunReport.PrintSummary"/> (the script checks every side of a system prints the same), then
/// the medians of forward and forward + ACA gradient in wall-clock ns per accepted trajectory-step.
/// </summary>
internal static class EnsembleTarget
{
    private const string Usage =
        "--ensemble-target SYSTEM ENGINE WORKERS [REPETITIONS] [TRAJECTORIES]: SYSTEM is lorenz, three-body, three-body-pow, log-lotka-volterra, log-oscillator, kuramoto, repressilator or friction, ENGINE lanes or scalar, " +
        "WORKERS, REPETITIONS (default 7) and TRAJECTORIES (default 65536) positive integers.";

    /// <summary>Runs one side; returns the exit code (2 for bad arguments or a CPU without the lane engine).</summary>
    public static int Run(ReadOnlySpan<string> args)
    {
        int workers = 0, repetitions = 7, trajectories = 65536;
        EnsembleSystem system = default;
        EnsembleVectorization engine = default;
        if (args.Length is < 3 or > 5
            || !TryParseSystem(args[0], out system) || !TryParseEngine(args[1], out engine)
            || !EnsembleComparison.TryPositive(args[2], out workers)
            || (args.Length > 3 && !EnsembleComparison.TryPositive(args[3], out repetitions))
            || (args.Length > 4 && !EnsembleComparison.TryPositive(args[4], out trajectories)))
        {
            Console.Error.WriteLine(Usage);
            Console.Error.WriteLine($"Got: {string.Join(' ', args.ToArray())}");
            return 2;
        }
        using var forward = new EnsembleSetup(system, trajectories, workers, gradient: false, engine);
        using var gradient = new EnsembleSetup(system, trajectories, workers, gradient: true, engine);
        if (engine == EnsembleVectorization.Auto && !gradient.IsVectorized)
        {
            Console.Error.WriteLine($"The lane engine does not run here for {args[0]} (it needs AVX-512, Vector512.IsHardwareAccelerated, " +
                "and lane kernels for the system): nothing to compare. Run the scalar sides only, or on a CPU with AVX-512.");
            return 2;
        }
        EnsembleResult result = gradient.ForwardAndGradient();
        result.ThrowIfFailed();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[0]}, B = {trajectories}, {args[1]} engine, {workers} worker thread(s), {repetitions} timed runs"));
        EnsembleRunReport.PrintSummary(gradient, result, $"z({gradient.EndTime.ToString(CultureInfo.InvariantCulture)})");
        EnsembleRunReport.Report("forward", result.AcceptedSteps, repetitions, () => forward.Forward());
        EnsembleRunReport.Report("forward + ACA gradient", result.AcceptedSteps, repetitions, () => gradient.ForwardAndGradient());
        return 0;
    }

    private static bool TryParseSystem(string text, out EnsembleSystem system)
    {
        system = text switch
        {
            "three-body" => EnsembleSystem.ThreeBody,
            "three-body-pow" => EnsembleSystem.ThreeBodyPow,
            "log-lotka-volterra" => EnsembleSystem.LogLotkaVolterra,
            "log-oscillator" => EnsembleSystem.LogOscillator,
            "kuramoto" => EnsembleSystem.KuramotoRing,
            "repressilator" => EnsembleSystem.Repressilator,
            "friction" => EnsembleSystem.FrictionOscillators,
            _ => EnsembleSystem.Lorenz,
        };
        return text is "lorenz" or "three-body" or "three-body-pow" or "log-lotka-volterra" or "log-oscillator" or "kuramoto" or "repressilator" or "friction";
    }

    private static bool TryParseEngine(string text, out EnsembleVectorization engine)
    {
        engine = text == "scalar" ? EnsembleVectorization.Never : EnsembleVectorization.Auto;
        return text is "lanes" or "scalar";
    }
}
