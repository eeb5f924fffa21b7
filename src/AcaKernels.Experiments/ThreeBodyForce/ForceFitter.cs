using System.Diagnostics;
using System.Numerics.Tensors;
using AcaKernels.Experiments.Common;
using AcaKernels.Experiments.ThreeBody;
using AcaKernels.Experiments.Training;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Experiments.ThreeBodyForce;

/// <summary>
/// Fits the parameters of one model (<typeparamref name="TDynamics"/>: masses, and network weights where it has
/// them) with one gradient method, as <see cref="ThreeBodyFitter"/> fits the masses: each epoch one solve, one
/// gradient of the position loss and one Adam step, then the learning rate decays. The solver, buffers and
/// optimiser are made once.
/// </summary>
public static class ForceFitter
{
    /// <summary>Runs the epochs (fewer when <paramref name="cancel"/> fires between two or a solve fails:
    /// <see cref="ForceFit.Status"/> then says why) and measures the result against <paramref name="evaluation"/>.</summary>
    public static ForceFit Fit<TDynamics>(string model, ForceSettings settings, GradientMethod method, double[] times,
        ThreeBodyLoss loss, IReadOnlyList<double> start, ForceEvaluation evaluation, Action<ForceEpoch>? onEpoch = null,
        CancellationToken cancel = default)
        where TDynamics : IOdeDynamics<double>
    {
        if (start.Count != TDynamics.ParameterSize)
            throw new ArgumentException($"{start.Count} start parameters given; {model} has {TDynamics.ParameterSize}.", nameof(start));
        var solver = new OdeSolver<double, TDynamics>(ThreeBodyFitter.Options(settings.Tolerance, method));
        var adam = new Adam(TDynamics.ParameterSize, settings.Optimiser);
        double[] z0 = [.. ThreeBodySystem.InitialState], parameters = [.. start];
        double[] outputs = new double[times.Length * ThreeBodyDynamics.StateSize], seeds = new double[outputs.Length];
        double[] gradZ0 = new double[ThreeBodyDynamics.StateSize], gradient = new double[parameters.Length];
        var log = new List<ForceEpoch>(settings.Epochs);
        string status = "Success";
        double epochTotal = 0;
        long fitStart = Stopwatch.GetTimestamp();

        for (int epoch = 0; epoch < settings.Epochs && !cancel.IsCancellationRequested; epoch++)
        {
            long begin = Stopwatch.GetTimestamp();
            SolveResult solve = solver.Solve(z0, parameters, times, outputs);
            if (!solve.IsSuccess) { status = solve.Describe(); break; }
            double value = loss.Evaluate(outputs, seeds);
            GradientResult result = solver.Gradient(seeds, gradZ0, gradient);
            epochTotal += Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
            if (!result.IsSuccess) { status = result.Result.Describe(); break; }
            if (!gradient.All(double.IsFinite)) { status = $"the {MethodNames.Name(method)} gradient is not finite at epoch {epoch + 1}"; break; }

            adam.LearningRate = settings.Optimiser.LearningRateAt(epoch);
            adam.Step(parameters, gradient);
            var record = new ForceEpoch
            {
                Epoch = epoch + 1, Loss = value, GradientNorm = TensorPrimitives.Norm<double>(gradient), Masses = [.. parameters.AsSpan(0, 3)],
            };
            log.Add(record);
            onEpoch?.Invoke(record);
        }

        double seconds = Stopwatch.GetElapsedTime(fitStart).TotalSeconds;
        double? finalLoss = null;
        if (parameters.All(double.IsFinite) && solver.Solve(z0, parameters, times, outputs).IsSuccess)
            finalLoss = loss.Evaluate(outputs, seeds);
        (double? fitError, double? extrapolationError) = evaluation.Errors<TDynamics>(parameters);
        return new ForceFit
        {
            Model = model, Method = MethodNames.Name(method), Status = status, ParameterCount = parameters.Length,
            FinalMasses = [.. parameters.AsSpan(0, 3)], FinalParameters = parameters, FinalLoss = finalLoss,
            FitRmsError = fitError, ExtrapolationRmsError = extrapolationError, Seconds = seconds,
            EpochMicroseconds = epochTotal / Math.Max(log.Count, 1), EpochLog = log,
        };
    }
}
