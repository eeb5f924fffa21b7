using ILGPU;

namespace AcaKernels.Gpu.Tests.Steppers;

/// <summary>
/// A test kernel over one generated <see cref="IGpuStepper{T}"/>: per thread (one trajectory) k₀ = f(t, z), then a
/// trial step, the backward of a step and the backward with time terms, all from the same (t, h, z). Each trajectory's numbers sit in one record of
/// <see cref="Layout{TStepper, T}"/> in a single view, so the kernel has three parameters whatever the system.
/// </summary>
internal static class StepKernel
{
    /// <summary>The kernel launched with explicit groups (<see cref="GroupSize"/>): thread i runs trajectory i &lt; count.</summary>
    public static void RunGrouped<TStepper, T>(ArrayView<T> data, ArrayView<double> times, int count)
        where TStepper : struct, IGpuStepper<T> where T : unmanaged
    {
        int i = Grid.GlobalIndex.X;
        if (i < count) Run<TStepper, T>(i, data, times);
    }

    /// <summary>Threads per group of <see cref="RunGrouped{TStepper, T}"/> (fewer where the accelerator allows fewer:
    /// ILGPU's CPU accelerator takes 16). Small on purpose: ILGPU's automatic
    /// grouping gives PoCL groups of up to 4096 work-items, and with the largest loop-form kernel (3-D three-body,
    /// Dormand-Prince 8) the test host then crashed in native code about one run in three.</summary>
    public const int GroupSize = 32;

    public static void Run<TStepper, T>(Index1D i, ArrayView<T> data, ArrayView<double> times)
        where TStepper : struct, IGpuStepper<T> where T : unmanaged
    {
        int n = TStepper.StateSize, m = TStepper.ParameterSize, s = TStepper.Stages;
        int stride = Layout<TStepper, T>.Stride;
        ArrayView<T> record = data.SubView(i * stride, stride);
        ArrayView<T> z = record.SubView(Layout<TStepper, T>.Z, n), p = record.SubView(Layout<TStepper, T>.P, m);
        ArrayView<T> stages = record.SubView(Layout<TStepper, T>.Stages, s * n);
        double t = times[2 * i], h = times[2 * i + 1];
        // The with-time backward adds to its own copy of the prior gradP (StepVjp below adds to the input's).
        ArrayView<T> gradPTime = record.SubView(Layout<TStepper, T>.GradPTime, m);
        for (int k = 0; k < m; k++) gradPTime[k] = record[Layout<TStepper, T>.GradP + k];
        TStepper.Evaluate(t, z, p, stages.SubView(0, n));
        TStepper.TrialStep(t, h, z, p, stages, record.SubView(Layout<TStepper, T>.ZNew, n),
            record.SubView(Layout<TStepper, T>.Error, n), record.SubView(Layout<TStepper, T>.Error2, n));
        TStepper.StepVjp(t, h, z, p, record.SubView(Layout<TStepper, T>.AdjointOut, n), record.SubView(Layout<TStepper, T>.AdjointIn, n),
            record.SubView(Layout<TStepper, T>.GradP, m), record.SubView(Layout<TStepper, T>.Scratch, TStepper.VjpScratchSize));
        TStepper.StepVjpWithTime(t, h, z, p, record.SubView(Layout<TStepper, T>.AdjointOut, n), record.SubView(Layout<TStepper, T>.AdjointInTime, n),
            gradPTime, record.SubView(Layout<TStepper, T>.Scratch, TStepper.VjpScratchSize), out T gradH, out T gradT);
        record[Layout<TStepper, T>.TimeTerms] = gradH;
        record[Layout<TStepper, T>.TimeTerms + 1] = gradT;
    }
}

/// <summary>One trajectory's record: inputs z, p, adjointOut, gradP (which StepVjp adds to), then the outputs
/// stages, zNew, error, error2, adjointIn and StepVjp's scratch, then StepVjpWithTime's adjointIn, gradP, ∂L/∂h and
/// Σ vᵀ∂f/∂t.</summary>
internal static class Layout<TStepper, T> where TStepper : struct, IGpuStepper<T> where T : unmanaged
{
    public static int Z => 0;

    public static int P => TStepper.StateSize;

    public static int AdjointOut => P + TStepper.ParameterSize;

    public static int GradP => AdjointOut + TStepper.StateSize;

    /// <summary>Length of the inputs (the part a test fills).</summary>
    public static int Inputs => GradP + TStepper.ParameterSize;

    public static int Stages => Inputs;

    public static int ZNew => Stages + TStepper.Stages * TStepper.StateSize;

    public static int Error => ZNew + TStepper.StateSize;

    public static int Error2 => Error + TStepper.StateSize;

    public static int AdjointIn => Error2 + TStepper.StateSize;

    public static int Scratch => AdjointIn + TStepper.StateSize;

    public static int AdjointInTime => Scratch + TStepper.VjpScratchSize;

    public static int GradPTime => AdjointInTime + TStepper.StateSize;

    /// <summary>∂L/∂h, then Σ vᵀ∂f/∂t.</summary>
    public static int TimeTerms => GradPTime + TStepper.ParameterSize;

    public static int Stride => TimeTerms + 2;
}
