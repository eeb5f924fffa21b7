using System.Diagnostics;
using AcaKernels.Experiments.Common;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Experiments.Toy;

/// <summary>
/// `aca toy`: dz/dt = αz, L = z(T)², over the grid of <see cref="ToySettings"/>. For each (α, T, tolerance) an
/// ACA solve supplies the accepted steps for the discrete reference (<see cref="DiscreteGradient"/>); every
/// method then solves and differentiates the same problem with the same options (so it takes the same forward
/// steps) and is compared with the analytic and the discrete gradient.
/// </summary>
public static class ToyExperiment
{
    /// <summary>Runs the grid. Stops between cells when <paramref name="cancel"/> fires and returns the cells
    /// finished so far (<see cref="ToyReport.Completed"/> = false).</summary>
    /// <param name="settings">The grid; validated first.</param>
    /// <param name="progress">Called after each cell with the cells done, the total and the cell.</param>
    /// <param name="cancel">Stops the run between cells.</param>
    public static ToyReport Run(ToySettings settings, Action<int, int, ToyMeasurement>? progress = null,
        CancellationToken cancel = default)
    {
        settings.Validate();
        RunInfo run = RunInfo.Capture();
        var measurements = new List<ToyMeasurement>(settings.Count);
        bool completed = true;
        foreach (var (alpha, endTime, tolerance) in GridPoints(settings))
        {
            if (cancel.IsCancellationRequested) { completed = false; break; }
            var reference = Reference(settings, alpha, endTime, tolerance);
            foreach (GradientMethod method in settings.Methods)
            {
                ToyMeasurement cell = Measure(settings, alpha, endTime, tolerance, method, reference);
                measurements.Add(cell);
                progress?.Invoke(measurements.Count, settings.Count, cell);
            }
        }
        return new ToyReport
        {
            Run = run, Completed = completed, Tableau = Options(1e-6, GradientMethod.Aca).EffectiveTableau.Name,
            InitialState = settings.InitialState, Alphas = settings.Alphas, EndTimes = settings.EndTimes,
            Tolerances = settings.Tolerances, Methods = settings.Methods.Select(MethodNames.Name).ToArray(),
            Repeats = settings.Repeats, Measurements = measurements,
        };
    }

    /// <summary>(α, T, tolerance) in grid order: α, then T, then tolerance.</summary>
    private static IEnumerable<(double Alpha, double EndTime, double Tolerance)> GridPoints(ToySettings settings) =>
        from alpha in settings.Alphas from endTime in settings.EndTimes from tolerance in settings.Tolerances
        select (alpha, endTime, tolerance);

    private static OdeOptions Options(double tolerance, GradientMethod method) =>
        new() { RelativeTolerance = tolerance, AbsoluteTolerance = tolerance, Gradient = method };

    /// <summary>The discrete gradient of the solve this (α, T, tolerance) takes, or null if the solve fails.</summary>
    private static DiscreteReference? Reference(
        ToySettings settings, double alpha, double endTime, double tolerance)
    {
        var solver = new OdeSolver<double, ToyDecay.RhsOde>(Options(tolerance, GradientMethod.Aca));
        var outputs = new double[2];
        if (!solver.Solve([settings.InitialState], [alpha], [0.0, endTime], outputs).IsSuccess) return null;
        ButcherTableau tableau = solver.Options.EffectiveTableau;
        var discrete = DiscreteGradient.Compute(tableau, solver.AcceptedSteps.Steps, settings.InitialState, alpha);
        return new DiscreteReference(discrete.GradientZ0, discrete.GradientAlpha);
    }

    private static ToyMeasurement Measure(ToySettings settings, double alpha, double endTime, double tolerance,
        GradientMethod method, DiscreteReference? reference)
    {
        var solver = new OdeSolver<double, ToyDecay.RhsOde>(Options(tolerance, method));
        double[] z0 = [settings.InitialState], p = [alpha], times = [0.0, endTime];
        double[] outputs = new double[2], seeds = new double[2], gradZ0 = new double[1], gradAlpha = new double[1];
        double bestSolve = double.PositiveInfinity, bestGradient = double.PositiveInfinity;
        GradientResult gradient = default;
        for (int repeat = 0; repeat <= settings.Repeats; repeat++)   // repeat 0 warms up and is not timed
        {
            long start = Stopwatch.GetTimestamp();
            SolveResult solve = solver.Solve(z0, p, times, outputs);
            double solveTime = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (!solve.IsSuccess) return Failed(alpha, endTime, tolerance, method, solve);
            seeds[1] = 2 * outputs[1];   // ∂L/∂z(T) for L = z(T)²; nothing at t = 0
            start = Stopwatch.GetTimestamp();
            gradient = solver.Gradient(seeds, gradZ0, gradAlpha);
            double gradientTime = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (!gradient.IsSuccess) return Failed(alpha, endTime, tolerance, method, gradient.Result);
            if (repeat == 0) continue;
            bestSolve = Math.Min(bestSolve, solveTime);
            bestGradient = Math.Min(bestGradient, gradientTime);
        }
        double exactState = ToyExact.State(z0[0], alpha, endTime);
        double exactZ0 = ToyExact.GradientZ0(z0[0], alpha, endTime), exactAlpha = ToyExact.GradientAlpha(z0[0], alpha, endTime);
        SolverStatistics stats = gradient.Statistics;
        return new ToyMeasurement
        {
            Alpha = alpha, EndTime = endTime, Tolerance = tolerance, Method = MethodNames.Name(method), Status = "Success",
            StateError = Relative(outputs[1], exactState),
            GradientZ0 = Finite(gradZ0[0]), GradientAlpha = Finite(gradAlpha[0]),
            ErrorZ0VsAnalytic = Relative(gradZ0[0], exactZ0), ErrorAlphaVsAnalytic = Relative(gradAlpha[0], exactAlpha),
            ErrorZ0VsDiscrete = reference is { } r ? Relative(gradZ0[0], r.GradientZ0) : null,
            ErrorAlphaVsDiscrete = reference is { } q ? Relative(gradAlpha[0], q.GradientAlpha) : null,
            AcceptedSteps = stats.AcceptedSteps, RejectedSteps = stats.RejectedSteps,
            ForwardEvaluations = stats.ForwardEvaluations, BackwardEvaluations = stats.BackwardEvaluations,
            BackwardVjps = stats.BackwardVjps, GradientMemoryBytes = stats.GradientMemoryBytes,
            SolveMicroseconds = bestSolve, GradientMicroseconds = bestGradient,
        };
    }

    /// <summary>|value − reference| / |reference|, or null when that is not a number (JSON has no NaN or ∞).</summary>
    private static double? Relative(double value, double reference) =>
        Math.Abs(value - reference) / Math.Abs(reference) is var error && double.IsFinite(error) ? error : null;

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>∂L/∂z₀ and ∂L/∂α of the discrete solve (<see cref="DiscreteGradient"/>).</summary>
    private readonly record struct DiscreteReference(double GradientZ0, double GradientAlpha);

    private static ToyMeasurement Failed(double alpha, double endTime, double tolerance, GradientMethod method, SolveResult result) =>
        new() { Alpha = alpha, EndTime = endTime, Tolerance = tolerance, Method = MethodNames.Name(method), Status = result.Describe() };
}
