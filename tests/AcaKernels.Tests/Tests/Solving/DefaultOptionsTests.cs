using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Support;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// Ordinary work succeeds with default options (issue 6, item 1): the gradient store grows instead of filling
/// at 4,096 steps, MaxSteps leaves room for 10⁵ outputs and 10⁶ steps, and a solve that cannot finish says why.
/// </summary>
public sealed class DefaultOptionsTests
{
    [Fact]
    public void Solve_5000OutputTimes_SucceedsWithDefaultsAndMatchesTheExactSolution()
    {
        // ω = 1.7 over [0, 500]: more than 4,096 accepted steps (each output is a step end).
        const int Count = 5000;
        double[] times = Enumerable.Range(0, Count).Select(k => k * 0.1).ToArray();
        double[] z0 = HarmonicOscillator.SampleState, p = HarmonicOscillator.SampleParameters;
        var solver = new OdeSolver<double, HarmonicOscillator>();
        var outputs = new double[2 * Count];
        solver.Solve(z0, p, times, outputs).ThrowIfFailed();
        Assert.True(solver.Statistics.AcceptedSteps > 4096, $"{solver.Statistics.AcceptedSteps} steps: the test needs more than the old store held");

        // Global error of DOPRI5 at rtol 1e-6 grows about linearly over 135 periods; 1e-3 of the amplitude is
        // a loose bound that still catches wrong outputs (a phase error of one step would be ~1e-1).
        var exact = new double[2];
        HarmonicOscillator.Exact(0, z0, p[0], times[^1], exact);
        Close.Equal(exact, outputs.AsSpan(2 * (Count - 1)), 1e-3, "z(500)");

        var gradZ0 = new double[2];
        solver.Gradient(outputs, gradZ0, new double[1]).ThrowIfFailed();
        Assert.All(gradZ0, g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void Defaults_StiffnessTestOnHairersSchedule()
    {
        // Hairer's DOPRI5 default NSTIFF: outside a stiff stretch the test runs on one accepted step in 1000.
        Assert.Equal(1000, new OdeOptions().StiffnessTestInterval);
    }

    [Fact]
    public void Solve_MildlyStiffRelaxation_SucceedsWithDefaults()
    {
        // λ = 1000 over [0, 20]: stability caps h·λ near 3.3, so ~8,000 steps; the old fixed store held 4,096.
        double[] times = [0.0, 10.0, 20.0];
        var solver = new OdeSolver<double, StiffRelaxation>();
        var outputs = new double[3];
        solver.Solve([0.0], [1000.0], times, outputs).ThrowIfFailed();
        Assert.True(solver.Statistics.AcceptedSteps > 4096);
        // rtol 1e-6 on a solution of size ~1 that is contracting (errors decay at rate λ): 1e-5 absolute is safe.
        Assert.Equal(StiffRelaxation.Exact(0.0, 1000.0, 20.0), outputs[2], 1e-5);
    }

    [Fact]
    public void Solve_SquarePastItsBlowUpAtTightTolerance_ReportsTheBlowUpNotTheStore()
    {
        // At rtol 1e-9 the old solver took > 10,000 steps closing in on t = 1 (most of them moving the state but
        // not t, below its resolution); its store filled first and blamed its capacity. The real cause is the
        // singularity: now ~1,000 steps reach within 1e-10 of it, where even the shortest step t can represent fails the error test.
        var solver = new OdeSolver<double, SquareBlowUp>(new OdeOptions { RelativeTolerance = 1e-9, AbsoluteTolerance = 1e-9 });
        var outputs = new double[3];
        SolveResult result = solver.Solve([1.0], [], [0.0, 0.5, 2.0], outputs);
        Assert.True(result.Status is OdeStatus.StepSizeUnderflow or OdeStatus.NonFiniteState, result.Describe());
        Assert.InRange(result.Time, 1.0 - 1e-10, 1.0 + 1e-9);
        Assert.Equal(2.0, outputs[1], 1e-8);   // reached: z(0.5) = 1/(1 − 0.5)
        Assert.True(double.IsNaN(outputs[2]));   // not reached
    }

    [Fact]
    public void Solve_100000OutputTimes_SucceedsWithDefaults()
    {
        // Lorenz over [0, 100] with outputs every 0.001: every output ends a step, and the chaotic flow makes
        // the controller reject some trials on the way.
        const int Count = 100_000;
        double[] times = Enumerable.Range(0, Count).Select(k => k * 1e-3).ToArray();
        var solver = new OdeSolver<double, Lorenz63>();
        var outputs = new double[3 * Count];
        SolveResult result = solver.Solve(Lorenz63.SampleState, Lorenz63.SampleParameters, times, outputs);
        Assert.True(result.IsSuccess, result.Describe());
        Assert.True(result.Statistics.AcceptedSteps >= Count - 1);
        Assert.All(outputs, x => Assert.True(double.IsFinite(x)));
        var gradZ0 = new double[3];
        solver.Gradient(outputs, gradZ0, new double[3]).ThrowIfFailed();
    }

    [Fact]
    public void SolveAndGradient_OneMillionSteps_SucceedWithDefaults()
    {
        // ω = 100 over [0, 2000]: DOPRI5 at rtol 1e-6 takes ~35 steps per period of 0.063, over 10⁶ in all.
        // ACA keeps every step (10⁶ × 32 B, well under the 1 GiB default ceiling).
        double[] z0 = [1.0, 0.0], p = [100.0], times = [0.0, 2000.0];
        var solver = new OdeSolver<double, HarmonicOscillator>();
        var outputs = new double[4];
        SolveResult result = solver.Solve(z0, p, times, outputs);
        Assert.True(result.IsSuccess, result.Describe());
        Assert.True(result.Statistics.AcceptedSteps > 1_000_000, $"{result.Statistics.AcceptedSteps} steps");
        Assert.Equal(result.Statistics.AcceptedSteps, solver.AcceptedSteps.Count);

        // d z₀(T)/d z₀(0) = cos ωT exactly; the discrete map's derivative differs by the global error (the
        // phase drifts by ~1e-6 per period over 3·10⁴ periods), so 0.1 absolute is the honest bound.
        var gradZ0 = new double[2];
        solver.Gradient([0, 0, 1, 0], gradZ0, new double[1]).ThrowIfFailed();
        Assert.Equal(Math.Cos(100.0 * 2000.0), gradZ0[0], 0.1);
    }

    [Fact]
    public void Solve_ForwardOnlySolver_RecordsNothingAndRefusesGradients()
    {
        var solver = new OdeSolver<double, StiffRelaxation>(new OdeOptions { Gradient = GradientMethod.None });
        var outputs = new double[2];
        solver.Solve([0.0], [1000.0], [0.0, 20.0], outputs).ThrowIfFailed();
        Assert.Equal(0, solver.Statistics.GradientMemoryBytes);
        Assert.Equal(0, solver.AcceptedSteps.Count);
        var exception = Assert.Throws<InvalidOperationException>(() => solver.Gradient(new double[2], new double[1], new double[1]));
        Assert.Contains("GradientMethod.Aca", exception.Message);
    }
}
