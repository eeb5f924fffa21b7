using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Systems;

/// <summary>The hand-written VJP of <see cref="PlanarThreeBody"/> against central differences of f, and f against
/// Newton's third law (total momentum is conserved: Σ mᵢ aᵢ = 0).</summary>
public sealed class PlanarThreeBodyTests
{
    [Fact]
    public void VectorJacobianProduct_MatchesCentralDifferences()
    {
        var random = new Random(61);
        double[] z = PlanarThreeBody.SampleState;
        double[] p = [1.0, 0.8, 1.3];
        var v = new double[12];
        for (int i = 0; i < v.Length; i++) v[i] = 2 * random.NextDouble() - 1;
        double VtF(double[] zz, double[] pp)
        {
            var dz = new double[12];
            PlanarThreeBody.Evaluate(0, zz, pp, dz);
            double sum = 0;
            for (int i = 0; i < 12; i++) sum += v[i] * dz[i];
            return sum;
        }
        var gradZ = new double[12];
        var gradP = new double[3];
        PlanarThreeBody.VectorJacobianProduct(0, z, p, v, gradZ, gradP);
        double[] expectedZ = FiniteDifferences.Gradient(zz => VtF(zz, p), z);
        double[] expectedP = FiniteDifferences.Gradient(pp => VtF(z, pp), p);
        // f is smooth here (bodies ≥ 0.9 apart): central differences agree to ~1e-10 relative (see
        // FiniteDifferences); 1e-7 leaves room for the 1/r³ factors.
        for (int i = 0; i < 12; i++) Assert.Equal(expectedZ[i], gradZ[i], 1e-7 * Math.Max(1, Math.Abs(expectedZ[i])));
        for (int j = 0; j < 3; j++) Assert.Equal(expectedP[j], gradP[j], 1e-7 * Math.Max(1, Math.Abs(expectedP[j])));
    }

    [Fact]
    public void Evaluate_ConservesMomentum()
    {
        double[] p = [1.0, 0.8, 1.3];
        var dz = new double[12];
        PlanarThreeBody.Evaluate(0, PlanarThreeBody.SampleState, p, dz);
        for (int axis = 0; axis < 2; axis++)
        {
            double force = 0;
            for (int i = 0; i < 3; i++) force += p[i] * dz[6 + 2 * i + axis];
            Assert.Equal(0, force, 1e-14); // forces of order 1 cancel pairwise up to rounding
        }
    }
}
