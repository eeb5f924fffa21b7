using AcaKernels.Gpu.Tests.Reference;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The reference systems' hand-written VJPs against central differences of vᵀf (the GPU-vs-CPU tests run the same
/// VJP on both sides, so they could not catch a wrong one).
/// </summary>
public sealed class ReferenceSystemTests
{
    [Fact]
    public void Lorenz_Vjp_MatchesFiniteDifferences() => CheckVjp<LorenzSystem<double>>(0.5);

    [Fact]
    public void TanhMlp_Vjp_MatchesFiniteDifferences() => CheckVjp<TanhMlpSystem>(0.5);

    [Fact]
    public void ThreeBody_Vjp_MatchesFiniteDifferences() => CheckVjp<ThreeBodySystem>(1.0);

    /// <summary>Step 1e-6 on O(1) inputs: central differences err by ~h²·f''' ≈ 1e-12 plus rounding ~1e-16/1e-6 = 1e-10,
    /// so 1e-7 relative leaves a wide margin while any wrong term (an O(1) error) fails.</summary>
    private static unsafe void CheckVjp<TSystem>(double scale) where TSystem : ITestSystem<double>
    {
        int n = TSystem.N, m = TSystem.M;
        var random = new Random(11);
        double[] z = Fill(random, n, scale), p = Fill(random, m, 1), v = Fill(random, n, 1);
        if (typeof(TSystem) == typeof(ThreeBodySystem))
            for (int i = 0; i < 6; i++) z[i] = (i / 2) + 0.3 * (random.NextDouble() - 0.5); // bodies apart
        var gz = new double[n];
        var gp = new double[m];
        fixed (double* zp = z, pp = p, vp = v, gzp = gz, gpp = gp)
            TSystem.Vjp(new PtrVec<double>(zp), new PtrVec<double>(pp), new PtrVec<double>(vp), new PtrVec<double>(gzp), new PtrVec<double>(gpp));
        const double h = 1e-6;
        for (int i = 0; i < n + m; i++)
        {
            double[] target = i < n ? z : p;
            int k = i < n ? i : i - n;
            double saved = target[k];
            target[k] = saved + h;
            double plus = Dot<TSystem>(z, p, v);
            target[k] = saved - h;
            double minus = Dot<TSystem>(z, p, v);
            target[k] = saved;
            double expected = (plus - minus) / (2 * h), actual = i < n ? gz[k] : gp[k];
            Assert.True(Math.Abs(actual - expected) <= 1e-7 * Math.Max(1, Math.Abs(expected)),
                $"{typeof(TSystem).Name} ∂(vᵀf)/∂{(i < n ? "z" : "p")}[{k}]: VJP {actual:R}, finite differences {expected:R}");
        }
    }

    private static unsafe double Dot<TSystem>(double[] z, double[] p, double[] v) where TSystem : ITestSystem<double>
    {
        var dz = new double[z.Length];
        fixed (double* zp = z, pp = p, dzp = dz)
            TSystem.F(new PtrVec<double>(zp), new PtrVec<double>(pp), new PtrVec<double>(dzp));
        double sum = 0;
        for (int j = 0; j < dz.Length; j++) sum += v[j] * dz[j];
        return sum;
    }

    private static double[] Fill(Random random, int length, double scale)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++) values[i] = scale * (2 * random.NextDouble() - 1);
        return values;
    }
}
