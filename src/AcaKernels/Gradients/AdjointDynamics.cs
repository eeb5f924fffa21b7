using System.Numerics;

namespace AcaKernels.Gradients;

/// <summary>
/// The augmented system of the continuous adjoint, y = [z, a, a_θ] of size 2n + m:
/// dz/dt = f, da/dt = −aᵀ∂f/∂z, da_θ/dt = −aᵀ∂f/∂θ. Solved backwards in time; never differentiated.
/// </summary>
/// <remarks>Chen, Rubanova, Bettencourt and Duvenaud, "Neural Ordinary Differential Equations", NeurIPS 2018, Algorithm 1.</remarks>
internal readonly struct AdjointDynamics<T, TDynamics> : IOdeDynamics<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    public static int StateSize => 2 * TDynamics.StateSize + TDynamics.ParameterSize;

    public static int ParameterSize => TDynamics.ParameterSize;

    public static void Evaluate(T t, ReadOnlySpan<T> y, ReadOnlySpan<T> p, Span<T> dy)
    {
        int n = TDynamics.StateSize, m = TDynamics.ParameterSize;
        ReadOnlySpan<T> z = y.Slice(0, n), a = y.Slice(n, n);
        TDynamics.Evaluate(t, z, p, dy.Slice(0, n));
        Span<T> adjoints = dy.Slice(n, n + m);
        adjoints.Clear();
        TDynamics.VectorJacobianProduct(t, z, p, a, dy.Slice(n, n), dy.Slice(2 * n, m));
        for (int j = 0; j < adjoints.Length; j++) adjoints[j] = -adjoints[j];
    }

    public static T VectorJacobianProduct(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v,
        Span<T> gradZ, Span<T> gradP) =>
        throw new NotSupportedException("The adjoint's augmented system is solved, never differentiated.");
}
