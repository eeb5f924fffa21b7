using AcaKernels.Gradients;
using AcaKernels.Solving;
using AcaKernels.Tests.Reference;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Solving;

/// <summary>
/// A test system solved from its sample state and parameters, then differentiated for seeds ∂L/∂z(t_k) drawn
/// uniformly from [−1, 1) with a fixed random seed: what the exactness tests share (ACA against duals through its
/// accepted steps, ACA's time gradients through the map, the naive method against a dual solve). They differ only in
/// the reference they compare with.
/// </summary>
internal sealed record SeededGradient<TSys>(OdeSolver<double, TSys> Solver, double[] Times, double[] Z0, double[] P,
    double[] Outputs, double[] Seeds, double[] GradZ0, double[] GradP, GradientResult Gradient)
    where TSys : struct, ITestSystem, IOdeDynamics<double>
{
    /// <summary>Solves and differentiates; throws when either fails.</summary>
    public static SeededGradient<TSys> Run(OdeOptions options, double[] times, int randomSeed)
    {
        int n = TSys.StateSize, m = TSys.ParameterSize;
        double[] z0 = TSys.SampleState, p = TSys.SampleParameters;
        var solver = new OdeSolver<double, TSys>(options);
        var outputs = new double[times.Length * n];
        solver.Solve(z0, p, times, outputs).ThrowIfFailed();
        var seeds = new double[outputs.Length];
        var random = new Random(randomSeed);
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() * 2 - 1;
        var gradZ0 = new double[n];
        var gradP = new double[m];
        GradientResult gradient = solver.Gradient(seeds, gradZ0, gradP);
        gradient.ThrowIfFailed();
        return new(solver, times, z0, p, outputs, seeds, gradZ0, gradP, gradient);
    }

    /// <summary>Σ_k ⟨seeds_k, tangent at output k⟩: the loss's derivative along the tangent <paramref name="trajectory"/>
    /// carries through the solver's accepted steps.</summary>
    public double LossTangent(DualTrajectory trajectory)
    {
        int n = TSys.StateSize;
        ReadOnlySpan<int> outputSteps = Solver.AcceptedSteps.OutputSteps;
        double sum = 0;
        for (int k = 0; k < Times.Length; k++) sum += trajectory.TangentDot(outputSteps[k], Seeds.AsSpan(k * n, n));
        return sum;
    }
}
