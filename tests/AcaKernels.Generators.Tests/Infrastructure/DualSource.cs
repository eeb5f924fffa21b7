using System.Text.RegularExpressions;

namespace AcaKernels.Generators.Tests.Infrastructure;

/// <summary>
/// Forward-mode dual numbers as C# source, compiled in memory next to a "dual" copy of a dynamics method (its
/// text with double → Dual and Math → DualMath). The derivative rules here are written independently of the
/// generator's table; ties and kinks follow the same documented conventions (Abs'(0) = 1, Min picks a when a ≤ b,
/// Max when a ≥ b, d/db Pow(a, b) = 0 for a ≤ 0).
/// </summary>
internal static partial class DualSource
{
    public const string Types = """
        public readonly struct Dual
        {
            // V: value; D: derivative; A: the same derivative computed with every term's magnitude, a bound that
            // sets the tolerance of comparisons (roundoff scales with it, not with |D| when terms cancel).
            public readonly double V, D, A;
            public Dual(double v, double d) { V = v; D = d; A = System.Math.Abs(d); }
            public Dual(double v, double d, double a) { V = v; D = d; A = a; }
            public static implicit operator Dual(double v) => new(v, 0, 0);
            public static Dual operator +(Dual a, Dual b) => new(a.V + b.V, a.D + b.D, a.A + b.A);
            public static Dual operator -(Dual a, Dual b) => new(a.V - b.V, a.D - b.D, a.A + b.A);
            public static Dual operator -(Dual a) => new(-a.V, -a.D, a.A);
            public static Dual operator +(Dual a) => a;
            public static Dual operator ++(Dual a) => new(a.V + 1, a.D, a.A);
            public static Dual operator --(Dual a) => new(a.V - 1, a.D, a.A);
            public static Dual operator *(Dual a, Dual b) => new(a.V * b.V, a.D * b.V + a.V * b.D, a.A * System.Math.Abs(b.V) + System.Math.Abs(a.V) * b.A);
            public static Dual operator /(Dual a, Dual b) => new(a.V / b.V, (a.D * b.V - a.V * b.D) / (b.V * b.V),
                (a.A * System.Math.Abs(b.V) + System.Math.Abs(a.V) * b.A) / (b.V * b.V));
            public static bool operator <(Dual a, Dual b) => a.V < b.V;
            public static bool operator >(Dual a, Dual b) => a.V > b.V;
            public static bool operator <=(Dual a, Dual b) => a.V <= b.V;
            public static bool operator >=(Dual a, Dual b) => a.V >= b.V;
            public static bool operator ==(Dual a, Dual b) => a.V == b.V;
            public static bool operator !=(Dual a, Dual b) => a.V != b.V;
            public override bool Equals(object? o) => o is Dual d && d.V == V;
            public override int GetHashCode() => V.GetHashCode();
        }

        public static class DualMath
        {
            private static Dual Chain(double value, double slope, Dual a) => new(value, slope * a.D, System.Math.Abs(slope) * a.A);
            public static Dual Exp(Dual a) { double e = System.Math.Exp(a.V); return Chain(e, e, a); }
            public static Dual Log(Dual a) => Chain(System.Math.Log(a.V), 1 / a.V, a);
            public static Dual Log10(Dual a) => Chain(System.Math.Log10(a.V), 1 / (a.V * System.Math.Log(10)), a);
            public static Dual Sqrt(Dual a) { double s = System.Math.Sqrt(a.V); return Chain(s, 1 / (2 * s), a); }
            public static Dual Cbrt(Dual a) { double s = System.Math.Cbrt(a.V); return Chain(s, 1 / (3 * s * s), a); }
            public static Dual Pow(Dual a, Dual b)
            {
                double r = System.Math.Pow(a.V, b.V);
                double sa = b.V * System.Math.Pow(a.V, b.V - 1);
                double sb = b.D == 0 && b.A == 0 ? 0 : (a.V > 0 ? r * System.Math.Log(a.V) : 0);
                return new(r, sa * a.D + sb * b.D, System.Math.Abs(sa) * a.A + System.Math.Abs(sb) * b.A);
            }
            public static Dual Sin(Dual a) => Chain(System.Math.Sin(a.V), System.Math.Cos(a.V), a);
            public static Dual Cos(Dual a) => Chain(System.Math.Cos(a.V), -System.Math.Sin(a.V), a);
            public static Dual Tan(Dual a) { double c = System.Math.Cos(a.V); return Chain(System.Math.Tan(a.V), 1 / (c * c), a); }
            public static Dual Asin(Dual a) => Chain(System.Math.Asin(a.V), 1 / System.Math.Sqrt(1 - a.V * a.V), a);
            public static Dual Acos(Dual a) => Chain(System.Math.Acos(a.V), -1 / System.Math.Sqrt(1 - a.V * a.V), a);
            public static Dual Atan(Dual a) => Chain(System.Math.Atan(a.V), 1 / (1 + a.V * a.V), a);
            public static Dual Atan2(Dual y, Dual x)
            {
                double r2 = x.V * x.V + y.V * y.V;
                return new(System.Math.Atan2(y.V, x.V), (x.V * y.D - y.V * x.D) / r2, (System.Math.Abs(x.V) * y.A + System.Math.Abs(y.V) * x.A) / r2);
            }
            public static Dual Sinh(Dual a) => Chain(System.Math.Sinh(a.V), System.Math.Cosh(a.V), a);
            public static Dual Cosh(Dual a) => Chain(System.Math.Cosh(a.V), System.Math.Sinh(a.V), a);
            public static Dual Tanh(Dual a) { double c = System.Math.Cosh(a.V); return Chain(System.Math.Tanh(a.V), 1 / (c * c), a); }
            public static Dual Asinh(Dual a) => Chain(System.Math.Asinh(a.V), 1 / System.Math.Sqrt(a.V * a.V + 1), a);
            public static Dual Acosh(Dual a) => Chain(System.Math.Acosh(a.V), 1 / System.Math.Sqrt(a.V * a.V - 1), a);
            public static Dual Atanh(Dual a) => Chain(System.Math.Atanh(a.V), 1 / (1 - a.V * a.V), a);
            public static Dual Abs(Dual a) => a.V < 0 ? -a : a;
            public static Dual Min(Dual a, Dual b) => a.V <= b.V ? a : b;
            public static Dual Max(Dual a, Dual b) => a.V >= b.V ? a : b;
            public static Dual FusedMultiplyAdd(Dual a, Dual b, Dual c) => a * b + c;
            // Piecewise constant: derivative 0. Clamp follows the branch System.Math.Clamp takes.
            public static Dual Floor(Dual a) => System.Math.Floor(a.V);
            public static Dual Ceiling(Dual a) => System.Math.Ceiling(a.V);
            public static Dual Round(Dual a) => System.Math.Round(a.V);
            public static int Sign(Dual a) => System.Math.Sign(a.V);
            public static Dual Clamp(Dual v, Dual min, Dual max) => v.V < min.V ? min : v.V > max.V ? max : v;
        }
        """;

    /// <summary>The dual-number copy of a dynamics source file: no attribute, Dual for double, DualMath for Math.</summary>
    public static string ToDual(string source, string namespaceSuffix = "DualCopy")
    {
        string text = AttributeLine().Replace(source, "");
        text = DoubleKeyword().Replace(text, "Dual");
        text = text.Replace("Math.", "DualMath.");
        text = NamespaceLine().Replace(text, m => m.Value.TrimEnd(';', ' ') + "." + namespaceSuffix + ";");
        return text;
    }

    [GeneratedRegex(@"^\s*\[OdeDynamics\(.*\)\]\s*$", RegexOptions.Multiline)]
    private static partial Regex AttributeLine();

    [GeneratedRegex(@"(?<!const )\bdouble\b")]
    private static partial Regex DoubleKeyword();

    [GeneratedRegex(@"^namespace [\w.]+\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
