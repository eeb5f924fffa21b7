using AcaKernels.Experiments.Common;
using AcaKernels.Gradients;

namespace AcaKernels.Experiments.Toy;

/// <summary>
/// The grid of the toy experiment: every α × T × tolerance × method. The defaults are the paper's: α = ±0.5,
/// T = 1 … 20, rtol = atol from 1e-3 to 1e-10, Dormand-Prince 5(4), z₀ = 1.
/// </summary>
/// <remarks>The experiment draws no random numbers (a fixed grid, a fixed z₀, analytic and complex-step
/// references), so it has no seed: a rerun gives the same errors bit for bit; only the timings vary.</remarks>
public sealed record ToySettings
{
    /// <summary>Rates α of dz/dt = αz.</summary>
    public IReadOnlyList<double> Alphas { get; init; } = [-0.5, 0.5];

    /// <summary>End times T (the solve runs on [0, T]).</summary>
    public IReadOnlyList<double> EndTimes { get; init; } = Enumerable.Range(1, 20).Select(t => (double)t).ToArray();

    /// <summary>Tolerances, used as both rtol and atol.</summary>
    public IReadOnlyList<double> Tolerances { get; init; } = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10];

    /// <summary>Gradient methods to compare.</summary>
    public IReadOnlyList<GradientMethod> Methods { get; init; } = MethodNames.All;

    /// <summary>Timed repeats of each solve + gradient (after one warm-up run); the fastest is reported.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Initial state z₀.</summary>
    public double InitialState { get; init; } = 1.0;

    /// <summary>Number of (α, T, tolerance, method) measurements the grid holds.</summary>
    public int Count => Alphas.Count * EndTimes.Count * Tolerances.Count * Methods.Count;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that cannot run and what to give instead.</summary>
    public void Validate()
    {
        if (Alphas.Count == 0 || EndTimes.Count == 0 || Tolerances.Count == 0 || Methods.Count == 0)
            throw new ArgumentException("the grid is empty; give at least one α, one end time, one tolerance and one method.");
        foreach (double alpha in Alphas)
            if (!double.IsFinite(alpha) || Math.Abs(alpha) > 10)
                throw new ArgumentException($"α = {alpha} is not in [-10, 10]; e^(αT) would leave double range or the run would take hours.");
        foreach (double t in EndTimes)
            if (!double.IsFinite(t) || t <= 0 || t > 1000)
                throw new ArgumentException($"end time T = {t} is not in (0, 1000]; give a positive end time.");
        foreach (double tol in Tolerances) SettingChecks.Tolerance(tol, "tolerance");
        foreach (GradientMethod method in Methods)
            if (!MethodNames.All.Contains(method))
                throw new ArgumentException($"method {method} computes no gradient; use aca, adjoint or naive.");
        if (Repeats < 1 || Repeats > 1000)
            throw new ArgumentException($"repeats = {Repeats} is not in [1, 1000].");
        if (!double.IsFinite(InitialState) || InitialState == 0)
            throw new ArgumentException($"z0 = {InitialState} must be finite and non-zero (relative errors divide by the gradient).");
        Unique(Alphas, "α");
        Unique(EndTimes, "end time");
        Unique(Tolerances, "tolerance");
        if (Methods.Distinct().Count() != Methods.Count)
            throw new ArgumentException("a method is given twice; name each once (or use all).");
        foreach (double alpha in Alphas)
            foreach (double t in EndTimes)
                if (Math.Abs(alpha * t) > 300)
                    throw new ArgumentException($"α·T = {alpha * t} leaves double range in e^(2αT); shorten T or reduce |α|.");
    }

    private static void Unique(IReadOnlyList<double> values, string what)
    {
        foreach (var group in values.GroupBy(v => v))
            if (group.Count() > 1)
                throw new ArgumentException($"{what} {group.Key} is given twice; each grid value once (the tables key on it).");
    }
}
