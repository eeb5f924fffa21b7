using AcaKernels.Generators.Tests.Samples;

namespace AcaKernels.Generators.Tests;

/// <summary>Statements that cannot reach dz take no part in the reverse sweep (found by the property test).</summary>
public sealed class DeadCodeTests
{
    [Fact]
    public void Vjp_DeadComputationOverflows_GradientIsExactNotNaN()
    {
        double[] z = [1.5, -0.5], p = [2.0], v = [0.3, 0.7], gradZ = new double[2], gradP = new double[1];
        DeadOverflow.RhsOde.VectorJacobianProduct(0.0, z, p, v, gradZ, gradP);
        // dz0 = p0·z1, dz1 = −z0: vᵀ∂f/∂z = (−v1, p0·v0), vᵀ∂f/∂p = z1·v0. Exact in floating point.
        Assert.Equal([-0.7, 2.0 * 0.3], gradZ);
        Assert.Equal([-0.5 * 0.3], gradP);
    }
}
