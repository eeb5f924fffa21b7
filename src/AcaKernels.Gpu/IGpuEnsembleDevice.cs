namespace AcaKernels.Gpu;

/// <summary>
/// What <see cref="GpuEnsembleCalls{T, TStepper}"/> needs of a solver's device: one forward and one backward launch,
/// each with its copies to and from the device. Implemented over ILGPU (GpuEnsembleSolver) and over the OpenCL and
/// CUDA driver APIs (NativeGpuEnsembleSolver in AcaKernels.Gpu.Native), with the same kernels and layouts.
/// </summary>
internal interface IGpuEnsembleDevice<T> where T : unmanaged
{
    /// <summary>Uploads z₀, θ, the times and, when <paramref name="rowsChanged"/>, the output rows (B + 1 offsets; the
    /// device keeps the last ones), runs the forward kernel and reads back the outputs (each trajectory's status words
    /// stay on the device until <see cref="ReadStatus"/> and <see cref="ReadStatusTimes"/>).</summary>
    void Forward(ReadOnlySpan<T> z0, ReadOnlySpan<T> p, bool sharedP, ReadOnlySpan<double> times, bool sharedTimes,
        ReadOnlySpan<int> rows, bool rowsChanged, Span<T> outputs);

    /// <summary>Reads back the last forward's status ints of every trajectory (status, accepted, component, rejected,
    /// evaluations): results, failures and a host-side tally need them.</summary>
    void ReadStatus(Span<int> status);

    /// <summary>Whether <see cref="Tally"/> sums the status words on the device.</summary>
    bool TalliesOnDevice { get; }

    /// <summary>Sums the last forward's status words on the device in blocks (<see cref="Kernels.TrajectoryTallyKernel"/>)
    /// and reads the blocks back; only where <see cref="TalliesOnDevice"/>.</summary>
    void Tally(Span<long> blocks);

    /// <summary>Reads back the last forward's (t, h) status doubles of every trajectory: only results and failures
    /// need them (≈ 13 % of a float32 Lorenz Solve + Gradient's copies at B = 8 388 608).</summary>
    void ReadStatusTimes(Span<double> statusTimes);

    /// <summary>
    /// Registers <paramref name="buffer"/>, a host buffer of the solver's kept for the solver's life, with the driver
    /// (page-locked), so copies to and from it are direct DMA instead of a copy through the driver's staging buffers
    /// (pageable copies ran at 8.8 GB/s on an H200, RESULTS §59). The device keeps the buffer alive while registered and
    /// unregisters it when disposed. Nothing happens where the backend gains nothing (OpenCL, the CPU) or the driver
    /// refuses: the copies work as before, only slower.
    /// </summary>
    void PageLock<TValue>(PageAlignedHostBuffer<TValue> buffer) where TValue : unmanaged;

    /// <summary>Whether <see cref="Backward"/> sums a shared θ's gradient on the device (then the host needs no B·m rows).</summary>
    bool SumsSharedParameterGradient { get; }

    /// <summary>Uploads the seeds (<paramref name="rowCount"/> output rows), runs the backward kernel over the last
    /// forward's checkpoints and reads back ∂L/∂z₀, the (∂L/∂t₀, ∂L/∂t_end) of each trajectory (unless
    /// <paramref name="gradTimes"/> is empty: only results hold them) and either each
    /// trajectory's ∂L/∂θ row or, when θ's gradient is <paramref name="sharedGradP"/> and the device
    /// <see cref="SumsSharedParameterGradient"/>, <see cref="Ensembles.ParameterGradientSum"/>'s block sums of those rows
    /// into <paramref name="gradPBlocks"/> (the rows stay on the device).</summary>
    void Backward(ReadOnlySpan<T> seeds, int rowCount, Span<T> gradZ0, Span<T> gradPRows, Span<T> gradPBlocks, bool sharedGradP,
        Span<double> gradTimes);

    /// <summary>The last Forward's or Backward's kernels, from launch to finish (without its copies).</summary>
    TimeSpan LastKernelTime { get; }
}
