using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using MlpStepper = AcaKernels.Gpu.Tests.Reference.Dopri5Stepper<double, AcaKernels.Gpu.Tests.Reference.Real64, AcaKernels.Gpu.Tests.Reference.TanhMlpSystem>;
using SingleStepper = AcaKernels.Gpu.Tests.Reference.Dopri5Stepper<float, AcaKernels.Gpu.Tests.Reference.Real32, AcaKernels.Gpu.Tests.Reference.LorenzSystem<float>>;
using Stepper = AcaKernels.Gpu.Tests.Reference.Dopri5Stepper<double, AcaKernels.Gpu.Tests.Reference.Real64, AcaKernels.Gpu.Tests.Reference.LorenzSystem<double>>;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// <see cref="MultiGpuEnsembleSolver{T, TStepper}"/>: an ensemble split over several devices gives what one solver on
/// all its trajectories gives. On two of ILGPU's CPU accelerators (two devices that round alike, which CI has) that is
/// bit for bit — outputs, ∂L/∂z₀, per-trajectory results, the aggregates, and a shared θ's gradient, which the split
/// adds block by block in one solver's order; across the CPU accelerator and PoCL each share keeps its own device's
/// results, held to the CPU engine as one solver there is.
/// </summary>
public sealed class MultiGpuEnsembleTests
{
    private const int N = 3, M = 3;

    /// <summary>A second CPU accelerator (its own ILGPU context), for the process, beside <see cref="TestBackends.Device"/>'s.</summary>
    private static readonly Lazy<GpuDevice> SecondCpu = new(() => GpuDevice.Open(GpuBackend.Cpu));

    private static GpuDevice[] TwoCpuDevices => [TestBackends.Device(GpuBackend.Cpu), SecondCpu.Value];

    private sealed record Run(double[] Outputs, SolveResult[] Results, EnsembleResult Solve, double[] GradZ0, double[] GradTheta,
        GradientResult[] Gradients, EnsembleResult Gradient);

    private delegate EnsembleResult SolveCall(double[] outputs, SolveResult[] results);
    private delegate EnsembleResult GradientCall(double[] gradZ0, double[] gradTheta, GradientResult[] results);

    private static Run Execute(int trajectories, int rows, int thetaLength, SolveCall solve, GradientCall gradient, int n = N)
    {
        var outputs = new double[rows * n];
        var results = new SolveResult[trajectories];
        EnsembleResult solved = solve(outputs, results);
        var gradZ0 = new double[trajectories * n];
        var gradTheta = new double[thetaLength];
        var gradients = new GradientResult[trajectories];
        EnsembleResult differentiated = gradient(gradZ0, gradTheta, gradients);
        return new Run(outputs, results, solved, gradZ0, gradTheta, gradients, differentiated);
    }

    private static void AssertSameBits(Run one, Run split)
    {
        Assert.Equal(one.Solve, split.Solve);
        Assert.Equal(one.Gradient, split.Gradient);
        Assert.Equal(one.Results, split.Results);
        Assert.Equal(one.Gradients, split.Gradients);
        AssertBits(one.Outputs, split.Outputs, "outputs");
        AssertBits(one.GradZ0, split.GradZ0, "∂L/∂z0");
        AssertBits(one.GradTheta, split.GradTheta, "∂L/∂θ");
    }

    private static void AssertBits(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (BitConverter.DoubleToInt64Bits(expected[i]) != BitConverter.DoubleToInt64Bits(actual[i]))
                Assert.Fail($"{what}[{i}]: {actual[i]:R} split, {expected[i]:R} on one solver");
    }

