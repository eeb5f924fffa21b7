using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// One problem for <see cref="EnsembleSolver{T, TDynamics}.SolveAndGradient{TLoss}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{double}, Span{T}, Span{SolveResult}, ref TLoss, Span{T}, Span{T}, Span{GradientResult})"/>
/// and its reference: the same ensemble's Solve, the loss's seeds from those outputs, then Gradient (the two-call
/// path, itself tested against single solvers), the loss summed in trajectory order over the trajectories solved.
/// </summary>
internal sealed class ChunkedCase<TSys> where TSys : IOdeDynamics<double>
{
    public required EnsembleCase<TSys> Problem { get; init; }
    public required SquaredErrorLoss Loss { get; init; }

    private static int N => TSys.StateSize;

    /// <summary>A case of <see cref="EnsembleCase{TSys}"/>'s shape with targets seeded from <paramref name="seed"/>.</summary>
    public static ChunkedCase<TSys> For(EnsembleCase<TSys> problem, int seed) => new()
    {
        Problem = problem,
        Loss = new SquaredErrorLoss
        {
            Targets = SquaredErrorLoss.RandomTargets(problem.TotalRows, N, seed),
            FirstRows = problem.Offsets,
            Weights = [.. Enumerable.Range(0, N).Select(j => 1.0 / (j + 1))],
        },
    };

    public Run Chunked(OdeOptions options, EnsembleOptions ensembleOptions, bool sharedGradient = true)
    {
        using var solver = new EnsembleSolver<double, TSys>(Problem.Trajectories, options, ensembleOptions);
        return Chunked(solver, sharedGradient);
    }

    public Run Chunked(EnsembleSolver<double, TSys> solver, bool sharedGradient = true)
    {
        var run = new Run(Problem, sharedGradient);
        SquaredErrorLoss loss = Loss;
        EnsembleLossResult<double> result = Problem.Offsets is null
            ? solver.SolveAndGradient(Problem.Z0, Problem.P, Problem.Times, run.Outputs, run.Results, ref loss, run.GradZ0, run.GradP, run.Gradients)
            : solver.SolveAndGradient(Problem.Z0, Problem.P, Problem.Times, Problem.Offsets, run.Outputs, run.Results, ref loss, run.GradZ0,
                run.GradP, run.Gradients);
        (run.Summary, run.GradientSummary, run.Loss, run.LossCalls) = (result.Solve, result.Gradient, result.Loss, loss.Calls);
        return run;
    }

    public Run TwoCalls(OdeOptions options, EnsembleOptions ensembleOptions, bool sharedGradient = true)
    {
        using var solver = new EnsembleSolver<double, TSys>(Problem.Trajectories, options, ensembleOptions);
        var run = new Run(Problem, sharedGradient);
        run.Summary = Problem.Offsets is null
            ? solver.Solve(Problem.Z0, Problem.P, Problem.Times, run.Outputs, run.Results)
            : solver.Solve(Problem.Z0, Problem.P, Problem.Times, Problem.Offsets, run.Outputs, run.Results);
        var seeds = new double[run.Outputs.Length];
        SquaredErrorLoss loss = Loss;
        for (int b = 0; b < Problem.Trajectories; b++)
        {
            if (!run.Results[b].IsSuccess) continue;
            ReadOnlySpan<double> times = Problem.TimesOf(b);
            int row = Problem.FirstRow(b) * N, values = times.Length * N;
            run.Loss += loss.Evaluate(b, times, run.Outputs.AsSpan(row, values), seeds.AsSpan(row, values));
        }
        run.LossCalls = loss.Calls;
        run.GradientSummary = solver.Gradient(seeds, run.GradZ0, run.GradP, run.Gradients);
        return run;
    }

    /// <summary>Everything one run produced.</summary>
    internal sealed class Run(EnsembleCase<TSys> problem, bool sharedGradient)
    {
        public double[] Outputs { get; } = new double[problem.TotalRows * N];
        public SolveResult[] Results { get; } = new SolveResult[problem.Trajectories];
        public double[] GradZ0 { get; } = new double[problem.Trajectories * N];
        public double[] GradP { get; } = new double[(sharedGradient ? 1 : problem.Trajectories) * TSys.ParameterSize];
        public GradientResult[] Gradients { get; } = new GradientResult[problem.Trajectories];
        public EnsembleResult Summary { get; set; }
        public EnsembleResult GradientSummary { get; set; }
        public double Loss { get; set; }
        public int LossCalls { get; set; }

        /// <summary>Asserts every output, status, gradient and the loss equal <paramref name="expected"/>'s bit for bit.</summary>
        public void AssertSameBits(Run expected)
        {
            Bits.Equal(expected.Outputs, Outputs, "outputs");
            Assert.Equal(expected.Results, Results);
            Bits.Equal(expected.GradZ0, GradZ0, "gradZ0");
            Bits.Equal(expected.GradP, GradP, "gradP");
            Assert.Equal(expected.Gradients, Gradients);
            Assert.Equal(expected.Summary, Summary);
            Assert.Equal(expected.GradientSummary, GradientSummary);
            Bits.Equal([expected.Loss], [Loss], "loss");
            Assert.Equal(expected.LossCalls, LossCalls);
        }
    }
}
