using AcaKernels.Control;

namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// Everything a forward or backward kernel needs besides its buffers, as one plain struct passed by value: sizes,
/// step control, limits. Integers stand for flags (OpenCL C forbids bool kernel arguments). Built on the host by
/// <see cref="GpuEnsembleSolver{T, TStepper}"/> from <see cref="Solving.OdeOptions"/>.
/// </summary>
internal struct GpuKernelSettings
{
    /// <summary>B: trajectories (and threads).</summary>
    public int Trajectories;

    /// <summary>1 when every trajectory reads the same output times (times[0 .. TimeCount)), 0 when trajectory b
    /// reads times[rows[b] .. rows[b+1]).</summary>
    public int SharedTimes;

    /// <summary>1 when θ is one row shared by all, 0 when trajectory b's θ is p[b·m ..].</summary>
    public int SharedParameters;

    /// <summary>1 for error control; 0 for a fixed step (<see cref="FixedStep"/>).</summary>
    public int Adaptive;

    /// <summary>Accepted steps a trajectory may checkpoint; 0 records nothing (no gradient).</summary>
    public int CheckpointCapacity;

    /// <summary>Most trial steps per trajectory.</summary>
    public int MaxSteps;

    /// <summary>The constant step magnitude when not adaptive.</summary>
    public double FixedStep;

    /// <summary>First step magnitude; 0 for Hairer's heuristic.</summary>
    public double InitialStep;

    /// <summary>Step magnitude bounds.</summary>
    public double MinStep, MaxStep;

    /// <summary>The PI controller's numbers for the stepper's error order (<see cref="ControllerGains"/>'s fields, flat:
    /// ILGPU's CPU accelerator builds a launcher type that must see every field type, and ControllerGains is internal
    /// to AcaKernels).</summary>
    public double Safety, MinFactor, MaxFactor, Beta1, Beta2, K;

    /// <summary>The controller's gains, as the step spec takes them.</summary>
    public readonly ControllerGains Gains => new(Safety, MinFactor, MaxFactor, Beta1, Beta2, K);

    /// <summary>log of the previous-error floor, by the step spec's own log.</summary>
    public double LogErrorFloor;
}
