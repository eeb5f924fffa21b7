using System.Numerics;
using AcaKernels.Solving;

namespace AcaKernels.Gradients;

/// <summary>ACA's forward-pass recorder: keeps accepted steps only; rejected trials leave nothing behind.</summary>
internal readonly struct CheckpointRecorder<T>(CheckpointStore<T> store) : IStepRecorder<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool RecordsTrials => false;
    public OdeStatus FullStatus => store.FullStatus;
    public void Reset(int outputCount) => store.Reset(outputCount);
    public bool Trial(in TrialRecord trial, ReadOnlySpan<T> z, ReadOnlySpan<T> stages) => true;
    public bool Accept(double t, double h, ReadOnlySpan<T> z) => store.TryAdd(t, h, z);
    public void Output(int index, int acceptedSteps) => store.MarkOutput(index, acceptedSteps);
}
