using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Gpu.Tests.Systems;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// One trajectory that blows up, turns NaN, turns stiff or outgrows its checkpoints among six healthy ones
/// (<see cref="Hazards"/>): it alone fails, with the CPU engine's status, time, step, step size and component; the
/// healthy ones keep the CPU engine's outputs and gradients; its gradient is NoForwardSolve with NaN rows.
/// </summary>
/// <remarks>
/// The CPU engine runs Dormand-Prince's stiffness test and reports a limit reached while it fires as
/// <see cref="OdeStatus.LikelyStiff"/>; the GPU kernels do not run it and report the limit itself, which is the CPU
/// result's <see cref="SolveResult.Cause"/>. On the CPU accelerator every number is the CPU engine's bit for bit. On
/// PoCL the device rounds differently (engineering notes: step sizes differ up to ~5e-8 relative): the failing
/// trajectory's status and component must be the same, its time within <see cref="FailureTime"/>; the healthy ones
/// are held to <see cref="Tolerances"/>.
/// </remarks>
public sealed class MixedFailureTests
{
    private const int B = 7, Failing = 3, N = 4, M = 3;

    private static readonly double[] Healthy = [0.5, 0.5, 1.0];

    public static TheoryData<GpuBackend, string> Cases()
    {
        var data = new TheoryData<GpuBackend, string>();
        foreach (GpuBackend backend in TestBackends.Present(GpuBackend.Cpu, GpuBackend.OpenCL))
            foreach (string hazard in new[] { "blow-up", "square root of a negative", "stiff: max steps", "stiff: checkpoint capacity" })
                data.Add(backend, hazard);
        return data;
    }

    /// <summary>The failing trajectory's θ, the options, and the status it must end with.</summary>
    private static (double[] Theta, OdeOptions Options, OdeStatus Expected, int Component) Hazard(string name)
    {
        var options = new OdeOptions
        {
            RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, MinStep = 1e-9, MaxSteps = 100_000,
            CheckpointCapacity = 4096, CheckpointGrowth = CheckpointGrowth.Fail,
        };
        return name switch
        {
            // 1/(1 − 1.25t) blows up at t = 0.8: the step shrinks below MinStep there.
            "blow-up" => ([1.25, 0.5, 1.0], options, OdeStatus.StepSizeUnderflow, -1),
            // z₂ = 1.25t passes 1 at t = 0.8 and √(1 − z₂) is NaN: component 1, which no smaller step cures.
            "square root of a negative" => ([0.5, 1.25, 1.0], options, OdeStatus.NonFiniteState, 1),
            // λ = 10⁵: the stability limit h ≈ 3.3e-5 needs ~30 000 steps for t ∈ [0, 1]; 2000 trial steps stop it.
            "stiff: max steps" => ([0.5, 0.5, 1e5], options with { MaxSteps = 2000 }, OdeStatus.MaxStepsExceeded, -1),
            // λ = 10⁴: ~3000 accepted steps; the healthy ones need a few dozen, well below a capacity of 500.
            "stiff: checkpoint capacity" => ([0.5, 0.5, 1e4], options with { CheckpointCapacity = 500 }, OdeStatus.CheckpointCapacityExceeded, -1),
            _ => throw new ArgumentException(name),
        };
    }

