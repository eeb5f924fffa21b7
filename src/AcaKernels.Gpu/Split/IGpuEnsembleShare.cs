using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Split;

/// <summary>
/// One device's solver in an ensemble split over several (<see cref="EnsembleSplit{T}"/>): the calls of
/// <see cref="GpuEnsembleSolver{T, TStepper}"/> and of the Native AOT solver, over its own consecutive trajectories,
/// and the block sums behind its last shared-θ gradient, so that the split adds every block in the one order of
/// <see cref="ParameterGradientSum"/>.
/// </summary>
internal interface IGpuEnsembleShare<T> : IDisposable
{
    /// <summary>The trajectories this solver holds.</summary>
    int TrajectoryCount { get; }

    /// <summary>The backend it runs on.</summary>
    GpuBackend Backend { get; }

    /// <summary>Its device's name.</summary>
    string DeviceName { get; }

    /// <summary>Where its last call spent its time.</summary>
    GpuCallTimes LastCall { get; }

    /// <summary>Host memory its device copies directly (see <see cref="GpuHostArray{T}"/>).</summary>
    GpuHostArray<TValue> CreateHostArray<TValue>(int length) where TValue : unmanaged;

    EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, Span<T> outputs, Span<SolveResult> results);

    EnsembleResult Solve(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, ReadOnlySpan<double> times, ReadOnlySpan<int> timeOffsets,
        Span<T> outputs, Span<SolveResult> results);

    EnsembleResult Gradient(ReadOnlySpan<T> outputGradients, Span<T> gradZ0, Span<T> gradP, Span<GradientResult> results);

    /// <summary>After a Gradient into a shared θ (gradP of length m, over more than one trajectory): the sums of its
    /// blocks of <see cref="ParameterGradientSum.BlockSize"/> trajectories, block·m + j, whose sum in block order it
    /// wrote to gradP.</summary>
    ReadOnlySpan<T> ParameterGradientBlocks { get; }
}
