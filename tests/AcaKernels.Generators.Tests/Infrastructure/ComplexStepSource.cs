using System.Text.RegularExpressions;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// The complex-step derivative as C# source, a second oracle beside <see cref="DualSource"/>: a copy of a dynamics
/// method with double → CStep (a System.Numerics.Complex that compares by its real part) and Math → CMath, run at
/// x + i·h·ẋ with h = 1e-20, gives ∂f/∂x·ẋ = Im f / h with no cancellation (Squire and Trapp, SIAM Review 40, 1998).
/// The analytic functions go through System.Numerics.Complex, so they share no code with the dual numbers' rules
/// or the generator's; the non-analytic ones (Abs, Min, Max, the sign in Cbrt and Atan2's quadrant) choose by the
/// real part, with the same tie conventions as the generator (Abs'(0) = 1, Min picks a when a ≤ b, Max when a ≥ b,
/// d/db Pow(a, b) = 0 for a ≤ 0).
/// </summary>
internal static partial class ComplexStepSource
{
    /// <summary>The step: small enough that h² terms vanish against 1e-16 relative error, large enough not to underflow.</summary>
    public const double Step = 1e-20;

    public const string Types = """
        public readonly struct CStep
        {
            public readonly System.Numerics.Complex C;
            public CStep(System.Numerics.Complex c) { C = c; }
            public CStep(double re, double im) { C = new System.Numerics.Complex(re, im); }
            public double Re => C.Real;
            public double Im => C.Imaginary;
            public static implicit operator CStep(double v) => new(v, 0);
            public static CStep operator +(CStep a, CStep b) => new(a.C + b.C);
            public static CStep operator -(CStep a, CStep b) => new(a.C - b.C);
            public static CStep operator -(CStep a) => new(-a.C);
            public static CStep operator +(CStep a) => a;
            public static CStep operator *(CStep a, CStep b) => new(a.C * b.C);
            public static CStep operator /(CStep a, CStep b) => new(a.C / b.C);
            public static bool operator <(CStep a, CStep b) => a.Re < b.Re;
            public static bool operator >(CStep a, CStep b) => a.Re > b.Re;
            public static bool operator <=(CStep a, CStep b) => a.Re <= b.Re;
            public static bool operator >=(CStep a, CStep b) => a.Re >= b.Re;
            public static bool operator ==(CStep a, CStep b) => a.Re == b.Re;
            public static bool operator !=(CStep a, CStep b) => a.Re != b.Re;
            public override bool Equals(object? o) => o is CStep c && c.Re == Re;
            public override int GetHashCode() => Re.GetHashCode();
        }

        public static class CMath
        {
            private static CStep W(System.Numerics.Complex c) => new(c);
            public static CStep Exp(CStep a) => W(System.Numerics.Complex.Exp(a.C));
            public static CStep Log(CStep a) => W(System.Numerics.Complex.Log(a.C));
            public static CStep Log10(CStep a) => W(System.Numerics.Complex.Log(a.C) / System.Math.Log(10));
            public static CStep Sqrt(CStep a) => W(System.Numerics.Complex.Sqrt(a.C));
            public static CStep Cbrt(CStep a) => a.Re < 0 ? -W(System.Numerics.Complex.Pow(-a.C, 1.0 / 3)) : W(System.Numerics.Complex.Pow(a.C, 1.0 / 3));
            public static CStep Pow(CStep a, CStep b) => a.Re > 0
                ? W(System.Numerics.Complex.Exp(b.C * System.Numerics.Complex.Log(a.C)))
                : new(System.Math.Pow(a.Re, b.Re), b.Re * System.Math.Pow(a.Re, b.Re - 1) * a.Im);
            public static CStep Sin(CStep a) => W(System.Numerics.Complex.Sin(a.C));
            public static CStep Cos(CStep a) => W(System.Numerics.Complex.Cos(a.C));
            public static CStep Tan(CStep a) => W(System.Numerics.Complex.Tan(a.C));
            public static CStep Asin(CStep a) => W(System.Numerics.Complex.Asin(a.C));
            public static CStep Acos(CStep a) => W(System.Numerics.Complex.Acos(a.C));
            // Complex.Atan is the textbook difference of two logarithms, which loses a 1e-20 imaginary part to
            // cancellation; atan z = asin(z / √(1 + z²)) has no cancellation.
            public static CStep Atan(CStep a) => W(System.Numerics.Complex.Asin(a.C / System.Numerics.Complex.Sqrt(1 + a.C * a.C)));
            public static CStep Atan2(CStep y, CStep x)
            {
                // atan(y/x) plus the quadrant's constant; near x = 0 the equivalent π/2 − atan(x/y) form.
                double angle = System.Math.Atan2(y.Re, x.Re);
                if (System.Math.Abs(x.Re) >= System.Math.Abs(y.Re))
                    return new(angle, Atan(y / x).Im);
                return new(angle, -Atan(x / y).Im);
            }
            public static CStep Sinh(CStep a) => W(System.Numerics.Complex.Sinh(a.C));
            public static CStep Cosh(CStep a) => W(System.Numerics.Complex.Cosh(a.C));
            public static CStep Tanh(CStep a) => W(System.Numerics.Complex.Tanh(a.C));
            public static CStep Asinh(CStep a) => a.Re < 0 ? -Asinh(-a) : Log(a + Sqrt(a * a + 1));
            public static CStep Acosh(CStep a) => Log(a + Sqrt(a - 1) * Sqrt(a + 1));
            public static CStep Atanh(CStep a) => 0.5 * Log((1 + a) / (1 - a));
            public static CStep Abs(CStep a) => a.Re < 0 ? -a : a;
            public static CStep Min(CStep a, CStep b) => a.Re <= b.Re ? a : b;
            public static CStep Max(CStep a, CStep b) => a.Re >= b.Re ? a : b;
            public static CStep FusedMultiplyAdd(CStep a, CStep b, CStep c) => a * b + c;
        }
        """;

