using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>The gradient storage grows up to <see cref="OdeOptions.GradientMemoryLimit"/> and fails there, naming it.</summary>
public sealed class GradientMemoryTests
{
    private static readonly double[] Times = [0.0, 100.0];

    [Theory]
    [InlineData(GradientMethod.Aca)]
    [InlineData(GradientMethod.Naive)]
    public void Solve_StorageWouldPassTheCeiling_ReportsGradientMemoryLimitExceeded(GradientMethod method)
    {
        // Lorenz over [0, 100] takes ~10⁴ steps; 50 kB holds ~1,250 ACA checkpoints of (t, h, 3 doubles).
        const long Limit = 50_000;
        var solver = new OdeSolver<double, Lorenz63>(new OdeOptions { Gradient = method, GradientMemoryLimit = Limit, CheckpointCapacity = 16 });
        SolveResult result = solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, Times, new double[6]);
        Assert.Equal(OdeStatus.GradientMemoryLimitExceeded, result.Status);
        Assert.InRange(result.Statistics.GradientMemoryBytes, 1, Limit);
        Assert.Contains("OdeOptions.GradientMemoryLimit", result.Describe());
        Assert.Contains($"t = {result.Time:R}", result.Describe());
    }

    [Fact]
    public void Solve_CeilingLargeEnough_GrowsAndMatchesAPreallocatedStore()
    {
        // Growing changes where the checkpoints live, never what they are: same steps, same gradient bits.
        var growing = new OdeSolver<double, Lorenz63>(new OdeOptions { CheckpointCapacity = 2 });
        var fixedStore = new OdeSolver<double, Lorenz63>(new OdeOptions { CheckpointGrowth = CheckpointGrowth.Fail, CheckpointCapacity = 100_000 });
        double[] seeds = [0, 0, 0, 1, -1, 0.5];
        var gradGrowing = new double[3];
        var gradFixed = new double[3];
        growing.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, Times, new double[6]).ThrowIfFailed();
        growing.Gradient(seeds, new double[3], gradGrowing).ThrowIfFailed();
        fixedStore.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, Times, new double[6]).ThrowIfFailed();
        fixedStore.Gradient(seeds, new double[3], gradFixed).ThrowIfFailed();
        Assert.Equal(gradFixed, gradGrowing);
        Assert.Equal(fixedStore.AcceptedSteps.Times.ToArray(), growing.AcceptedSteps.Times.ToArray());
    }

    [Fact]
    public void AcceptedSteps_AfterSolve_ReadTheStepsThatLandOnTheOutputs()
    {
        var solver = new OdeSolver<double, Lorenz63>();
        double[] times = [0.0, 0.5, 1.0];
        var outputs = new double[9];
        solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, times, outputs).ThrowIfFailed();
        AcceptedStepsView<double> steps = solver.AcceptedSteps;
        Assert.Equal(solver.Statistics.AcceptedSteps, steps.Count);
        // Consecutive steps chain: tᵢ + hᵢ = tᵢ₊₁ (exactly, or to rounding where a step was clipped to an output).
        for (int i = 0; i + 1 < steps.Count; i++) Assert.Equal(steps.Times[i + 1], steps.Times[i] + steps.Steps[i], 1e-14);
        Assert.Equal(1.0, steps.Times[^1] + steps.Steps[^1], 1e-14);
        // The step that starts at output 1 starts from the state written to output 1.
        Assert.Equal(outputs.AsSpan(3, 3).ToArray(), steps.State(steps.OutputSteps[1]).ToArray());
        Assert.Equal(Lorenz63.SampleState, steps.State(0).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => solver.AcceptedSteps.State(steps.Count));
    }

    [Fact]
    public void AcceptedSteps_AfterAFailedSolve_HoldTheStepsUpToTheFailureAndOnlyTheReachedOutputs()
    {
        var solver = new OdeSolver<double, Lorenz63>(new OdeOptions { MaxSteps = 100 });
        SolveResult result = solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, [0.0, 0.01, 50.0], new double[9]);
        Assert.Equal(OdeStatus.MaxStepsExceeded, result.Status);
        AcceptedStepsView<double> steps = solver.AcceptedSteps;
        Assert.Equal(result.Step, steps.Count);
        Assert.Equal(2, steps.OutputSteps.Length);   // outputs 0 and 1 were reached, output 2 was not
        Assert.Equal(result.Time, steps.Times[^1] + steps.Steps[^1], 1e-12);
    }
}
