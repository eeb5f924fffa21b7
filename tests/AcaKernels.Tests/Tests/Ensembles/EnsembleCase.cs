using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// One ensemble problem for a test (B initial states, θ shared or per trajectory, times shared or per trajectory,
/// seeds), what <see cref="EnsembleSolver{T, TDynamics}"/> returns for it, and the reference: the same
/// trajectories solved one by one with <see cref="OdeSolver{T, TDynamics}"/>, the shared-θ gradient summed over the
/// trajectories that succeeded in the engines' fixed order (written out here, not taken from ParameterGradientSum):
/// blocks of 1024 trajectories, each in trajectory order from 0, the block sums added in block order.
/// </summary>
internal sealed class EnsembleCase<TSys> where TSys : IOdeDynamics<double>
{
    public required int Trajectories { get; init; }
    public required double[] Z0 { get; init; }
    public required double[] P { get; init; }
    public required double[] Times { get; init; }
    public int[]? Offsets { get; init; }
    public required double[] Seeds { get; init; }

    private static int N => TSys.StateSize;
    private static int M => TSys.ParameterSize;

    public bool SharedP => P.Length != Trajectories * M || Trajectories == 1;
    public ReadOnlySpan<double> TimesOf(int b) => Offsets is null ? Times : Times.AsSpan(Offsets[b], Offsets[b + 1] - Offsets[b]);
    public int FirstRow(int b) => Offsets is null ? b * Times.Length : Offsets[b];
    public int TotalRows => Offsets is null ? Trajectories * Times.Length : Times.Length;

    /// <summary>Initial states: <paramref name="state"/> plus a seeded uniform perturbation of ±<paramref name="spread"/>.</summary>
    public static double[] Perturbed(double[] state, int trajectories, double spread, int seed)
    {
        var random = new Random(seed);
        var result = new double[trajectories * state.Length];
        for (int i = 0; i < result.Length; i++) result[i] = state[i % state.Length] + spread * (2 * random.NextDouble() - 1);
        return result;
    }

    /// <summary>Seeds ∂L/∂z(t_k), seeded uniform in (−1, 1).</summary>
    public static double[] RandomSeeds(int rows, int seed)
    {
        var random = new Random(seed);
        var result = new double[rows * N];
        for (int i = 0; i < result.Length; i++) result[i] = 2 * random.NextDouble() - 1;
        return result;
    }

    /// <summary>
    /// Irregular series: trajectory b gets 2 to 6 increasing times in [0, <paramref name="end"/>], CSR offsets;
    /// with <paramref name="someBackwards"/> every third series runs backwards (end → 0), for systems stable both
    /// ways (not Lorenz, whose backward flow blows up).
    /// </summary>
    public static (double[] Times, int[] Offsets) IrregularTimes(int trajectories, double end, int seed, bool someBackwards = false)
    {
        var random = new Random(seed);
        var times = new List<double>();
        var offsets = new int[trajectories + 1];
        for (int b = 0; b < trajectories; b++)
        {
            int count = random.Next(2, 7);
            var own = new SortedSet<double> { 0.0, end };
            while (own.Count < count) own.Add(Math.Round(end * random.NextDouble(), 6));
            times.AddRange(someBackwards && b % 3 == 2 ? own.Reverse() : own);
            offsets[b + 1] = times.Count;
        }
        return (times.ToArray(), offsets);
    }

    public Run Ensemble(OdeOptions options, EnsembleOptions? ensembleOptions = null, bool sharedGradient = true)
    {
        using var solver = new EnsembleSolver<double, TSys>(Trajectories, options, ensembleOptions);
        return Ensemble(solver, sharedGradient);
    }

    public Run Ensemble(EnsembleSolver<double, TSys> solver, bool sharedGradient = true)
    {
        var run = new Run(Trajectories, TotalRows, sharedGradient);
        run.Summary = Offsets is null
            ? solver.Solve(Z0, P, Times, run.Outputs, run.Results)
            : solver.Solve(Z0, P, Times, Offsets, run.Outputs, run.Results);
        if (solver.Options.Gradient != GradientMethod.None)
            run.GradientSummary = solver.Gradient(Seeds, run.GradZ0, sharedGradient ? run.GradPSum : run.GradPRows, run.Gradients);
        return run;
    }

    public Run Reference(OdeOptions options)
    {
        var run = new Run(Trajectories, TotalRows, sharedGradient: false);
        var solver = new OdeSolver<double, TSys>(options);
        var block = new double[M];
        void AddBlock()
        {
            for (int j = 0; j < M; j++) run.GradPSum[j] += block[j];
            Array.Clear(block);
        }
        for (int b = 0; b < Trajectories; b++)
        {
            if (b > 0 && b % 1024 == 0) AddBlock();
            ReadOnlySpan<double> times = TimesOf(b);
            int row = FirstRow(b) * N, values = times.Length * N;
            ReadOnlySpan<double> p = SharedP ? P : P.AsSpan(b * M, M);
            run.Results[b] = solver.Solve(Z0.AsSpan(b * N, N), p, times, run.Outputs.AsSpan(row, values));
            if (options.Gradient == GradientMethod.None) continue;
            Span<double> gradZ0 = run.GradZ0.AsSpan(b * N, N), gradP = run.GradPRows.AsSpan(b * M, M);
            if (!run.Results[b].IsSuccess)
            {
                gradZ0.Fill(double.NaN);
                gradP.Fill(double.NaN);
            }
            run.Gradients[b] = solver.Gradient(Seeds.AsSpan(row, values), gradZ0, gradP);
            if (!run.Gradients[b].IsSuccess) continue;
            for (int j = 0; j < M; j++) block[j] += gradP[j];
        }
        AddBlock();
        return run;
    }

    /// <summary>Everything one run produced.</summary>
    internal sealed class Run(int trajectories, int rows, bool sharedGradient)
    {
        public double[] Outputs { get; } = new double[rows * N];
        public SolveResult[] Results { get; } = new SolveResult[trajectories];
        public double[] GradZ0 { get; } = new double[trajectories * N];
        public double[] GradPRows { get; } = new double[sharedGradient ? 0 : trajectories * M];
        public double[] GradPSum { get; } = new double[M];
        public GradientResult[] Gradients { get; } = new GradientResult[trajectories];
        public EnsembleResult Summary { get; set; }
        public EnsembleResult GradientSummary { get; set; }
    }
}
