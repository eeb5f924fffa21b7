using System.Numerics;
using AcaKernels.Solving;
using AcaKernels.Stepping;

namespace AcaKernels.Gradients;

/// <summary>
/// ACA's backward pass: for i = N−1 … 0, replay step i from its checkpoint and pull the adjoint back through
/// the whole step (all stages), adding the seed ∂L/∂z(t_k) whenever the sweep reaches output time t_k.
/// </summary>
/// <remarks>Zhuang et al., ICML 2020, Algorithm 1. The result is the exact gradient of the discrete map the
/// forward pass computed (the step sizes hᵢ are constants of that map). The time gradients are those of the
/// same map, extended to t₀ and t_end as documented on <see cref="GradientResult"/>.</remarks>
internal static class AcaBackward<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    /// <summary>
    /// Writes ∂L/∂z₀ into <paramref name="adjoint"/> and ∂L/∂p into <paramref name="gradP"/>, given the seeds
    /// ∂L/∂z(t_k) laid out like the outputs, and returns ∂L/∂t₀ and ∂L/∂t_end of the discrete map.
    /// <paramref name="work"/> is scratch of length n.
    /// </summary>
    /// <remarks>
    /// The map: z(t₀) = z₀, interior output times fixed, every step length frozen except those of the steps that
    /// land on T₁ = times[1] and on t_end, which are Tₖ − tᵢ. Step i &lt; S₁ (S₁ steps reach T₁) starts at
    /// tᵢ = t₀ + Σ_{j&lt;i} hⱼ, so its stage times tᵢ + cₗhᵢ move with t₀ at rate 1, except in the step landing
    /// on T₁, where h = T₁ − tᵢ moves at rate −1 and the stage times at 1 − cₗ. Hence, with gᵢ = Σₗ vₗᵀ∂f/∂t over
    /// step i's stages and ∂L/∂hᵢ both from the step's VJP:
    /// ∂L/∂t₀ = Σ_{i&lt;S₁} gᵢ − ∂L/∂h_{S₁−1}, and ∂L/∂t_end = ∂L/∂h_{N−1} (the last step's start is fixed, or
    /// moves with t₀ when S₁ = N, which the first sum already counts).
    /// Only those steps take the step VJP with time terms (<see cref="IOdeDynamics{T}.TryFusedStepVjpWithTime"/>
    /// where the type has it, else the generic stepper; the plain fused kernel drops ∂f/∂t and ∂L/∂h), and of the
    /// steps before T₁ only when <see cref="IOdeDynamics{T}.DependsOnTime"/>: otherwise every gᵢ is zero.
    /// </remarks>
    public static void Run(IntegrationWorkspace<T> ws, CheckpointStore<T> store, ReadOnlySpan<T> p,
        ReadOnlySpan<T> seeds, Span<T> adjoint, Span<T> work, Span<T> gradP, out double gradT0, out double gradTEnd)
    {
        int n = ws.N;
        ReadOnlySpan<int> outputSteps = store.OutputSteps;
        ReadOnlySpan<double> times = store.Times, steps = store.Steps;
        ref SolverStatistics stats = ref ws.Statistics;
        int stages = ws.Rk.Stages, vjpStages = 0;
        foreach (bool influences in ws.Rk.StageInfluencesOutput) if (influences) vjpStages++;
        int last = store.Count - 1, firstLeg = outputSteps[1]; // steps up to T₁ (S₁)

        int k = outputSteps.Length - 1;
        seeds.Slice(k * n, n).CopyTo(adjoint);
        k--;
        gradP.Clear();
        gradT0 = 0;
        gradTEnd = 0;
        Span<T> a = adjoint, aIn = work;
        for (int i = last; i >= 0; i--)
        {
            // Steps before the landing on T₁ need Σ vᵀ∂f/∂t only when f reads t; the two landing steps need ∂L/∂h.
            bool timeTerms = AcaTimeTerms.Needed(i, last, firstLeg, TDynamics.DependsOnTime);
            T gradH = RungeKuttaStepper<T, TDynamics>.StepVjp(ws.Rk, times[i], steps[i], store.State(i), p, a, aIn, gradP,
                ws.VjpScratch, timeTerms, out T gradT);
            if (timeTerms)
                AcaTimeTerms.Accumulate(i, last, firstLeg, double.CreateTruncating(gradH), double.CreateTruncating(gradT), ref gradT0, ref gradTEnd);
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
