using AcaKernels.Ensembles;
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
        EnsembleResult summary = GpuEnsembleHost.SolveResults(_status, _statusTimes, CheckpointCapacity, TStepper.StateSize,
            System.Runtime.CompilerServices.Unsafe.SizeOf<T>(), _forward, results);
        _solved = true;
        return summary;
    }

    private EnsembleResult GradientAll(ReadOnlySpan<T> seeds, Span<T> gradZ0, Span<T> gradP, bool sharedGradP, Span<GradientResult> results)
    {
        int n = TStepper.StateSize, m = TStepper.ParameterSize, stages = TStepper.Stages;
        if (_solved) _device.Backward(seeds, _rowCount, gradZ0, _gradPRows.AsSpan(0, TrajectoryCount * m), _gradTimes);
        return GpuEnsembleHost.GradientResults<T>(_solved, _forward, gradZ0, _gradPRows.AsSpan(0, TrajectoryCount * m), _gradTimes, gradP,
            sharedGradP, results, n, m, stages);
    }
}
