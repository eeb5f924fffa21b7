using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Reference;

/// <summary>
/// A forward-mode dual number x + ẋε (ε² = 0) with one tangent: evaluating a function on duals seeded with a
/// direction yields the function's value and its directional derivative, exact up to rounding.
/// </summary>
public readonly struct Dual(double value, double tangent) : IScalar<Dual>
{
    /// <summary>The primal value.</summary>
    public readonly double Value = value;

    /// <summary>The tangent (directional derivative).</summary>
    public readonly double Tangent = tangent;

    /// <summary>A constant (zero tangent).</summary>
    public static Dual From(double value) => new(value, 0);

    /// <inheritdoc/>
    public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Tangent + b.Tangent);

    /// <inheritdoc/>
    public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Tangent - b.Tangent);

    /// <inheritdoc/>
    public static Dual operator *(Dual a, Dual b) => new(a.Value * b.Value, a.Tangent * b.Value + a.Value * b.Tangent);

    /// <inheritdoc/>
    public static Dual operator /(Dual a, Dual b) =>
        new(a.Value / b.Value, (a.Tangent * b.Value - a.Value * b.Tangent) / (b.Value * b.Value));

    /// <inheritdoc/>
    public static Dual operator -(Dual a) => new(-a.Value, -a.Tangent);

    /// <inheritdoc/>
    public static Dual Exp(Dual x)
    {
        double e = Math.Exp(x.Value);
        return new(e, e * x.Tangent);
    }

    /// <inheritdoc/>
    public static Dual Tanh(Dual x)
    {
        double th = Math.Tanh(x.Value);
        return new(th, (1 - th * th) * x.Tangent);
    }

    /// <inheritdoc/>
    public static Dual Sin(Dual x) => new(Math.Sin(x.Value), Math.Cos(x.Value) * x.Tangent);

    /// <inheritdoc/>
    public static Dual Cos(Dual x) => new(Math.Cos(x.Value), -Math.Sin(x.Value) * x.Tangent);

    /// <summary>ln x (x &gt; 0).</summary>
    public static Dual Log(Dual x) => new(Math.Log(x.Value), x.Tangent / x.Value);

    /// <summary>√x (x &gt; 0).</summary>
    public static Dual Sqrt(Dual x)
    {
        double root = Math.Sqrt(x.Value);
        return new(root, x.Tangent / (2 * root));
    }

    /// <summary>xᵃ for a constant exponent (x &gt; 0); the value is <see cref="Math.Pow"/>'s, bit for bit.</summary>
    public static Dual Pow(Dual x, double a)
    {
        double power = Math.Pow(x.Value, a);
        return new(power, a * power / x.Value * x.Tangent);
    }

    /// <summary>|x|, differentiated on the side of x's sign (at 0 the + side).</summary>
    public static Dual Abs(Dual x) => x.Value < 0 ? -x : x;

    /// <summary>Duals from values and tangents (tangents zero where <paramref name="tangents"/> is empty).</summary>
    public static Dual[] Seed(ReadOnlySpan<double> values, ReadOnlySpan<double> tangents)
    {
        if (!tangents.IsEmpty && tangents.Length != values.Length)
            throw new ArgumentException($"{tangents.Length} tangents for {values.Length} values.", nameof(tangents));
        var result = new Dual[values.Length];
        for (int i = 0; i < values.Length; i++)
            result[i] = new Dual(values[i], tangents.IsEmpty ? 0 : tangents[i]);
        return result;
    }

    /// <summary>The values of <paramref name="duals"/>.</summary>
    public static double[] Values(ReadOnlySpan<Dual> duals)
    {
        var result = new double[duals.Length];
        for (int i = 0; i < duals.Length; i++) result[i] = duals[i].Value;
        return result;
    }

    /// <summary>The tangents of <paramref name="duals"/>.</summary>
    public static double[] Tangents(ReadOnlySpan<Dual> duals)
    {
        var result = new double[duals.Length];
        for (int i = 0; i < duals.Length; i++) result[i] = duals[i].Tangent;
        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Value:R} + {Tangent:R}ε";
}
