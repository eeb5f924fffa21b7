using AcaKernels.Tableaus;

namespace AcaKernels.Tests.Tableaus;

/// <summary>A tableau refuses inconsistent coefficients at construction.</summary>
public sealed class TableauValidationTests
{
    [Fact]
    public void Constructor_RowSumDiffersFromNode_Throws() =>
        Assert.Throws<ArgumentException>(() => new ButcherTableau("Midpoint", 2, 0,
            c: [0.0, 0.5], a: [[], [0.6]], b: [0.0, 1.0]));

    [Fact]
    public void Constructor_WeightsNotSummingToOne_Throws() =>
        Assert.Throws<ArgumentException>(() => new ButcherTableau("Midpoint", 2, 0,
            c: [0.0, 0.5], a: [[], [0.5]], b: [0.1, 1.0]));

    [Fact]
    public void Constructor_ErrorWeightsNotSummingToZero_Throws() =>
        Assert.Throws<ArgumentException>(() => new ButcherTableau("HeunEuler", 2, 1,
            c: [0.0, 1.0], a: [[], [1.0]], b: [0.5, 0.5], error: [-0.5, 0.6]));

    [Fact]
    public void Constructor_RowOfWrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new ButcherTableau("Midpoint", 2, 0,
            c: [0.0, 0.5], a: [[], [0.25, 0.25]], b: [0.0, 1.0]));

    [Fact]
    public void Constructor_SecondaryEstimateWithoutPrimary_Throws() =>
        Assert.Throws<ArgumentException>(() => new ButcherTableau("HeunEuler", 2, 1,
            c: [0.0, 1.0], a: [[], [1.0]], b: [0.5, 0.5], error2: [-0.5, 0.5]));

    [Fact]
    public void Constructor_LastRowEqualsWeightsAtNodeOne_DerivesFsal()
    {
        var fsal = new ButcherTableau("HeunEuler", 1, 0,
            c: [0.0, 1.0], a: [[], [1.0]], b: [1.0, 0.0]);
        Assert.True(fsal.IsFsal);
    }

    [Fact]
    public void UserTableau_HasItsNameAndNoMethod_AndTheBuiltInsKeepTheirs()
    {
        Assert.Equal("Fehlberg45", Support.Fehlberg45.Tableau.Name);
        Assert.Null(Support.Fehlberg45.Tableau.Method);
        Assert.True(Support.Fehlberg45.Tableau.IsAdaptive);
        foreach (RungeKuttaMethod method in Enum.GetValues<RungeKuttaMethod>())
        {
            Assert.Equal(method, ButcherTableaus.Get(method).Method);
            Assert.Equal(method.ToString(), ButcherTableaus.Get(method).Name);
        }
    }

    [Fact]
    public void Options_FixedStepUserTableauWithoutFixedStep_NamesTheTableau()
    {
        var heun = new ButcherTableau("MyHeun", 2, 0, c: [0.0, 1.0], a: [[], [1.0]], b: [0.5, 0.5]);
        var e = Assert.Throws<ArgumentException>(() => new AcaKernels.Solving.OdeOptions { Tableau = heun }.Validate(1));
        Assert.StartsWith("MyHeun is a fixed-step method", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_AdaptiveWithoutErrorOrder_Throws() =>
        Assert.Throws<ArgumentException>(() => new ButcherTableau("Bad", 2, 0,
            c: [0.0, 1.0], a: [[], [1.0]], b: [0.5, 0.5], error: [-0.5, 0.5]));
}