    /// <summary>
    /// 2500 trajectories are three blocks of 1024; weighted 1 : 2, the first device takes one, the second the other two
    /// (the partial third among them), so one solver's sum ((b₀ + b₁) + b₂) is not the devices' totals added
    /// (b₀ + (b₁ + b₂)). Shared θ and times; one trajectory on each device poisoned (NaN z₀) fails alone, numbered in
    /// the whole ensemble, and adds nothing to the θ sum.
    /// </summary>
    [Fact]
    public void TwoCpuAccelerators_SharedTheta_EqualOneSolverOnAll_BitForBit()
    {
        const int B = 2500;
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        problem.Z0[3 * 700 + 1] = double.NaN;
        problem.Z0[3 * 2400] = double.PositiveInfinity;
        int rows = B * problem.Times.Length;

        using var one = new GpuEnsembleSolver<double, Stepper>(B, TestBackends.Device(GpuBackend.Cpu), problem.Options);
        using var split = new MultiGpuEnsembleSolver<double, Stepper>(B, TwoCpuDevices, problem.Options, weights: [1, 2]);
        Assert.Equal([(0, 1024), (1024, 1476)], split.Shares.Select(s => (s.FirstTrajectory, s.Trajectories)));
        Assert.Equal(one.CheckpointCapacity, split.CheckpointCapacity);

        Run expected = Execute(B, rows, M, (o, r) => one.Solve(problem.Z0, problem.Theta, problem.Times, o, r),
            (gz, gp, r) => one.Gradient(problem.Seeds, gz, gp, r));
        Run actual = Execute(B, rows, M, (o, r) => split.Solve(problem.Z0, problem.Theta, problem.Times, o, r),
            (gz, gp, r) => split.Gradient(problem.Seeds, gz, gp, r));

        AssertSameBits(expected, actual);
        Assert.Equal(2, actual.Solve.Failed);
        Assert.Equal(700, actual.Solve.FirstFailedTrajectory);
        Assert.Equal(OdeStatus.NonFiniteState, actual.Results[2400].Status);

        // Without per-trajectory results: the same aggregates and rows.
        Run aggregate = Execute(B, rows, M, (o, _) => split.Solve(problem.Z0, problem.Theta, problem.Times, o, []),
            (gz, gp, _) => split.Gradient(problem.Seeds, gz, gp, []));
        Assert.Equal(expected.Solve, aggregate.Solve);
        Assert.Equal(expected.Gradient, aggregate.Gradient);
        AssertBits(expected.Outputs, aggregate.Outputs, "outputs, aggregate only");
        AssertBits(expected.GradTheta, aggregate.GradTheta, "∂L/∂θ, aggregate only");
    }

    /// <summary>
    /// The tanh MLP's shared θ (162 parameters) over four blocks, weighted 1 : 3: one solver adds
    /// ((b₀ + b₁) + b₂) + b₃, the devices' totals would make b₀ + ((b₁ + b₂) + b₃), and over 162 sums some differ in
    /// their last bits — the split must add the blocks, not the totals.
    /// </summary>
    [Fact]
    public void TwoCpuAccelerators_MlpSharedTheta_AddBlocksInOneSolversOrder()
    {
        const int B = 3100, Nm = 2;
        Problem problem = Problems.TanhMlp(B, times: [0, 0.5]);
        int rows = B * problem.Times.Length;
        using var one = new GpuEnsembleSolver<double, MlpStepper>(B, TestBackends.Device(GpuBackend.Cpu), problem.Options);
        using var split = new MultiGpuEnsembleSolver<double, MlpStepper>(B, TwoCpuDevices, problem.Options, weights: [1, 3]);
        Assert.Equal([(0, 1024), (1024, 2076)], split.Shares.Select(s => (s.FirstTrajectory, s.Trajectories)));

        Run expected = Execute(B, rows, TanhMlpSystem.M, (o, r) => one.Solve(problem.Z0, problem.Theta, problem.Times, o, r),
            (gz, gp, r) => one.Gradient(problem.Seeds, gz, gp, r), Nm);
        Run actual = Execute(B, rows, TanhMlpSystem.M, (o, r) => split.Solve(problem.Z0, problem.Theta, problem.Times, o, r),
            (gz, gp, r) => split.Gradient(problem.Seeds, gz, gp, r), Nm);
        AssertSameBits(expected, actual);
    }

