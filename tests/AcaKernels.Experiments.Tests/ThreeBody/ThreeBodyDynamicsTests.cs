using AcaKernels.Experiments.ThreeBody;

namespace AcaKernels.Experiments.Tests.ThreeBody;

public sealed class ThreeBodyDynamicsTests
{
    [Fact]
    public void Units_GiveThePapersCoefficients()
    {
        // K1 = G t m / (r² v), K2 = v t / r with t = 79.91 · 365 · 24 · 3600 · 0.51 s, worked out by hand:
        // t = 1.28519e9 s, K1 = 0.20052, K2 = 7.2392.
        Assert.Equal(0.20052, ThreeBodyUnits.K1, 5e-5);
        Assert.Equal(7.2392, ThreeBodyUnits.K2, 5e-4);
    }

    [Fact]
    public void Rhs_AtTheStart_IsNewtonsLawAndConservesMomentum()
    {
        double[] z = [.. ThreeBodySystem.InitialState], m = [1.3, 0.7, 1.1], dz = new double[18];
        ThreeBodyDynamics.RhsOde.Evaluate(0, z, m, dz);
        for (int k = 0; k < 9; k++) Assert.Equal(ThreeBodyUnits.K2 * z[9 + k], dz[k], 1e-15);
        // Body 1 from the formula, written out per pair: K1 Σ_j m_j (r_j − r_1)/|r_j − r_1|³.
        for (int c = 0; c < 3; c++)
        {
            double expected = 0;
            foreach (int j in (int[])[1, 2])
            {
                double d2 = 0;
                for (int q = 0; q < 3; q++) d2 += (z[3 * j + q] - z[q]) * (z[3 * j + q] - z[q]);
                expected += ThreeBodyUnits.K1 * m[j] * (z[3 * j + c] - z[c]) / Math.Pow(d2, 1.5);
            }
            Assert.Equal(expected, dz[9 + c], 1e-14);
        }
        // Newton's third law: Σ m_i dv_i/dt = 0 (to rounding of terms of size ~1).
        for (int c = 0; c < 3; c++)
            Assert.Equal(0, m[0] * dz[9 + c] + m[1] * dz[12 + c] + m[2] * dz[15 + c], 1e-14);
    }

    [Fact]
    public void Solve_TightTolerance_ConservesEnergyOverTheWindow()
    {
        // E = Σ ½ m v² (in K2-scaled units) − (K1/K2)·Σ_pairs m_i m_j / r_ij is constant along exact orbits; a 1e-12 solve
        // keeps it to ~1e-9 relative (the error per step is ~1e-12 over ~1000 steps, with close passes amplifying it).
        double[] times = [0, 0.5, 1.0];
        double[] states = ThreeBodySystem.Solve(ThreeBodySystem.TrueMasses, times, 1e-12);
        double e0 = Energy(states.AsSpan(0, 18)), e1 = Energy(states.AsSpan(2 * 18, 18));
        Assert.True(Math.Abs(e1 - e0) < 1e-8 * Math.Abs(e0), $"energy {e0} at t = 0, {e1} at t = 1");
    }

    private static double Energy(ReadOnlySpan<double> z)
    {
        // dr/dt = K2 v, dv/dt = K1 Σ m (r' − r)/|r' − r|³: the conserved quantity is K2·Σ ½ m |v|² − K1·Σ m_i m_j / r_ij.
        var m = ThreeBodySystem.TrueMasses;
        double kinetic = 0, potential = 0;
        for (int i = 0; i < 3; i++)
        {
            for (int c = 0; c < 3; c++) kinetic += 0.5 * m[i] * z[9 + 3 * i + c] * z[9 + 3 * i + c];
            for (int j = i + 1; j < 3; j++)
            {
                double d2 = 0;
                for (int c = 0; c < 3; c++) d2 += (z[3 * j + c] - z[3 * i + c]) * (z[3 * j + c] - z[3 * i + c]);
                potential -= m[i] * m[j] / Math.Sqrt(d2);
            }
        }
        return ThreeBodyUnits.K2 * kinetic + ThreeBodyUnits.K1 * potential;
    }
}
