namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// Compares a VJP (∂/∂t, ∂/∂z, ∂/∂p of vᵀf) with forward-mode dual numbers and with central differences.
/// Inputs are ordered (t, z₀…, p₀…). Each check returns null when it passes, or a description of the worst miss.
/// </summary>
internal static class GradientCheck
{
    /// <summary>Dual-number tolerance, relative to Σᵢ|vᵢ|·Aᵢ where A is the derivative computed with every term's
    /// magnitude: two exact-derivative methods differ only by roundoff, which scales with that sum.</summary>
    public const double DualTolerance = 1e-12;

    /// <summary>Central-difference tolerance, relative to max(1, |exact|): with steps of 1e-6·max(1, |x|) the
    /// truncation error is ~1e-12·|f'''| and the cancellation error ~1e-10·|f|.</summary>
    public const double DifferenceTolerance = 1e-7;

    public static double[] Gradient(VjpFn vjp, int n, int m, double t, double[] z, double[] p, double[] v)
    {
        var gz = new double[n];
        var gp = new double[m];
        double gt = vjp(t, z, p, v, gz, gp);
        return [gt, .. gz, .. gp];
    }

    public static string? AgainstDual(TangentFn tangent, double[] gradient, int n, int m, double t, double[] z,
        double[] p, double[] v)
    {
        var f = new double[n];
        var fDot = new double[n];
        var fMagnitude = new double[n];
        for (int k = 0; k < 1 + n + m; k++)
        {
            var zDot = new double[n];
            var pDot = new double[m];
            double tDot = 0;
            if (k == 0) tDot = 1;
            else if (k <= n) zDot[k - 1] = 1;
            else pDot[k - 1 - n] = 1;
            tangent(t, tDot, z, zDot, p, pDot, f, fDot, fMagnitude);
            double expected = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                expected += v[i] * fDot[i];
                scale += Math.Abs(v[i]) * fMagnitude[i];
            }
            double error = Math.Abs(gradient[k] - expected);
            if (!(error <= DualTolerance * scale) && !(gradient[k] == expected))
                return $"input {Name(k, n)}: VJP {gradient[k]:R}, dual {expected:R}, |error| {error:E2} > {DualTolerance:E0}·{scale:E2}";
        }
        return null;
    }

    private const double ComplexStepUnderflow = 2.2250738585072014E-308 / ComplexStepSource.Step * 16;

    /// <summary>
    /// Compares with complex-step derivatives (<paramref name="complexStep"/>, see <see cref="ComplexStepSource"/>),
    /// at the dual-number tolerance: both are exact up to roundoff, whose bound Σᵢ|vᵢ|·Aᵢ comes from the duals'
    /// magnitude (<paramref name="dual"/>), which the complex step does not carry. The imaginary part h·f′ goes
    /// subnormal below |f′| ≈ 2e-288, so an absolute slack of 16·(smallest normal)/h (3.6e-287) is allowed too.
    /// </summary>
    public static string? AgainstComplexStep(TangentFn complexStep, TangentFn dual, double[] gradient, int n, int m,
        double t, double[] z, double[] p, double[] v)
    {
        double[] f = new double[n], fDot = new double[n], stepDot = new double[n], fMagnitude = new double[n];
        for (int k = 0; k < 1 + n + m; k++)
        {
            double[] zDot = new double[n], pDot = new double[m];
            double tDot = k == 0 ? 1 : 0;
            if (k >= 1 && k <= n) zDot[k - 1] = 1;
            else if (k > n) pDot[k - 1 - n] = 1;
            dual(t, tDot, z, zDot, p, pDot, f, fDot, fMagnitude);
            complexStep(t, tDot, z, zDot, p, pDot, f, stepDot, new double[n]);
            double expected = 0, scale = 0;
            for (int i = 0; i < n; i++)
            {
                expected += v[i] * stepDot[i];
                scale += Math.Abs(v[i]) * fMagnitude[i];
            }
            double error = Math.Abs(gradient[k] - expected);
            if (!(error <= DualTolerance * scale + ComplexStepUnderflow) && !(gradient[k] == expected))
                return $"input {Name(k, n)}: VJP {gradient[k]:R}, complex step {expected:R}, |error| {error:E2} > {DualTolerance:E0}·{scale:E2}";
        }
        return null;
    }

    public static string? AgainstDifferences(EvaluateFn evaluate, double[] gradient, int n, int m, double t,
        double[] z, double[] p, double[] v, double step = 1e-6)
    {
        for (int k = 0; k < 1 + n + m; k++)
        {
            double estimate = CentralDifference(evaluate, k, n, t, z, p, v, step);
            double error = Math.Abs(gradient[k] - estimate);
            if (!(error <= DifferenceTolerance * Math.Max(1, Math.Abs(gradient[k]))))
                return $"input {Name(k, n)}: VJP {gradient[k]:R}, central difference {estimate:R}, |error| {error:E2}";
        }
        return null;
    }

    public static double CentralDifference(EvaluateFn evaluate, int k, int n, double t, double[] z, double[] p,
        double[] v, double relativeStep)
    {
        double[] zc = (double[])z.Clone(), pc = (double[])p.Clone();
        double tc = t;
        ref double x = ref k == 0 ? ref tc : ref k <= n ? ref zc[k - 1] : ref pc[k - 1 - n];
        double x0 = x, h = relativeStep * Math.Max(1, Math.Abs(x0));
        var plus = new double[n];
        var minus = new double[n];
        x = x0 + h;
        evaluate(tc, zc, pc, plus);
        x = x0 - h;
        evaluate(tc, zc, pc, minus);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += v[i] * (plus[i] - minus[i]);
        return sum / (2 * h);
    }

    private static string Name(int k, int n) => k == 0 ? "t" : k <= n ? $"z[{k - 1}]" : $"p[{k - 1 - n}]";
}
