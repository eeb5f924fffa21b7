using AcaKernels.Solving;
using AcaKernels.Tests.Systems;
using Gated = AcaKernels.Tests.Systems.GatedDecay<AcaKernels.Tests.Solving.MisuseTests>; // this class's own gate

namespace AcaKernels.Tests.Solving;

/// <summary>Misuse is loud (issue 6, items 2, 4 and 5): errors name the input, and nothing is silently wrong.</summary>
public sealed class MisuseTests
{
    [Fact]
    public void SolveAndGradient_CalledWhileAnotherThreadIsInside_ThrowInvalidOperationException()
    {
        var solver = new OdeSolver<double, Gated>();
        double[] times = [0.0, 1.0];
        var firstOutputs = new double[2];
        SolveResult first = default;
        Gated.Arm();
        var thread = new Thread(() => first = solver.Solve([1.0], [], times, firstOutputs));
        thread.Start();
        Gated.Entered.Wait();   // the first call is now inside Solve, blocked in f

        var solve = Assert.Throws<InvalidOperationException>(() => solver.Solve([2.0], [], times, new double[2]));
        Assert.Contains("one solver per thread", solve.Message);
        Assert.Throws<InvalidOperationException>(() => solver.Gradient(new double[2], new double[1], new double[1]));

        Gated.Release.Set();
        thread.Join();
        // The rejected calls touched nothing: the first solve is intact (z(1) = e⁻¹ to the tolerance), and the
        // solver is usable again.
        Assert.True(first.IsSuccess, first.Describe());
        Assert.Equal(Math.Exp(-1), firstOutputs[1], 1e-6);
        var gradZ0 = new double[1];
        solver.Gradient([0.0, 1.0], gradZ0, []).ThrowIfFailed();
        Assert.Equal(Math.Exp(-1), gradZ0[0], 1e-6);
    }

    [Theory]
    [InlineData(2, double.NaN, "z0[2] is NaN")]
    [InlineData(0, double.PositiveInfinity, "z0[0] is +∞")]
    public void Solve_NonFiniteInitialState_ThrowsNamingTheElement(int index, double value, string message)
    {
        double[] z0 = Lorenz63.SampleState;
        z0[index] = value;
        var exception = Assert.Throws<ArgumentException>(() =>
            new OdeSolver<double, Lorenz63>().Solve(z0, Lorenz63.SampleParameters, [0.0, 1.0], new double[6]));
        Assert.Contains(message, exception.Message);
        Assert.Equal("z0", exception.ParamName);
    }

    [Fact]
    public void Solve_NaNParameter_ThrowsNamingTheElement()
    {
        double[] p = Lorenz63.SampleParameters;
        p[1] = double.NaN;
        var exception = Assert.Throws<ArgumentException>(() =>
            new OdeSolver<double, Lorenz63>().Solve(Lorenz63.SampleState, p, [0.0, 1.0], new double[6]));
        Assert.Contains("p[1] is NaN", exception.Message);
    }

    [Fact]
    public void Solve_NonFiniteFloatState_ThrowsNamingTheElement()
    {
        var exception = Assert.Throws<ArgumentException>(() =>
            new OdeSolver<float, Lorenz63>().Solve([1f, float.NaN, 1f], [10f, 28f, 2.5f], [0.0, 1.0], new float[6]));
        Assert.Contains("z0[1] is NaN", exception.Message);
    }

    [Theory]
    [InlineData(1e-170)]
    [InlineData(-1e-170)]
    public void Solve_TimesOneTinySpacingApart_AreAccepted(double end)
    {
        // The old check squared the spacing, which underflows to 0 and called these times "not monotone".
        var outputs = new double[6];
        SolveResult result = new OdeSolver<double, Lorenz63>().Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, [0.0, end], outputs);
        Assert.True(result.IsSuccess, result.Describe());
        // A step of 1e-170 cannot move a state of size 1: z(end) = z0 bit for bit.
        Assert.Equal(Lorenz63.SampleState, outputs.AsSpan(3).ToArray());
    }

    [Fact]
    public void Solve_Failed_LeavesUnreachedOutputsNaNEvenAfterASuccessfulSolve()
    {
        // z' = z: a first solve fills every output; a second one, stopped by MaxSteps, must not leave the old
        // values where it did not reach.
        var solver = new OdeSolver<double, ExponentialDecay>(new OdeOptions { MaxSteps = 30 });
        double[] times = [0.0, 0.1, 0.2, 50.0, 60.0];
        var outputs = new double[5];
        solver.Solve([1.0], [0.5], times.AsSpan(0, 3), outputs.AsSpan(0, 3)).ThrowIfFailed();
        outputs.AsSpan().Fill(7.0);
        SolveResult result = solver.Solve([1.0], [0.5], times, outputs);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Status);
        Assert.Equal(1.0, outputs[0]);
        Assert.True(double.IsFinite(outputs[1]) && double.IsFinite(outputs[2]));
        Assert.True(double.IsNaN(outputs[3]) && double.IsNaN(outputs[4]));
    }

    [Fact]
    public void Gradient_AfterAFailedSolve_SaysTheSolveFailedAndWithWhat()
    {
        // z' = z² blows up at t = 1: the solve fails, and the gradient must say so rather than "call Solve first".
        var solver = new OdeSolver<double, SquareBlowUp>();
        GradientResult before = solver.Gradient([0.0, 1.0], new double[1], []);
        Assert.Equal(OdeStatus.NoForwardSolve, before.Result.Cause);
        Assert.Contains("call Solve first", before.Result.Describe());

        SolveResult solve = solver.Solve([1.0], [], [0.0, 2.0], new double[2]);
        Assert.False(solve.IsSuccess);
        GradientResult after = solver.Gradient([0.0, 1.0], new double[1], []);
        Assert.Equal(OdeStatus.NoForwardSolve, after.Result.Status);
        Assert.Equal(solve.Status, after.Result.Cause);
        Assert.Contains($"the last Solve failed with {solve.Status}", after.Result.Describe());
        Assert.DoesNotContain("call Solve first", after.Result.Describe());
    }
}
