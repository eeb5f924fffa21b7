using System.Collections.Generic;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Ir;

/// <summary>One term coefficient·loopVariable of an <see cref="Affine"/> expression.</summary>
internal sealed record AffineTerm(int LoopVariable, int Coefficient);

/// <summary>An integer expression Constant + Σ coefficient·loopVariable, the only index form the IR allows.
/// Terms are sorted by loop variable and have nonzero coefficients, so equal expressions are equal records.</summary>
internal sealed record Affine(int Constant, EquatableArray<AffineTerm> Terms)
{
    public static Affine Of(int constant) => new(constant, EquatableArray<AffineTerm>.Empty);

    public static Affine Variable(int loopVariable) => new(0, EquatableArray.Create(new AffineTerm(loopVariable, 1)));

    public bool IsConstant => Terms.Count == 0;

    public Affine Add(Affine other) => Combine(other, 1);

    public Affine Subtract(Affine other) => Combine(other, -1);

    public Affine Scale(int factor)
    {
        if (factor == 0) return Of(0);
        return new Affine(checked(Constant * factor),
            Terms.Select(t => new AffineTerm(t.LoopVariable, checked(t.Coefficient * factor))).ToEquatableArray());
    }

    private Affine Combine(Affine other, int sign)
    {
        var sum = new SortedDictionary<int, int>();
        foreach (AffineTerm t in Terms) sum[t.LoopVariable] = t.Coefficient;
        foreach (AffineTerm t in other.Terms)
        {
            sum.TryGetValue(t.LoopVariable, out int c);
            sum[t.LoopVariable] = checked(c + sign * t.Coefficient);
        }
        return new Affine(checked(Constant + sign * other.Constant),
            sum.Where(kv => kv.Value != 0).Select(kv => new AffineTerm(kv.Key, kv.Value)).ToEquatableArray());
    }
}
