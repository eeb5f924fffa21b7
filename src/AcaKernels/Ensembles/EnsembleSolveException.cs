namespace AcaKernels.Ensembles;

/// <summary>Thrown by <see cref="EnsembleResult.ThrowIfFailed"/>; carries the aggregate result.</summary>
public sealed class EnsembleSolveException(EnsembleResult result) : Exception(result.Describe())
{
    /// <summary>The aggregate result: how many failed, and the first failure with time, step and component.</summary>
    public EnsembleResult Result { get; } = result;
}
