using System.Globalization;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Our side of the PyTorch comparator's ensemble problems (benchmarks/pytorch/): B = 1024 trajectories,
/// t ∈ [0, 1], Dopri5 rtol 1e-6 atol 1e-8 float64, shared θ, L = Σ_b Σ_j z_b,j(1); one timed run is the forward solve
/// plus the ACA gradient ∂L/∂z₀ (every trajectory) and ∂L/∂θ (summed) by <see cref="EnsembleSolver{T, TDynamics}"/>
/// (SIMD lanes where the system has lane kernels). The inputs are formulas that benchmarks/pytorch/problems.py
/// repeats digit for digit (integers divided by integers, exact in both languages).
/// </summary>
internal static class PyTorchEnsembles
{
    public const int Trajectories = 1024;
    private static readonly OdeOptions Dopri5 = new() { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8 };

    /// <summary>The reference tolerance: rtol = atol = 1e-12, six orders below the benchmark's; its z(1) and
    /// gradients are what both sides' results are checked against.</summary>
    private static readonly OdeOptions Reference = new() { RelativeTolerance = 1e-12, AbsoluteTolerance = 1e-12, MaxSteps = 1_000_000 };

    /// <summary>Lorenz-63: z0 as <see cref="EnsembleSetup.LorenzInitialStates"/>, θ = (10, 28, 8/3).</summary>
    public static void Lorenz(int workers, int repetitions, string? directory) =>
        Run<GeneratedLorenz.RhsOde>("lorenz", EnsembleSetup.LorenzInitialStates(Trajectories), [10.0, 28.0, 8.0 / 3.0],
            workers, repetitions, directory);

    /// <summary>The tanh MLP of <see cref="MlpDynamics"/> (n = 4, hidden 16, 148 parameters).</summary>
    public static void Mlp(int workers, int repetitions, string? directory) =>
        Run<GeneratedMlp.RhsOde>("mlp", MlpInitialStates(Trajectories), MlpParameters(), workers, repetitions, directory);

    /// <summary>z0_b,j = ((13·(4b + j)) mod 97 − 48) / 24, in [−2, 2].</summary>
    public static double[] MlpInitialStates(int trajectories)
    {
        var z0 = new double[MlpDynamics.N * trajectories];
        for (int i = 0; i < z0.Length; i++) z0[i] = (13L * i % 97 - 48) / 24.0;
        return z0;
    }

    /// <summary>p_i = ((37·i) mod 101 − 50) / 50, in [−1, 1]: weights and biases of both layers.</summary>
    public static double[] MlpParameters()
    {
        var p = new double[GeneratedMlp.RhsOde.ParameterSize];
        for (int i = 0; i < p.Length; i++) p[i] = (37 * i % 101 - 50) / 50.0;
        return p;
    }

    private static void Run<TDynamics>(string name, double[] z0, double[] theta, int workers, int repetitions, string? directory)
        where TDynamics : IOdeDynamics<double>
    {
        int n = TDynamics.StateSize;
        double[] times = [0.0, 1.0];
        var buffers = new Buffers(n, theta.Length);
        // ACA_BENCH_SCALAR=1 runs the scalar engine where lanes would apply: to see what the lanes gain.
        var vectorize = Environment.GetEnvironmentVariable("ACA_BENCH_SCALAR") == "1" ? EnsembleVectorization.Never : EnsembleVectorization.Auto;
        using var solver = new EnsembleSolver<double, TDynamics>(Trajectories, Dopri5 with { Gradient = GradientMethod.Aca },
            new EnsembleOptions { WorkerCount = workers, Vectorize = vectorize });
        EnsembleResult forward = default, backward = default;
        void Once()
        {
            forward = solver.Solve(z0, theta, times, buffers.Outputs, buffers.Results);
            backward = solver.Gradient(buffers.Seeds, buffers.GradZ0, buffers.GradTheta, buffers.GradientResults);
        }
        Once();
        forward.ThrowIfFailed();
        backward.ThrowIfFailed();
        Console.WriteLine($"C# {name}: B = {Trajectories}, {(solver.IsVectorized ? "SIMD lanes" : "scalar engine")}, {workers} worker(s); " +
            $"{forward.AcceptedSteps} accepted, {forward.RejectedSteps} rejected steps over all trajectories");
        if (directory is not null)
        {
            buffers.Write(directory, name + "_ours");
            using var reference = new EnsembleSolver<double, TDynamics>(Trajectories, Reference with { Gradient = GradientMethod.Aca },
                new EnsembleOptions { WorkerCount = workers });
            var exact = new Buffers(n, theta.Length);
            reference.Solve(z0, theta, times, exact.Outputs, exact.Results).ThrowIfFailed();
            reference.Gradient(exact.Seeds, exact.GradZ0, exact.GradTheta, exact.GradientResults).ThrowIfFailed();
            exact.Write(directory, name + "_reference");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"C# {name}: results and the rtol = atol = 1e-12 reference written to {directory}"));
        }
        RunTimer.Report($"C# {name} workers={workers}", warmups: 2, repetitions, Once);
    }

    /// <summary>One solve's outputs and gradients for B trajectories with output times {0, 1}; seeds of L = Σ z(1).</summary>
    private sealed class Buffers
    {
        private readonly int _n;

        public Buffers(int n, int parameters)
        {
            _n = n;
            Outputs = new double[Trajectories * 2 * n];
            Seeds = new double[Outputs.Length];
            for (int b = 0; b < Trajectories; b++) Seeds.AsSpan((2 * b + 1) * n, n).Fill(1.0);
            GradZ0 = new double[Trajectories * n];
            GradTheta = new double[parameters];
        }

        public double[] Outputs { get; }
        public double[] Seeds { get; }
        public double[] GradZ0 { get; }
        public double[] GradTheta { get; }
        public SolveResult[] Results { get; } = new SolveResult[Trajectories];
        public GradientResult[] GradientResults { get; } = new GradientResult[Trajectories];

        /// <summary>Writes {prefix}_z1 (B × n, z(1) of each trajectory), {prefix}_gradz0 (B × n), {prefix}_gradtheta;
        /// the prefix names the problem too (lorenz_ours, mlp_reference), so problems can share a directory.</summary>
        public void Write(string directory, string prefix)
        {
            var z1 = new double[Trajectories * _n];
            for (int b = 0; b < Trajectories; b++) Outputs.AsSpan((2 * b + 1) * _n, _n).CopyTo(z1.AsSpan(b * _n));
            RawDoubles.Write(directory, prefix + "_z1", z1);
            RawDoubles.Write(directory, prefix + "_gradz0", GradZ0);
            RawDoubles.Write(directory, prefix + "_gradtheta", GradTheta);
        }
    }
}