    /// <summary>float32 states (time float64): the split is generic over the number type; the same bits as one solver.</summary>
    [Fact]
    public void TwoCpuAccelerators_Float32_EqualOneSolverOnAll_BitForBit()
    {
        const int B = 2100;
        var options = new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        float[] z0 = Array.ConvertAll(problem.Z0, v => (float)v), theta = Array.ConvertAll(problem.Theta, v => (float)v);
        float[] seeds = Array.ConvertAll(problem.Seeds, v => (float)v);
        int rows = B * problem.Times.Length * N;

        using var one = new GpuEnsembleSolver<float, SingleStepper>(B, TestBackends.Device(GpuBackend.Cpu), options);
        using var split = new MultiGpuEnsembleSolver<float, SingleStepper>(B, TwoCpuDevices, options, weights: [1, 2]);
        var (oneOutputs, splitOutputs) = (new float[rows], new float[rows]);
        Assert.Equal(one.Solve(z0, theta, problem.Times, oneOutputs, []), split.Solve(z0, theta, problem.Times, splitOutputs, []));
        var (oneZ0, splitZ0, oneTheta, splitTheta) = (new float[B * N], new float[B * N], new float[M], new float[M]);
        Assert.Equal(one.Gradient(seeds, oneZ0, oneTheta, []), split.Gradient(seeds, splitZ0, splitTheta, []));
        Assert.Equal(oneOutputs, splitOutputs);
        Assert.Equal(oneZ0, splitZ0);
        Assert.Equal(oneTheta.Select(BitConverter.SingleToInt32Bits), splitTheta.Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>θ and output times per trajectory (2 to 4 times each, own intervals): the second device's share starts
    /// at row offsets[1024], which it sees as 0; ∂L/∂θ stays a row per trajectory.</summary>
    [Fact]
    public void TwoCpuAccelerators_OwnThetaAndTimes_EqualOneSolverOnAll_BitForBit()
    {
        const int B = 1030;
        var random = new Random(31);
        var offsets = new int[B + 1];
        var times = new List<double>();
        for (int b = 0; b < B; b++)
        {
            int count = 2 + random.Next(3);
            double time = 0.1 * random.NextDouble();
            for (int k = 0; k < count; k++, time += 0.2 + 0.3 * random.NextDouble()) times.Add(time);
            offsets[b + 1] = times.Count;
        }
        Problem problem = Problems.Lorenz(B, sharedTheta: false);
        problem.Z0[3 * 1027 + 2] = double.NaN;
        var seeds = new double[times.Count * N];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() - 0.5;

        using var one = new GpuEnsembleSolver<double, Stepper>(B, TestBackends.Device(GpuBackend.Cpu), problem.Options);
        using var split = new MultiGpuEnsembleSolver<double, Stepper>(B, TwoCpuDevices, problem.Options);
        Assert.Equal([(0, 1024), (1024, 6)], split.Shares.Select(s => (s.FirstTrajectory, s.Trajectories)));

        double[] t = [.. times];
        Run expected = Execute(B, times.Count, B * M, (o, r) => one.Solve(problem.Z0, problem.Theta, t, offsets, o, r),
            (gz, gp, r) => one.Gradient(seeds, gz, gp, r));
        Run actual = Execute(B, times.Count, B * M, (o, r) => split.Solve(problem.Z0, problem.Theta, t, offsets, o, r),
            (gz, gp, r) => split.Gradient(seeds, gz, gp, r));

        AssertSameBits(expected, actual);
        Assert.Equal(1027, actual.Solve.FirstFailedTrajectory);
        Assert.True(double.IsNaN(actual.GradTheta[1027 * M]));
    }

    /// <summary>1025 trajectories leave the second device one: a share of one trajectory reads a gradP of length m as
    /// its row, not as a sum, and the split turns it into that block's sum itself — the row, or nothing when it failed.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneTrajectoryShare_AddsItsRowToTheSharedSum_OrNothingWhenItFailed(bool poisoned)
    {
        const int B = 1025;
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        if (poisoned) problem.Z0[3 * 1024] = double.NaN;
        int rows = B * problem.Times.Length;

        using var one = new GpuEnsembleSolver<double, Stepper>(B, TestBackends.Device(GpuBackend.Cpu), problem.Options);
        using var split = new MultiGpuEnsembleSolver<double, Stepper>(B, TwoCpuDevices, problem.Options);
        Assert.Equal([(0, 1024), (1024, 1)], split.Shares.Select(s => (s.FirstTrajectory, s.Trajectories)));

        Run expected = Execute(B, rows, M, (o, r) => one.Solve(problem.Z0, problem.Theta, problem.Times, o, r),
            (gz, gp, r) => one.Gradient(problem.Seeds, gz, gp, r));
        Run actual = Execute(B, rows, M, (o, r) => split.Solve(problem.Z0, problem.Theta, problem.Times, o, r),
            (gz, gp, r) => split.Gradient(problem.Seeds, gz, gp, r));
        AssertSameBits(expected, actual);
        Assert.Equal(poisoned ? 1 : 0, actual.Gradient.Failed);
    }

    /// <summary>
    /// The CPU accelerator and PoCL, weighted 1 : 2: of 2100 trajectories (three blocks) the CPU accelerator takes
    /// one and PoCL the rest. Each share is what its device gives alone: the CPU accelerator's the CPU engine's bits,
    /// PoCL's within the OpenCL tolerances, and so the θ sum.
    /// </summary>
    [OpenCLFact]
    public void CpuAcceleratorAndPocl_Weighted_EachShareIsItsDevicesAndTheSumIsHeldToTheCpuEngine()
    {
        const int B = 2100, First = 1024;
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        CpuComparison.Outcome all = CpuComparison.Cpu<LorenzSystem<double>>(problem, B);
        int rows = problem.Times.Length * N;

        using var split = new MultiGpuEnsembleSolver<double, Stepper>(B,
            [TestBackends.Device(GpuBackend.Cpu), TestBackends.Device(GpuBackend.OpenCL)], problem.Options, weights: [1, 2]);
        IReadOnlyList<GpuEnsembleShare> shares = split.Shares;
        Assert.Equal([(0, First, GpuBackend.Cpu), (First, B - First, GpuBackend.OpenCL)],
            shares.Select(s => (s.FirstTrajectory, s.Trajectories, s.Backend)));

        Run run = Execute(B, B * problem.Times.Length, M, (o, r) => split.Solve(problem.Z0, problem.Theta, problem.Times, o, r),
            (gz, gp, r) => split.Gradient(problem.Seeds, gz, gp, r));
        run.Solve.ThrowIfFailed();
        run.Gradient.ThrowIfFailed();
        Assert.All(split.Shares, s => Assert.True(s.LastCall.Device > TimeSpan.Zero, $"{s.DeviceName}: {s.LastCall}"));

        AssertBits(all.Outputs[..(First * rows)], run.Outputs[..(First * rows)], "outputs, CPU accelerator's share");
        AssertBits(all.GradZ0[..(First * N)], run.GradZ0[..(First * N)], "∂L/∂z0, CPU accelerator's share");
        Tolerances.Entry pocl = Tolerances.For(GpuBackend.OpenCL);
        Tolerances.AssertClose(all.Outputs.AsSpan(First * rows), run.Outputs.AsSpan(First * rows), pocl.State, "outputs, PoCL's share");
        Tolerances.AssertClose(all.GradZ0.AsSpan(First * N), run.GradZ0.AsSpan(First * N), pocl.Gradient, "∂L/∂z0, PoCL's share");
        Tolerances.AssertClose(all.GradTheta, run.GradTheta, pocl.Gradient, "∂L/∂θ, the devices' blocks summed");
    }

    /// <summary>Opened by backend and index: every listed device when no indices are given (CI: one per backend), and
    /// ensembles of one block stay on the first device.</summary>
    [Fact]
    public void ByBackend_OpensTheListedDevices_AndOneBlockStaysOnTheFirst()
    {
        using var solver = new MultiGpuEnsembleSolver<double, Stepper>(1000, GpuBackend.Cpu, options: Problems.Options);
        GpuEnsembleShare share = Assert.Single(solver.Shares);
        Assert.Equal((0, 1000, GpuBackend.Cpu, GpuDevice.List(GpuBackend.Cpu)[0]),
            (share.FirstTrajectory, share.Trajectories, share.Backend, share.DeviceName));
        Problem problem = Problems.Lorenz(1000, sharedTheta: true);
        var outputs = new double[1000 * problem.Times.Length * N];
        solver.Solve(problem.Z0, problem.Theta, problem.Times, outputs, []).ThrowIfFailed();
    }

    /// <summary>Host arrays from the split (the first device's; on CUDA pinned for every device) serve every share, and
    /// give what ordinary arrays give.</summary>
    [Fact]
    public void HostArrays_ServeEveryDevice()
    {
        const int B = 2048;
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        int rows = B * problem.Times.Length * N;
        using var split = new MultiGpuEnsembleSolver<double, Stepper>(B, TwoCpuDevices, problem.Options);
        using GpuHostArray<double> z0 = split.CreateHostArray<double>(B * N), outputs = split.CreateHostArray<double>(rows),
            seeds = split.CreateHostArray<double>(rows), gradZ0 = split.CreateHostArray<double>(B * N);
        problem.Z0.CopyTo(z0.Span);
        problem.Seeds.CopyTo(seeds.Span);
        split.Solve(z0.Span, problem.Theta, problem.Times, outputs.Span, []).ThrowIfFailed();
        var gradTheta = new double[M];
        split.Gradient(seeds.Span, gradZ0.Span, gradTheta, []).ThrowIfFailed();

        Run arrays = Execute(B, B * problem.Times.Length, M, (o, r) => split.Solve(problem.Z0, problem.Theta, problem.Times, o, r),
            (gz, gp, r) => split.Gradient(problem.Seeds, gz, gp, r));
        AssertBits(arrays.Outputs, outputs.Span.ToArray(), "outputs");
        AssertBits(arrays.GradZ0, gradZ0.Span.ToArray(), "∂L/∂z0");
        AssertBits(arrays.GradTheta, gradTheta, "∂L/∂θ");
    }

    /// <summary>A device that fails during a call (here: disposed under its solver) fails the call with its own exception,
    /// after the other devices finished their shares; the devices then hold different solves, so Gradient refuses until
    /// a Solve succeeds.</summary>
    [Fact]
    public void ADeviceFailingInASolve_ThrowsItsError_AndGradientWaitsForASolveThatSucceeds()
    {
        const int B = 2048;
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        var outputs = new double[B * problem.Times.Length * N];
        using var failing = GpuDevice.Open(GpuBackend.Cpu);
        using var split = new MultiGpuEnsembleSolver<double, Stepper>(B, [TestBackends.Device(GpuBackend.Cpu), failing], problem.Options);
        split.Solve(problem.Z0, problem.Theta, problem.Times, outputs, []).ThrowIfFailed();
        failing.Dispose();
        Assert.Contains("was disposed", Assert.Throws<ObjectDisposedException>(() =>
            split.Solve(problem.Z0, problem.Theta, problem.Times, outputs, [])).Message);
        Assert.Contains("solve again before Gradient", Assert.Throws<InvalidOperationException>(() =>
            split.Gradient(problem.Seeds, new double[B * N], new double[M], [])).Message);
    }

    [Fact]
    public void BadArguments_AreRefused_SayingWhy()
    {
        GpuDevice cpu = TestBackends.Device(GpuBackend.Cpu);
        Assert.Contains("named backend", Assert.Throws<ArgumentException>(() =>
            new MultiGpuEnsembleSolver<double, Stepper>(10, GpuBackend.Auto)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() =>
            new MultiGpuEnsembleSolver<double, Stepper>(10, GpuBackend.Cpu, [0, 0])).Message);
        Assert.Contains("same device", Assert.Throws<ArgumentException>(() =>
            new MultiGpuEnsembleSolver<double, Stepper>(10, [cpu, cpu])).Message);
        Assert.Contains("one weight per device", Assert.Throws<ArgumentException>(() =>
            new MultiGpuEnsembleSolver<double, Stepper>(10, TwoCpuDevices, weights: [1])).Message);
        Assert.Contains("positive and finite", Assert.Throws<ArgumentException>(() =>
            new MultiGpuEnsembleSolver<double, Stepper>(10, TwoCpuDevices, weights: [1, 0])).Message);
        Assert.Contains("At least one device", Assert.Throws<ArgumentException>(() =>
            new MultiGpuEnsembleSolver<double, Stepper>(10, Array.Empty<GpuDevice>())).Message);
        Assert.Throws<GpuBackendUnavailableException>(() => new MultiGpuEnsembleSolver<double, Stepper>(10, GpuBackend.Cpu, [5]));

        using var split = new MultiGpuEnsembleSolver<double, Stepper>(2048, TwoCpuDevices, Problems.Options);
        Problem problem = Problems.Lorenz(2048, sharedTheta: true);
        var outputs = new double[2048 * problem.Times.Length * N];
        Assert.Throws<ArgumentException>(() => split.Solve(problem.Z0.AsSpan(3), problem.Theta, problem.Times, outputs, []));
        Assert.Throws<ArgumentException>(() => split.Solve(problem.Z0, problem.Theta, problem.Times, outputs.AsSpan(1), []));
        // Before any solve: every trajectory is NoForwardSolve, as on one solver.
        EnsembleResult none = split.Gradient([], new double[2048 * N], new double[M], []);
        Assert.Equal(2048, none.Failed);
        Assert.Equal(OdeStatus.NoForwardSolve, none.FirstFailure.Status);
    }
}
