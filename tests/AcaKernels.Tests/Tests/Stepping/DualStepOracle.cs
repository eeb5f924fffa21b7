using AcaKernels.Tableaus;
using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Stepping;

/// <summary>
/// Directional derivatives of one step's outputs (zNew, error, error2) by <see cref="DualRungeKutta"/>, and the
/// full gradient of a linear functional of them, coordinate by coordinate, grouped like the stepper's VJP.
/// </summary>
internal static class DualStepOracle
{
    /// <summary>Gradients of wᵀzNew + eᵀerror + e₂ᵀerror2 with respect to z, p, h and t.</summary>
    public sealed record StepGradient(double[] Z, double[] P, double H, double T);

    /// <summary>
    /// The gradient of ⟨w, zNew⟩ + ⟨errorBar, error⟩ + ⟨error2Bar, error2⟩ (empty bars: not included) by one
    /// dual pass per coordinate of (z, p, h, t).
    /// </summary>
    public static StepGradient Gradient<TSys>(ButcherTableau tableau, double t, double h, double[] z, double[] p,
        double[] w, double[]? errorBar = null, double[]? error2Bar = null) where TSys : ITestSystem
    {
        int n = z.Length, m = p.Length;
        double Directional(int coordinate)
        {
            var dz = new double[n];
            var dp = new double[m];
            double dh = 0, dt = 0;
            if (coordinate < n) dz[coordinate] = 1;
            else if (coordinate < n + m) dp[coordinate - n] = 1;
            else if (coordinate == n + m) dh = 1;
            else dt = 1;
            var zNew = new Dual[n];
            var error = errorBar is null ? [] : new Dual[n];
            var error2 = error2Bar is null ? [] : new Dual[n];
            DualRungeKutta.Step<TSys>(tableau, new Dual(t, dt), new Dual(h, dh), Dual.Seed(z, dz), Dual.Seed(p, dp),
                zNew, error, error2);
            double sum = Dot(w, Dual.Tangents(zNew));
            if (errorBar is not null) sum += Dot(errorBar, Dual.Tangents(error));
            if (error2Bar is not null) sum += Dot(error2Bar, Dual.Tangents(error2));
            return sum;
        }
        return new StepGradient(
            Enumerable.Range(0, n).Select(Directional).ToArray(),
            Enumerable.Range(n, m).Select(Directional).ToArray(),
            Directional(n + m),
            Directional(n + m + 1));
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