    /// <summary>
    /// |t_gpu − t_cpu| allowed for the failing trajectory on PoCL: 1e-6 relative. Where a solve stops depends on
    /// its accept/reject sequence, which PoCL's rounding can shift by a step near the singularity or the stability
    /// limit; a step there is ≤ h ≈ 3e-5 · (a few) at t ≤ 1 for the stiff cases and far smaller at a blow-up, so the
    /// stop time moves by less than 1e-4 absolute: the stiff cases are held to that, the others to 1e-6.
    /// </summary>
    private static double FailureTime(OdeStatus status) =>
        status is OdeStatus.MaxStepsExceeded or OdeStatus.CheckpointCapacityExceeded ? 1e-4 : 1e-6;

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneHazardousTrajectory_FailsAloneWithTheCpuEnginesStatus(GpuBackend backend, string hazard)
    {
        (double[] hazardTheta, OdeOptions options, OdeStatus expected, int component) = Hazard(hazard);
        double[] times = [0, 0.5, 1];
        var z0 = new double[B * N];
        var theta = new double[B * M];
        var random = new Random(5);
        for (int b = 0; b < B; b++)
        {
            z0[b * N] = 1;
            z0[b * N + 3] = 0.1 * random.NextDouble();
            (b == Failing ? hazardTheta : Healthy).CopyTo(theta, b * M);
        }
        var seeds = new double[B * times.Length * N];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() - 0.5;

        using var cpu = new EnsembleSolver<double, Hazards.RhsOde>(B, options);
        using var gpu = new GpuEnsembleSolver<double, Hazards.RhsOde.Gpu.DormandPrince5>(B, TestBackends.Device(backend), options);
        var (cpuOutputs, gpuOutputs) = (new double[seeds.Length], new double[seeds.Length]);
        var (cpuResults, gpuResults) = (new SolveResult[B], new SolveResult[B]);
        cpu.Solve(z0, theta, times, cpuOutputs, cpuResults);
        EnsembleResult solve = gpu.Solve(z0, theta, times, gpuOutputs, gpuResults);

        SolveResult want = cpuResults[Failing], got = gpuResults[Failing];
        Assert.Equal(expected, want.Cause);
        Assert.Equal(1, solve.Failed);
        Assert.Equal(Failing, solve.FirstFailedTrajectory);
        Assert.Equal(want.Cause, got.Status);
        Assert.Equal(component, got.Component);
        Assert.Contains($"t = {got.Time:R}", got.Describe());
        Assert.True(got.Time > 0 && got.Time < 1, $"{hazard}: stopped at t = {got.Time}");
        if (backend == GpuBackend.Cpu)
        {
            Assert.Equal(want.Time, got.Time);
            Assert.Equal(want.Step, got.Step);
            Assert.Equal(want.StepSize, got.StepSize);
            Assert.Equal(want.Statistics.AcceptedSteps, got.Statistics.AcceptedSteps);
            Assert.Equal(want.Statistics.RejectedSteps, got.Statistics.RejectedSteps);
        }
        else
        {
            Assert.True(Math.Abs(got.Time - want.Time) <= FailureTime(expected) * Math.Max(1, Math.Abs(want.Time)),
                $"{hazard}: stopped at t = {got.Time:R} on {backend}, {want.Time:R} on the CPU");
        }
        if (expected == OdeStatus.CheckpointCapacityExceeded) Assert.Equal(options.CheckpointCapacity, got.Step);
        if (expected == OdeStatus.MaxStepsExceeded)
            Assert.Equal(options.MaxSteps, got.Statistics.AcceptedSteps + got.Statistics.RejectedSteps);

        var (cpuZ0, gpuZ0, cpuTheta, gpuTheta) = (new double[B * N], new double[B * N], new double[B * M], new double[B * M]);
        var (cpuGradients, gpuGradients) = (new GradientResult[B], new GradientResult[B]);
        cpu.Gradient(seeds, cpuZ0, cpuTheta, cpuGradients);
        EnsembleResult gradient = gpu.Gradient(seeds, gpuZ0, gpuTheta, gpuGradients);
        Assert.Equal(1, gradient.Failed);
        Assert.Equal(OdeStatus.NoForwardSolve, gpuGradients[Failing].Result.Status);
        Assert.All(gpuZ0.AsSpan(Failing * N, N).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(gpuTheta.AsSpan(Failing * M, M).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.True(double.IsNaN(gpuGradients[Failing].GradientT0) && double.IsNaN(gpuGradients[Failing].GradientTEnd));

        Tolerances.Entry tolerance = Tolerances.For(backend);
        int rows = times.Length * N;
        for (int b = 0; b < B; b++)
        {
            if (b == Failing)
            {
                // The outputs it did not reach are NaN (the last one, at t = 1, is past every stop time above).
                Assert.All(gpuOutputs.AsSpan((b + 1) * rows - N, N).ToArray(), v => Assert.True(double.IsNaN(v)));
                continue;
            }
            Assert.True(gpuResults[b].IsSuccess, $"trajectory {b}: {gpuResults[b].Describe()}");
            Tolerances.AssertClose(cpuOutputs.AsSpan(b * rows, rows), gpuOutputs.AsSpan(b * rows, rows), tolerance.State, $"outputs of {b}");
            Tolerances.AssertClose(cpuZ0.AsSpan(b * N, N), gpuZ0.AsSpan(b * N, N), tolerance.Gradient, $"∂L/∂z0 of {b}");
            Tolerances.AssertClose(cpuTheta.AsSpan(b * M, M), gpuTheta.AsSpan(b * M, M), tolerance.Gradient, $"∂L/∂θ of {b}");
            Tolerances.AssertClose([cpuGradients[b].GradientT0, cpuGradients[b].GradientTEnd],
                [gpuGradients[b].GradientT0, gpuGradients[b].GradientTEnd], tolerance.Gradient, $"time gradients of {b}");
        }
    }
}
