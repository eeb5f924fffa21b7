using AcaKernels.Tests.Reference;

namespace AcaKernels.Tests.Systems;

/// <summary>The hand-written VJP of <see cref="ThreeBody3D"/> against central differences of f, and f against
/// Newton's third law (Σ mᵢ aᵢ = 0 on every axis).</summary>
public sealed class ThreeBody3DTests
{
    [Fact]
    public void VectorJacobianProduct_MatchesCentralDifferences()
    {
        var random = new Random(63);
        double[] z = ThreeBody3D.SampleState;
        z[2] = 0.1; // bodies off the plane, so the z-axis terms are not zero
        z[8] = -0.2;
        double[] p = [1.0, 0.8, 1.3];
        var v = new double[18];
        for (int i = 0; i < v.Length; i++) v[i] = 2 * random.NextDouble() - 1;
        double VtF(double[] zz, double[] pp)
        {
            var dz = new double[18];
            ThreeBody3D.Evaluate(0, zz, pp, dz);
            double sum = 0;
            for (int i = 0; i < 18; i++) sum += v[i] * dz[i];
            return sum;
        }
        var gradZ = new double[18];
        var gradP = new double[3];
        ThreeBody3D.VectorJacobianProduct(0, z, p, v, gradZ, gradP);
        double[] expectedZ = FiniteDifferences.Gradient(zz => VtF(zz, p), z);
        double[] expectedP = FiniteDifferences.Gradient(pp => VtF(z, pp), p);
        // As for the planar system: bodies ≥ 0.9 apart, f smooth, central differences good to ~1e-10 relative;
        // 1e-7 leaves room for the 1/r³ factors.
        for (int i = 0; i < 18; i++) Assert.Equal(expectedZ[i], gradZ[i], 1e-7 * Math.Max(1, Math.Abs(expectedZ[i])));
        for (int j = 0; j < 3; j++) Assert.Equal(expectedP[j], gradP[j], 1e-7 * Math.Max(1, Math.Abs(expectedP[j])));
    }

    [Fact]
    public void Evaluate_ConservesMomentum()
    {
        double[] p = [1.0, 0.8, 1.3];
        double[] z = ThreeBody3D.SampleState;
        z[5] = 0.3;
        var dz = new double[18];
        ThreeBody3D.Evaluate(0, z, p, dz);
        for (int axis = 0; axis < 3; axis++)
        {
            double force = 0;
            for (int i = 0; i < 3; i++) force += p[i] * dz[9 + 3 * i + axis];
            Assert.Equal(0, force, 1e-14); // forces of order 1 cancel pairwise up to rounding
        }
    }
}
