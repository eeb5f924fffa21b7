namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>
/// An autonomous test system written once over <see cref="IVec{T}"/>: f and its vector-Jacobian product. The CPU
/// engine runs it through <see cref="CpuSystem{T, TSystem}"/> (its generic Runge-Kutta stepper), the GPU kernels through
/// <see cref="Dopri5Stepper{T, TReal, TSystem}"/>; both do the same arithmetic, so on ILGPU's CPU accelerator the results
/// must agree bit for bit.
/// </summary>
public interface ITestSystem<T> where T : unmanaged
{
    static abstract int N { get; }
    static abstract int M { get; }

    /// <summary>dz = f(z, p).</summary>
    static abstract void F<TV>(TV z, TV p, TV dz) where TV : struct, IVec<T>;

    /// <summary>Adds vᵀ∂f/∂z to gz and vᵀ∂f/∂p to gp.</summary>
    static abstract void Vjp<TV>(TV z, TV p, TV v, TV gz, TV gp) where TV : struct, IVec<T>;
}
