using System.Numerics;
using AcaKernels.Solving;
using AcaKernels.Stepping;

namespace AcaKernels.Gradients;

/// <summary>
/// ACA's backward pass: for i = N−1 … 0, replay step i from its checkpoint and pull the adjoint back through
/// the whole step (all stages), adding the seed ∂L/∂z(t_k) whenever the sweep reaches output time t_k.
/// </summary>
/// <remarks>Zhuang et al., ICML 2020, Algorithm 1. The result is the exact gradient of the discrete map the
/// forward pass computed (the step sizes hᵢ are constants of that map).</remarks>
internal static class AcaBackward<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    /// <summary>
    /// Writes ∂L/∂z₀ into <paramref name="adjoint"/> and ∂L/∂p into <paramref name="gradP"/>, given the seeds
    /// ∂L/∂z(t_k) laid out like the outputs. <paramref name="work"/> is scratch of length n.
    /// </summary>
    public static void Run(IntegrationWorkspace<T> ws, CheckpointStore<T> store, ReadOnlySpan<T> p,
        ReadOnlySpan<T> seeds, Span<T> adjoint, Span<T> work, Span<T> gradP)
    {
        int n = ws.N;
        ReadOnlySpan<int> outputSteps = store.OutputSteps;
        ReadOnlySpan<double> times = store.Times, steps = store.Steps;
        ref SolverStatistics stats = ref ws.Statistics;
        int stages = ws.Rk.Stages, vjpStages = 0;
        foreach (bool influences in ws.Rk.StageInfluencesOutput) if (influences) vjpStages++;

        int k = outputSteps.Length - 1;
        seeds.Slice(k * n, n).CopyTo(adjoint);
        k--;
        gradP.Clear();
        Span<T> a = adjoint, aIn = work;
        for (int i = store.Count - 1; i >= 0; i--)
        {
            RungeKuttaStepper<T, TDynamics>.StepVjp(ws.Rk, times[i], steps[i], store.State(i), p, a, aIn, gradP,
                ws.VjpScratch, timeGradients: false, out _);
            Span<T> swap = a;
            a = aIn;
            aIn = swap;
            while (k >= 0 && outputSteps[k] == i)
            {
                ReadOnlySpan<T> seed = seeds.Slice(k * n, n);
                for (int j = 0; j < n; j++) a[j] += seed[j];
                k--;
            }
        }
        stats.BackwardEvaluations += (long)store.Count * stages;
        stats.BackwardVjps += (long)store.Count * vjpStages;
        if (a != adjoint) a.CopyTo(adjoint);
    }
}
