namespace AcaKernels.Gpu.FixedStep;

/// <summary>
/// What the fixed-step kernel needs besides its buffers, as one plain struct passed by value (integers stand for
/// flags: OpenCL C forbids bool kernel arguments).
/// </summary>
internal struct FixedStepSettings
{
    /// <summary>B: trajectories (and threads); also the stride between components in the [component][trajectory] views.</summary>
    public int Trajectories;

    /// <summary>Steps every trajectory takes.</summary>
    public int Steps;

    /// <summary>1 when θ is one row of m values shared by all; 0 when θ is laid out [parameter][trajectory].</summary>
    public int SharedParameters;

    /// <summary>Start time (float64 for every T, as the adaptive kernels keep it).</summary>
    public double T0;

    /// <summary>The step h (signed: negative integrates backwards in time).</summary>
    public double Step;
}
