using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// Loop-form VJPs (scalar and lane) hoist index arithmetic into int locals loop level by loop level
/// (Emit/LoopIndexLocals): a small padded convolution, the classifier block's access pattern, gets them, and its VJP
/// still equals dual numbers and complex steps (indices keep their values, so the arithmetic is unchanged). Sqrt, not a
/// transcendental function: generated code calls OdeMath's (Tanh, Log10, …), an ulp from the user's Math function at
/// some points, and Check wants f bit for bit.
/// </summary>
public sealed class IndexLocalsTests
{
    private const string Convolution = """
        [OdeDynamics(8, 19)]
        public static void F(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
        {
            Span<double> padded = stackalloc double[2 * 6];
            for (int c = 0; c < 2; c++)
                for (int x = 0; x < 4; x++)
                    padded[c * 6 + x + 1] = z[c * 4 + x];
            for (int o = 0; o < 2; o++)
            {
                double s0 = p[18], s1 = p[18];
                for (int i = 0; i < 2; i++)
                    for (int k = 0; k < 3; k++)
                    {
                        double w = p[o * 9 + i * 3 + k];
                        s0 += w * Math.Sqrt(2 + padded[i * 6 + k + 0] * padded[i * 6 + k + 0]);
                        s1 += w * Math.Sqrt(2 + padded[i * 6 + k + 1] * padded[i * 6 + k + 1]);
                    }
                dz[o * 4 + 0] = s0;
                dz[o * 4 + 1] = s1;
                dz[o * 4 + 2] = s0 * s1;
                dz[o * 4 + 3] = -s1;
            }
        }
        """;

    [Fact]
    public void LoopVjps_HoistRepeatedIndexParts()
    {
        GeneratorRun run = GeneratorHarness.Run(fusedKernels: true, registerKernels: false,
            "public static partial class Conv\n{\n" + Convolution + "\n}\n");
        Assert.Empty(run.Errors);
        string generated = Assert.Single(run.GeneratedSources);
        string scalarVjp = Method(generated, "public static double VectorJacobianProduct(");
        string laneVjp = Method(generated, "private static global::System.Runtime.Intrinsics.Vector512<double> VectorJacobianProductLanes(");
        foreach (string vjp in new[] { scalarVjp, laneVjp })
        {
            // i·6 + k is read twice per k iteration (offsets 0 and 1) in the forward sweep and the reverse sweep.
            Assert.Contains("int ix", vjp, StringComparison.Ordinal);
            Assert.Matches(@"padded\[ix\d+ \+ 1\]", vjp);
        }
        // f itself is printed as before.
        Assert.DoesNotContain("int ix", Method(generated, "public static void Evaluate("), StringComparison.Ordinal);
    }

    [Fact]
    public void LoopVjp_WithHoistedIndices_MatchesDualNumbers()
    {
        using var snippet = CompiledSnippet.Build(Convolution, 8, 19, registerKernels: false);
        var random = new Random(17);
        double[] Draw(int count) => Enumerable.Range(0, count).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        for (int trial = 0; trial < 3; trial++) snippet.Check(0.1, Draw(8), Draw(19), Draw(8));
    }

    /// <summary>The text of the method that starts at <paramref name="signature"/>, to its closing brace.</summary>
    private static string Method(string source, string signature)
    {
        int start = source.IndexOf(signature, StringComparison.Ordinal);
        Assert.True(start >= 0, signature + " not found");
        int open = source.IndexOf('{', start), depth = 0;
        for (int i = open; i < source.Length; i++)
        {
            if (source[i] == '{') depth++;
            else if (source[i] == '}' && --depth == 0) return source.Substring(start, i - start + 1);
        }
        throw new InvalidOperationException("unbalanced braces");
    }
}
