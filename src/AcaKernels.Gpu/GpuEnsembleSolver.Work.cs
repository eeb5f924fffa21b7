using AcaKernels.Ensembles;
using AcaKernels.Gpu.Kernels;
using AcaKernels.Solving;

namespace AcaKernels.Gpu;

// The work behind the public calls: uploads, the kernel launches, and turning the kernels' status words into
// SolveResults; the ordered reduction of a shared-θ gradient.
public sealed partial class GpuEnsembleSolver<T, TStepper>
{
    private EnsembleResult SolveAll(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, ReadOnlySpan<double> times, bool sharedTimes,
        Span<T> outputs, Span<SolveResult> results)
    {
        _solved = false;
        _sharedP = sharedP;
        _sharedTimes = sharedTimes;
        _rowCount = _rows[TrajectoryCount];
        _device.Forward(z0, p, sharedP, times, sharedTimes, _rows, outputs, _status, _statusTimes);
        int n = TStepper.StateSize;
        long bytesPerStep = n * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() + 2 * sizeof(double);
        for (int b = 0; b < TrajectoryCount; b++)
        {
            int i = b * TrajectoryStatus.IntCount, d = b * TrajectoryStatus.DoubleCount;
            var stats = new SolverStatistics
            {
                AcceptedSteps = _status[i + TrajectoryStatus.Accepted],
                RejectedSteps = _status[i + TrajectoryStatus.Rejected],
                ForwardEvaluations = _status[i + TrajectoryStatus.Evaluations],
                GradientMemoryBytes = CheckpointCapacity > 0 ? _status[i + TrajectoryStatus.Accepted] * bytesPerStep : 0,
            };
            var status = (OdeStatus)_status[i + TrajectoryStatus.Status];
            var result = new SolveResult(status, _statusTimes[d + TrajectoryStatus.Time], _status[i + TrajectoryStatus.Accepted],
                _status[i + TrajectoryStatus.Component], stats) { StepSize = _statusTimes[d + TrajectoryStatus.StepSize] };
            _forward[b] = result;
            results[b] = result;
        }
        _solved = true;
        return EnsembleResult.Summarize(_forward);
    }

    private EnsembleResult GradientAll(ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP, bool sharedGradP, Span<GradientResult> results)
    {
        int n = TStepper.StateSize, m = TStepper.ParameterSize, stages = TStepper.Stages;
        if (_solved) _device.Backward(seeds, _rowCount, gradZ0, _gradPRows.AsSpan(0, TrajectoryCount * m), _gradTimes);
        if (sharedGradP) gradP.Clear();
        int failed = 0, first = -1;
        long accepted = 0, rejected = 0, forwardEvaluations = 0, backwardEvaluations = 0;
        SolveResult firstFailure = default;
        for (int b = 0; b < TrajectoryCount; b++)
        {
            SolveResult forward = _solved ? _forward[b] : default;
            Span<T> zRow = gradZ0.Slice(b * n, n);
            ReadOnlySpan<T> pRow = _gradPRows.AsSpan(b * m, m);
            SolveResult result;
            double gradT0 = double.NaN, gradTEnd = double.NaN;
            if (_solved && forward.IsSuccess)
            {
                SolverStatistics stats = forward.Statistics;
                stats.BackwardSteps = forward.Step;
                stats.BackwardEvaluations = (long)forward.Step * stages;
                result = forward with { Statistics = stats };
                if (sharedGradP)
                    for (int j = 0; j < m; j++) gradP[j] += pRow[j];
                else
                    pRow.CopyTo(gradP.Slice(b * m, m));
                gradT0 = _gradTimes[2 * b];
                gradTEnd = _gradTimes[2 * b + 1];
            }
            else
            {
                zRow.Fill(T.NaN);
                if (!sharedGradP) gradP.Slice(b * m, m).Fill(T.NaN);
                result = new SolveResult(OdeStatus.NoForwardSolve, double.NaN, -1, -1, forward.Statistics);
                if (failed++ == 0)
                {
                    first = b;
                    firstFailure = result;
                }
            }
            results[b] = new GradientResult(result, gradT0, gradTEnd);
            accepted += result.Statistics.AcceptedSteps;
            rejected += result.Statistics.RejectedSteps;
            forwardEvaluations += result.Statistics.ForwardEvaluations;
            backwardEvaluations += result.Statistics.BackwardEvaluations;
        }
        return new EnsembleResult(TrajectoryCount, failed, first, firstFailure, accepted, rejected, forwardEvaluations, backwardEvaluations);
    }
}
