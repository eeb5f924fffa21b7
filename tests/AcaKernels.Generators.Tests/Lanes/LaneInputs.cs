using System.Runtime.Intrinsics;

namespace AcaKernels.Generators.Tests.Lanes;

/// <summary>
/// Inputs for the lane kernels: one trajectory per lane, each with its own t, h, z and p (the hooks allow per-lane
/// parameters; a driver that shares θ broadcasts it, which is the special case of equal lanes), packed
/// struct-of-arrays (vector j = component j of every lane) and read back lane by lane.
/// </summary>
internal sealed class LaneInputs
{
    public const int Lanes = 8;

    public required double[] T { get; init; }

    public required double[] H { get; init; }

    /// <summary>Z[l] is lane l's state.</summary>
    public required double[][] Z { get; init; }

    /// <summary>P[l] is lane l's parameters.</summary>
    public required double[][] P { get; init; }

    /// <summary>Uniform in ±scale per component, t in [0, 1), h in [0.01, 0.21): the ranges of FusedStepTests.</summary>
    public static LaneInputs Random(int seed, int n, int m, double stateScale, double parameterScale)
    {
        var random = new Random(seed);
        double Next(double scale) => (random.NextDouble() * 2 - 1) * scale;
        return new LaneInputs
        {
            T = Enumerable.Range(0, Lanes).Select(_ => random.NextDouble()).ToArray(),
            H = Enumerable.Range(0, Lanes).Select(_ => 0.01 + 0.2 * random.NextDouble()).ToArray(),
            Z = Enumerable.Range(0, Lanes).Select(_ => Enumerable.Range(0, n).Select(_ => Next(stateScale)).ToArray()).ToArray(),
            P = Enumerable.Range(0, Lanes).Select(_ => Enumerable.Range(0, m).Select(_ => Next(parameterScale)).ToArray()).ToArray(),
        };
    }

    /// <summary>A deep copy (tests poison one copy and keep the other).</summary>
    public LaneInputs Clone() => new()
    {
        T = (double[])T.Clone(),
        H = (double[])H.Clone(),
        Z = Z.Select(z => (double[])z.Clone()).ToArray(),
        P = P.Select(p => (double[])p.Clone()).ToArray(),
    };

    public static Vector512<double> Pack(double[] lanes) => Vector512.Create(lanes);

    /// <summary>Struct-of-arrays: vector j holds component j of every lane.</summary>
    public static Vector512<double>[] Pack(double[][] lanes, int count) =>
        Enumerable.Range(0, count).Select(j => Vector512.Create(lanes.Select(lane => lane[j]).ToArray())).ToArray();

    /// <summary>Lane <paramref name="lane"/> of every vector.</summary>
    public static double[] Lane(Vector512<double>[] vectors, int lane) => vectors.Select(v => v[lane]).ToArray();

    /// <summary>Bit for bit, except that any NaN equals any NaN: NaN payloads are not part of the contract (x86 keeps the
    /// first operand's payload, and the JIT may order commutative operands differently in scalar and vector code).</summary>
    public static void AssertSame(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i])
                || double.IsNaN(expected[i]) && double.IsNaN(actual[i]),
                $"{what}[{i}]: scalar {expected[i]:R} ({BitConverter.DoubleToInt64Bits(expected[i]):X16}), lane {actual[i]:R} ({BitConverter.DoubleToInt64Bits(actual[i]):X16})");
    }
}
