using System.Diagnostics;
using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.Training;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// Fits the three masses with one gradient method: each epoch solves from z₀ with the current masses, evaluates
/// the loss against the observations, differentiates it with the method and takes one Adam step, then decays the
/// learning rate. The solver, its buffers and the optimiser are made once; the epochs allocate only their log.
/// </summary>
public static class ThreeBodyFitter
{
    /// <summary>Runs <see cref="ThreeBodySettings.Epochs"/> epochs (fewer when <paramref name="cancel"/> fires
    /// between two, or when a solve fails: <see cref="ThreeBodyFit.Status"/> then says why).</summary>
    /// <param name="onEpoch">Called after each epoch.</param>
    public static ThreeBodyFit Fit(ThreeBodySettings settings, GradientMethod method, double[] times, ThreeBodyLoss loss,
        IReadOnlyList<double> startMasses, Action<ThreeBodyEpoch>? onEpoch = null, CancellationToken cancel = default)
    {
        var solver = new OdeSolver<double, ThreeBodyDynamics.RhsOde>(Options(settings.Tolerance, method));
        var adam = new Adam(3, settings.Optimiser);
        double[] z0 = [.. ThreeBodySystem.InitialState], masses = [.. startMasses];
        double[] outputs = new double[times.Length * ThreeBodyDynamics.StateSize], seeds = new double[outputs.Length];
        double[] gradZ0 = new double[ThreeBodyDynamics.StateSize], gradMasses = new double[3];
        var log = new List<ThreeBodyEpoch>(settings.Epochs);
        double solveTotal = 0, gradientTotal = 0;
        string status = "Success";
        SolverStatistics last = default;
        long fitStart = Stopwatch.GetTimestamp();

        for (int epoch = 0; epoch < settings.Epochs && !cancel.IsCancellationRequested; epoch++)
        {
            long start = Stopwatch.GetTimestamp();
            SolveResult solve = solver.Solve(z0, masses, times, outputs);
            solveTotal += Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (!solve.IsSuccess) { status = solve.Describe(); break; }
            double value = loss.Evaluate(outputs, seeds);
            start = Stopwatch.GetTimestamp();
            GradientResult gradient = solver.Gradient(seeds, gradZ0, gradMasses);
            gradientTotal += Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (!gradient.IsSuccess) { status = gradient.Result.Describe(); break; }
            last = gradient.Statistics;
            if (!gradMasses.All(double.IsFinite)) { status = $"the {MethodNames.Name(method)} gradient is not finite at epoch {epoch + 1}"; break; }

            adam.LearningRate = settings.Optimiser.LearningRateAt(epoch);
            double[] gradientCopy = [.. gradMasses];
            adam.Step(masses, gradMasses);
            var record = new ThreeBodyEpoch
            {
                Epoch = epoch + 1, LearningRate = adam.LearningRate, Loss = value, Gradient = gradientCopy, Masses = [.. masses],
            };
            log.Add(record);
            onEpoch?.Invoke(record);
        }

        double seconds = Stopwatch.GetElapsedTime(fitStart).TotalSeconds;
        double[] errors = [.. masses.Select((m, i) => Math.Abs(m - ThreeBodySystem.TrueMasses[i]) / ThreeBodySystem.TrueMasses[i])];
        int epochs = Math.Max(log.Count, 1);
        return new ThreeBodyFit
        {
            Method = MethodNames.Name(method), Status = status, FinalMasses = masses, RelativeMassErrors = errors,
            MaxRelativeMassError = errors.Max(), FinalLoss = LossAt(solver, z0, masses, times, outputs, seeds, loss),
            Seconds = seconds, SolveMicroseconds = solveTotal / epochs, GradientMicroseconds = gradientTotal / epochs,
            LastEpochCost = new ThreeBodyCost
            {
                AcceptedSteps = last.AcceptedSteps, RejectedSteps = last.RejectedSteps,
                Evaluations = last.ForwardEvaluations + last.BackwardEvaluations, Vjps = last.BackwardVjps,
                GradientMemoryBytes = last.GradientMemoryBytes,
            },
            EpochLog = log,
        };
    }

    /// <summary>The solver options of a fit: Dormand-Prince 5(4) (the default method) at rtol = atol = tolerance.</summary>
    public static OdeOptions Options(double tolerance, GradientMethod method) =>
        new() { RelativeTolerance = tolerance, AbsoluteTolerance = tolerance, Gradient = method };

    private static double? LossAt(OdeSolver<double, ThreeBodyDynamics.RhsOde> solver, double[] z0, double[] masses,
        double[] times, double[] outputs, double[] seeds, ThreeBodyLoss loss)
    {
        if (masses.Any(m => !double.IsFinite(m))) return null;
        return solver.Solve(z0, masses, times, outputs).IsSuccess ? loss.Evaluate(outputs, seeds) : null;
    }
}
