namespace AcaKernels.Solving;

/// <summary>Thrown by <see cref="SolveResult.ThrowIfFailed"/>; carries the failed result.</summary>
public sealed class OdeSolveException(SolveResult result) : Exception(result.Describe())
{
    /// <summary>The failed result, with time, step and component.</summary>
    public SolveResult Result { get; } = result;
}
