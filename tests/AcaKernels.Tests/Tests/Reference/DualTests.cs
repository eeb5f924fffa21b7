using AcaKernels.Tests.Reference;

namespace AcaKernels.Tests.Reference;

public sealed class DualTests
{
    [Fact]
    public void Arithmetic_RationalExpression_TangentIsQuotientRuleDerivative()
    {
        // f(x) = (x² − 3) / (2x + 1) at x = 1.5: f' = (2x(2x + 1) − 2(x² − 3)) / (2x + 1)² = 13.5 / 16.
        var x = new Dual(1.5, 1);
        Dual f = (x * x - Dual.From(3)) / (Dual.From(2) * x + Dual.From(1));
        Assert.Equal((1.5 * 1.5 - 3) / 4, f.Value, 15);
        Assert.Equal(13.5 / 16, f.Tangent, 15);
    }

    [Theory]
    [InlineData(-0.8)]
    [InlineData(0.3)]
    [InlineData(2.1)]
    public void Functions_ExpTanhSinCos_TangentsMatchCentralDifferences(double x0)
    {
        // δ = 1e-5: the differences are accurate to ~1e-10, so 1e-8 absolute is a safe bound on O(1) values.
        (Func<Dual, Dual> dual, Func<double, double> real)[] functions =
        [
            (Dual.Exp, Math.Exp), (Dual.Tanh, Math.Tanh), (Dual.Sin, Math.Sin), (Dual.Cos, Math.Cos),
            (x => -x, x => -x),
        ];
        foreach ((Func<Dual, Dual> dual, Func<double, double> real) in functions)
        {
            Dual y = dual(new Dual(x0, 1));
            Assert.Equal(real(x0), y.Value);
            Assert.Equal(FiniteDifferences.Derivative(real, x0, 1e-5), y.Tangent, 8);
        }
    }

    [Fact]
    public void Seed_EmptyTangents_GivesConstants()
    {
        Dual[] duals = Dual.Seed([1.0, 2.0], default);
        Assert.Equal([1.0, 2.0], Dual.Values(duals));
        Assert.Equal([0.0, 0.0], Dual.Tangents(duals));
        Assert.Throws<ArgumentException>(() => Dual.Seed([1.0, 2.0], [1.0]));
    }
}
