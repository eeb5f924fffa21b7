using AcaKernels.Generators.Tests.Infrastructure;

namespace AcaKernels.Generators.Tests;

/// <summary>
/// The constructs of issue 6 item 8 (constant tables, Clamp/Sign/Floor/Round/Ceiling, ++/--, early return) at
/// points chosen to take every path: the early return, a saturated Clamp on either side, and the free path.
/// Evaluate must equal the user's method bit for bit and the VJP must match dual numbers (GradientCheck's
/// tolerance: two exact derivatives differ by roundoff only).
/// </summary>
public sealed class WiderLanguageTests
{
    public static TheoryData<string, double, double, double> Points => new()
    {
        { "ForcedOscillator", 0.95, 0.3, 1.0 },   // end stop: early return
        { "ForcedOscillator", 0.5, -0.4, 4.0 },   // actuator saturated high
        { "ForcedOscillator", -0.6, 0.2, 4.0 },   // actuator saturated low
        { "ForcedOscillator", 0.2, 0.0, 0.5 },    // Sign(0) = 0, free path
        { "ForcedLattice", 0.97, 0.1, 1.0 },      // early return before the coupling loops
        { "ForcedLattice", 0.3, -0.2, 3.0 },      // drive clamped
        { "ForcedLattice", -0.3, 0.25, 0.2 },     // drive free
    };

    [Theory]
    [MemberData(nameof(Points))]
    public void EveryPath_EvaluateIsTheUserMethod_VjpMatchesDualNumbers(string name, double z0, double z1, double gain)
    {
        SampleCase sample = SampleCase.Get(name);
        var random = new Random(11);
        double t = 0.3;
        double[] z = Enumerable.Range(0, sample.N).Select(i => i switch { 0 => z0, 1 => z1, _ => random.NextDouble() - 0.5 }).ToArray();
        double[] p = Enumerable.Range(0, sample.M).Select(k => k == 1 ? gain : 0.3 + 0.1 * k).ToArray();
        double[] v = Enumerable.Range(0, sample.N).Select(_ => random.NextDouble() * 2 - 1).ToArray();

        var expected = new double[sample.N];
        var actual = new double[sample.N];
        sample.User(t, z, p, expected);
        sample.Evaluate(t, z, p, actual);
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));

        double[] gradient = GradientCheck.Gradient(sample.Vjp, sample.N, sample.M, t, z, p, v);
        Assert.Null(GradientCheck.AgainstDual(DualCompiler.ForSample(sample), gradient, sample.N, sample.M, t, z, p, v));
    }

    [Fact]
    public void EarlyReturn_SkipsTheRestOfTheMethod()
    {
        // Oscillator at the end stop: dz = (z1, -p0·z1) and nothing else; so the VJP is exactly that Jacobian.
        SampleCase sample = SampleCase.Get("ForcedOscillator");
        double[] z = [0.95, 0.5], p = [0.25, 4, 1], v = [1, 1], dz = new double[2];
        sample.Evaluate(0.3, z, p, dz);
        Assert.Equal([0.5, -0.125], dz);
        double[] gradient = GradientCheck.Gradient(sample.Vjp, 2, 3, 0.3, z, p, v);
        Assert.Equal([0, 0, 1 - 0.25, -0.5, 0, 0], gradient);
    }
}
