namespace AcaKernels.Experiments.Toy;

/// <summary>The paper's toy problem dz/dt = αz with p = (α); the generator emits <c>ToyDecay.RhsOde</c>.</summary>
/// <remarks>Zhuang et al., "Adaptive Checkpoint Adjoint Method for Gradient Estimation in Neural ODE", ICML 2020, §5.1.</remarks>
public static partial class ToyDecay
{
    /// <summary>dz/dt = α·z.</summary>
    [OdeDynamics(1, 1)]
    public static void Rhs(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz) => dz[0] = p[0] * z[0];
}
