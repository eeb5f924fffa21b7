using System.Numerics;
using AcaKernels.Ensembles;

namespace AcaKernels.Benchmarks;

/// <summary>
/// ℓ_b = Σ_j z_b,j(t_end): the loss of the ensemble benchmarks (<see cref="EnsembleSetup"/> and the scaling sweep seed
/// ∂L/∂z_b(t_end) = 1), as an <see cref="ITrajectoryLoss{T}"/> for <c>EnsembleSolver.SolveAndGradient</c>, so the
/// chunked call and Solve + Gradient compute the same gradient.
/// </summary>
internal readonly struct EndStateSumLoss<T> : ITrajectoryLoss<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Evaluate(int trajectory, ReadOnlySpan<double> times, ReadOnlySpan<T> outputs, Span<T> seeds)
    {
        int n = outputs.Length / times.Length;
        seeds[^n..].Fill(T.One);
        T sum = T.Zero;
        foreach (T z in outputs[^n..]) sum += z;
        return sum;
    }
}
