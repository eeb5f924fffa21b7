namespace AcaKernels.Ensembles;

/// <summary>Whether an <see cref="EnsembleSolver{T, TDynamics}"/> runs its trajectories in SIMD lanes.</summary>
public enum EnsembleVectorization
{
    /// <summary>
    /// Eight trajectories per <see cref="System.Runtime.Intrinsics.Vector512{T}"/> when that can run: T = double,
    /// an adaptive method, <see cref="Gradients.GradientMethod.Aca"/> or <see cref="Gradients.GradientMethod.None"/>,
    /// and a CPU with AVX-512 (<see cref="System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated"/>); the scalar
    /// engine otherwise. Every trajectory's results are the same bits either way.
    /// </summary>
    Auto,

    /// <summary>Always the scalar engine, one trajectory at a time per worker.</summary>
    Never,
}
