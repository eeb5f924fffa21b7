using AcaKernels.Tests.Reference;

namespace AcaKernels.Tests.Systems;

/// <summary>
/// A hand-written three-body system (state: the positions, then the velocities, <see cref="Axes"/> per body; θ: the
/// masses) checked the same way whatever its dimension: its VJP against central differences of f, and f against
/// Newton's third law (Σ mᵢ aᵢ = 0 on every axis). One suite, a thin subclass per system.
/// </summary>
public abstract class ThreeBodyForceTests<TSys> where TSys : IOdeDynamics<double>
{
    private static double[] Masses => [1.0, 0.8, 1.3];

    /// <summary>Coordinates per body.</summary>
    protected abstract int Axes { get; }

    /// <summary>Seed of the VJP's random direction.</summary>
    protected abstract int DirectionSeed { get; }

    /// <summary>Where the VJP is checked.</summary>
    protected abstract double[] VjpState();

    /// <summary>Where momentum conservation is checked.</summary>
    protected abstract double[] MomentumState();

    [Fact]
    public void VectorJacobianProduct_MatchesCentralDifferences()
    {
        int n = TSys.StateSize;
        var random = new Random(DirectionSeed);
        double[] z = VjpState(), p = Masses;
        var v = new double[n];
        for (int i = 0; i < v.Length; i++) v[i] = 2 * random.NextDouble() - 1;
        double VtF(double[] zz, double[] pp)
        {
            var dz = new double[n];
            TSys.Evaluate(0, zz, pp, dz);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += v[i] * dz[i];
            return sum;
        }
        var gradZ = new double[n];
        var gradP = new double[3];
        TSys.VectorJacobianProduct(0, z, p, v, gradZ, gradP);
        double[] expectedZ = FiniteDifferences.Gradient(zz => VtF(zz, p), z);
        double[] expectedP = FiniteDifferences.Gradient(pp => VtF(z, pp), p);
        // f is smooth at the sample states (bodies ≥ 0.9 apart): central differences agree to ~1e-10 relative (see
        // FiniteDifferences); 1e-7 leaves room for the 1/r³ factors.
        for (int i = 0; i < n; i++) Assert.Equal(expectedZ[i], gradZ[i], 1e-7 * Math.Max(1, Math.Abs(expectedZ[i])));
        for (int j = 0; j < 3; j++) Assert.Equal(expectedP[j], gradP[j], 1e-7 * Math.Max(1, Math.Abs(expectedP[j])));
    }

    [Fact]
    public void Evaluate_ConservesMomentum()
    {
        double[] p = Masses;
        var dz = new double[TSys.StateSize];
        TSys.Evaluate(0, MomentumState(), p, dz);
        int accelerations = 3 * Axes; // the velocities' derivatives follow the positions'
        for (int axis = 0; axis < Axes; axis++)
        {
            double force = 0;
            for (int i = 0; i < 3; i++) force += p[i] * dz[accelerations + Axes * i + axis];
            Assert.Equal(0, force, 1e-14); // forces of order 1 cancel pairwise up to rounding
        }
    }
}
