using System.Collections.Generic;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// How every kernel printer writes the weighted sums of a Runge-Kutta step and the accumulations of its reverse, by
/// the one spec on <c>ButcherTableau</c> ("Arithmetic of the weighted sums"): a sum starts at its first term's
/// product and adds each further term by a fused multiply-add, a state moves by fma(h, S, z), and a reverse
/// accumulation g += a·b is g = fma(a, b, g). Each printer (scalar spans, GPU views, lanes) makes one instance with
/// its own multiply-add callee and calls these methods at every such site, so the engines cannot drift apart.
/// </summary>
/// <param name="Callee">The fused multiply-add of the target, called as Callee(a, b, c) = a·b + c rounded once:
/// <c>global::System.Math.FusedMultiplyAdd</c> (MathF for float), <c>global::AcaKernels.Gpu.Kernels.GpuMath.Fma</c>
/// or <c>global::System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd</c>.</param>
/// <param name="Zero">The target's zero, the value of a sum without terms.</param>
internal sealed record FusedSums(string Callee, string Zero)
{
    /// <summary>The fused multiply-adds of scalar C# on the CPU.</summary>
    public static FusedSums Scalar(string element, string zero) =>
        new(element == "float" ? "global::System.MathF.FusedMultiplyAdd" : "global::System.Math.FusedMultiplyAdd", zero);

    /// <summary>a·b + c, rounded once.</summary>
    public string Fma(string a, string b, string c) => $"{Callee}({a}, {b}, {c})";

    /// <summary>Σ w·k over <paramref name="terms"/> in their order: (w₀·k₀), then fma(w, k, S) per further term;
    /// <see cref="Zero"/> without terms. The first product is parenthesised, so h·S reads h·(w₀·k₀).</summary>
    public string Sum(IEnumerable<(string Weight, string Value)> terms)
    {
        string? sum = null;
        foreach ((string w, string k) in terms)
            sum = sum is null ? $"({w} * {k})" : Fma(w, k, sum);
        return sum ?? Zero;
    }

    /// <summary>The weighted sum of a tableau row: the terms l &lt; <paramref name="count"/> whose weight
    /// <paramref name="weight"/> gives (null where the coefficient is zero in T and dropped).</summary>
    public string Row(int count, Func<int, string?> weight, Func<int, string> stage) =>
        Sum(Enumerable.Range(0, count).Where(l => weight(l) is not null).Select(l => (weight(l)!, stage(l))));

    /// <summary>A stage input or new state z + h·S as fma(h, S, z).</summary>
    public string Advance(string z, string h, string sum) => Fma(h, sum, z);

    /// <summary>The statement g += a·b, as g = fma(a, b, g);.</summary>
    public string Accumulate(string g, string a, string b) => $"{g} = {Fma(a, b, g)};";

    /// <summary>The loop-form weighted sum's statements, inside a loop over j: acc = w₀·k₀[j]; acc = fma(w, k[j], acc); …
    /// (acc = <see cref="Zero"/> without terms).</summary>
    public IEnumerable<string> LoopSum(string type, int count, Func<int, string?> weight, Func<int, string> stageAt)
    {
        bool first = true;
        for (int l = 0; l < count; l++)
        {
            if (weight(l) is not string w) continue;
            yield return first ? $"{type} acc = {w} * {stageAt(l)};" : Accumulate("acc", w, stageAt(l));
            first = false;
        }
        if (first) yield return $"{type} acc = {Zero};";
    }
}
