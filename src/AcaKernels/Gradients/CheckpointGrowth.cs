namespace AcaKernels.Gradients;

/// <summary>What the forward pass does when more steps are accepted than the checkpoint store holds.</summary>
public enum CheckpointGrowth
{
    /// <summary>Stop with <see cref="Solving.OdeStatus.CheckpointCapacityExceeded"/>: never allocates in a solve.</summary>
    Fail,

    /// <summary>Double the store's capacity (one allocation per doubling; later solves reuse it).</summary>
    Double,
}
