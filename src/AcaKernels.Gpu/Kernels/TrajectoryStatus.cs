namespace AcaKernels.Gpu.Kernels;

/// <summary>
/// Where a kernel writes trajectory b's outcome: <see cref="IntCount"/> ints at status[b·IntCount ..] and
/// <see cref="DoubleCount"/> doubles at statusTimes[b·DoubleCount ..]. The host turns them into a
/// <see cref="Solving.SolveResult"/>.
/// </summary>
internal static class TrajectoryStatus
{
    /// <summary>Ints per trajectory.</summary>
    public const int IntCount = 5;

    /// <summary>The <see cref="Solving.OdeStatus"/>, as an int.</summary>
    public const int Status = 0;

    /// <summary>Accepted steps (also the number of checkpoints).</summary>
    public const int Accepted = 1;

    /// <summary>The failing component, −1 when none.</summary>
    public const int Component = 2;

    /// <summary>Rejected trial steps.</summary>
    public const int Rejected = 3;

    /// <summary>Evaluations of f in the forward pass.</summary>
    public const int Evaluations = 4;

    /// <summary>Doubles per trajectory.</summary>
    public const int DoubleCount = 2;

    /// <summary>t where the solve ended or failed.</summary>
    public const int Time = 0;

    /// <summary>The step size when it failed (NaN otherwise).</summary>
    public const int StepSize = 1;
}