    /// <summary>The complex-step copy of a dynamics source file: no attribute, CStep for double, CMath for Math.</summary>
    public static string ToComplex(string source, string namespaceSuffix = "ComplexCopy")
    {
        string text = AttributeLine().Replace(source, "");
        text = DoubleKeyword().Replace(text, "CStep");
        text = text.Replace("Math.", "CMath.");
        text = NamespaceLine().Replace(text, m => m.Value.TrimEnd(';', ' ') + "." + namespaceSuffix + ";");
        return text;
    }

    /// <summary>
    /// A static class <paramref name="className"/> with Derivative(t, ṫ, z, ż, p, ṗ, f, ḟ) calling the complex
    /// method <paramref name="complexMethod"/> (same signature as <see cref="TangentFn"/>; fMagnitude is unused).
    /// </summary>
    public static string Harness(string className, string complexMethod) => $$"""
        public static class {{className}}
        {
            public static void Derivative(double t, double tDot, double[] z, double[] zDot, double[] p, double[] pDot, double[] f, double[] fDot, double[] fMagnitude)
            {
                const double h = {{Step:R}};
                var zc = new CStep[z.Length];
                for (int i = 0; i < z.Length; i++) zc[i] = new CStep(z[i], h * zDot[i]);
                var pc = new CStep[p.Length];
                for (int i = 0; i < p.Length; i++) pc[i] = new CStep(p[i], h * pDot[i]);
                var fc = new CStep[f.Length];
                {{complexMethod}}(new CStep(t, h * tDot), zc, pc, fc);
                for (int i = 0; i < f.Length; i++) { f[i] = fc[i].Re; fDot[i] = fc[i].Im / h; }
            }
        }
        """;

    [GeneratedRegex(@"^\s*\[OdeDynamics\(.*\)\]\s*$", RegexOptions.Multiline)]
    private static partial Regex AttributeLine();

    [GeneratedRegex(@"(?<!const )\bdouble\b")]
    private static partial Regex DoubleKeyword();

    [GeneratedRegex(@"^namespace [\w.]+\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
