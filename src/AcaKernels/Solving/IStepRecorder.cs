using System.Numerics;

namespace AcaKernels.Solving;

/// <summary>
/// What a gradient method keeps of the forward pass. Implemented by structs and passed by reference as a
/// generic argument, so the integrator's calls are direct and inlined, never virtual.
/// </summary>
internal interface IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether <see cref="Trial"/> wants to see trials; a constant the JIT folds, so recorders that
    /// ignore trials cost nothing per step.</summary>
    static abstract bool RecordsTrials { get; }

    /// <summary>The status to stop with when <see cref="Trial"/> or <see cref="Accept"/> found no room.</summary>
    OdeStatus FullStatus { get; }

    /// <summary>Clears what was recorded by the previous solve.</summary>
    void Reset(int outputCount);

    /// <summary>A trial step was computed; <paramref name="trial"/> says how its step was chosen and judged.</summary>
    /// <returns>False when there is no room to record it.</returns>
    bool Trial(in TrialRecord trial, ReadOnlySpan<T> z, ReadOnlySpan<T> stages);

    /// <summary>A step from (t, z) of size h was accepted.</summary>
    /// <returns>False when there is no room to record it.</returns>
    bool Accept(double t, double h, ReadOnlySpan<T> z);

    /// <summary>Output time <paramref name="index"/> was reached after <paramref name="acceptedSteps"/> steps.</summary>
    void Output(int index, int acceptedSteps);
}

/// <summary>Records nothing (the adjoint method's forward pass and plain solves).</summary>
internal struct NullRecorder<T> : IStepRecorder<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool RecordsTrials => false;
    public readonly OdeStatus FullStatus => OdeStatus.Success;
    public readonly void Reset(int outputCount) { }
    public readonly bool Trial(in TrialRecord trial, ReadOnlySpan<T> z, ReadOnlySpan<T> stages) => true;
    public readonly bool Accept(double t, double h, ReadOnlySpan<T> z) => true;
    public readonly void Output(int index, int acceptedSteps) { }
}
