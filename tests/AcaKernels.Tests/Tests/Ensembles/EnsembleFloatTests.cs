using AcaKernels.Ensembles;
using AcaKernels.Solving;
using AcaKernels.Tests.Systems;

namespace AcaKernels.Tests.Ensembles;

/// <summary>A float ensemble runs the float engine: each trajectory equals OdeSolver&lt;float&gt; bit for bit.</summary>
public sealed class EnsembleFloatTests
{
    [Fact]
    public void Lorenz63Float_SharedTheta_EqualsSingleSolverBitForBit()
    {
        const int trajectories = 9, n = 3;
        var options = new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-5 };
        float[] z0 = EnsembleCase<Lorenz63>.Perturbed(Lorenz63.SampleState, trajectories, 0.5, seed: 81).Select(v => (float)v).ToArray();
        float[] p = Lorenz63.SampleParameters.Select(v => (float)v).ToArray();
        float[] seeds = EnsembleCase<Lorenz63>.RandomSeeds(trajectories * 3, seed: 82).Select(v => (float)v).ToArray();
        double[] times = [0.0, 0.4, 1.0];
        var outputs = new float[trajectories * times.Length * n];
        var gradZ0 = new float[trajectories * n];
        var gradP = new float[trajectories * n];
        using (var ensemble = new EnsembleSolver<float, Lorenz63>(trajectories, options, new EnsembleOptions { WorkerCount = 2 }))
        {
            ensemble.Solve(z0, p, times, outputs, new SolveResult[trajectories]).ThrowIfFailed();
            ensemble.Gradient(seeds, gradZ0, gradP, new GradientResult[trajectories]).ThrowIfFailed();
        }

        var single = new OdeSolver<float, Lorenz63>(options);
        var expectedOutputs = new float[times.Length * n];
        var expectedGradZ0 = new float[n];
        var expectedGradP = new float[n];
        for (int b = 0; b < trajectories; b++)
        {
            int rows = b * times.Length * n;
            single.Solve(z0.AsSpan(b * n, n), p, times, expectedOutputs).ThrowIfFailed();
            single.Gradient(seeds.AsSpan(rows, times.Length * n), expectedGradZ0, expectedGradP).ThrowIfFailed();
            Assert.Equal(expectedOutputs, outputs.AsSpan(rows, times.Length * n).ToArray()); // float equality: exact
            Assert.Equal(expectedGradZ0, gradZ0.AsSpan(b * n, n).ToArray());
            Assert.Equal(expectedGradP, gradP.AsSpan(b * n, n).ToArray());
        }
    }
}
