using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// A relative tolerance below the machine epsilon of the state's type cannot be met: a float32 system at rtol 1e-12
/// took 123 473 steps and reported success (a user trial), at 1e-9 it "succeeded" with rounding noise. Such options
/// are misuse and throw where the solver is built, naming the setting, the type's epsilon and the fix.
/// </summary>
public sealed class TolerancePrecisionTests
{
    [Theory]
    [InlineData(1e-9)]
    [InlineData(1e-12)]
    public void FloatSolver_RelativeToleranceBelowFloatEpsilon_ThrowsNamingTheFix(double rtol)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new OdeSolver<float, Lorenz63>(new OdeOptions { RelativeTolerance = rtol, AbsoluteTolerance = rtol }));
        Assert.Equal(nameof(OdeOptions.RelativeTolerance), exception.ParamName);
        Assert.Contains("below the precision of Single (machine epsilon 1.19E-07)", exception.Message);
        Assert.Contains("or solve in double", exception.Message);
    }

    [Fact]
    public void FloatSolver_PerComponentRelativeToleranceBelowFloatEpsilon_ThrowsNamingTheComponent()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new OdeSolver<float, Lorenz63>(new OdeOptions { RelativeTolerances = [1e-5, 1e-5, 1e-10] }));
        Assert.Equal("RelativeTolerances[2]", exception.ParamName);
    }

    [Fact]
    public void DoubleSolver_RelativeToleranceBelowDoubleEpsilon_Throws()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new OdeSolver<double, Lorenz63>(new OdeOptions { RelativeTolerance = 1e-20 }));
        Assert.Contains("below the precision of Double", exception.Message);
    }

    [Fact]
    public void FloatEnsemble_RelativeToleranceBelowFloatEpsilon_ThrowsBeforeStartingThreads()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new EnsembleSolver<float, Lorenz63>(4, new OdeOptions { RelativeTolerance = 1e-10 }));
    }

    [Fact]
    public void Solvers_ToleranceAtOrAboveEpsilon_AreAccepted()
    {
        // The bound is epsilon itself: float at 1.2e-7 and double at 1e-15 (tight reference solves) still run.
        var outputs = new float[6];
        var solver = new OdeSolver<float, Lorenz63>(new OdeOptions { RelativeTolerance = 1.2e-7, AbsoluteTolerance = 1e-9 });
        Assert.True(solver.Solve([1f, 1f, 1f], [10f, 28f, 2.5f], [0.0, 0.1], outputs).IsSuccess);
        _ = new OdeSolver<double, Lorenz63>(new OdeOptions { RelativeTolerance = 1e-15 });
        // Per-component tolerances override the scalar one, which is then not checked.
        _ = new OdeSolver<float, Lorenz63>(new OdeOptions { RelativeTolerance = 1e-12, RelativeTolerances = [1e-5, 1e-5, 1e-5] });
    }
}
