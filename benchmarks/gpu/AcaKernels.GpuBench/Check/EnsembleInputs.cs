namespace AcaKernels.GpuBench.Check;

/// <summary>One precision's inputs of the ensemble solvers for B trajectories of an n-component system with two output
/// times (t₀, t_end): z₀ [trajectory][component] (B·n), θ shared (m), seeds ∂L/∂z [trajectory][time][component] (2·B·n).</summary>
internal readonly record struct EnsembleInputs<T>(T[] Z0, T[] Theta, T[] Seeds)
{
    /// <summary>n, the state size, for <paramref name="trajectories"/> trajectories.</summary>
    public int StateSize(int trajectories) => Z0.Length / trajectories;
}
