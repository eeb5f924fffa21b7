using System.Numerics;
using AcaKernels;

namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>A test system as an <see cref="IOdeDynamics{T}"/> for the CPU engine (no fused kernels: its generic stepper).</summary>
public readonly unsafe struct CpuSystem<T, TSystem> : IOdeDynamics<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TSystem : ITestSystem<T>
{
    public static int StateSize => TSystem.N;
    public static int ParameterSize => TSystem.M;
    public static bool DependsOnTime => false;

    public static void Evaluate(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, Span<T> dz)
    {
        fixed (T* zp = z, pp = p, dzp = dz)
            TSystem.F(new PtrVec<T>(zp), new PtrVec<T>(pp), new PtrVec<T>(dzp));
    }

    public static T VectorJacobianProduct(T t, ReadOnlySpan<T> z, ReadOnlySpan<T> p, ReadOnlySpan<T> v, Span<T> gradZ, Span<T> gradP)
    {
        fixed (T* zp = z, pp = p, vp = v, gzp = gradZ, gpp = gradP)
            TSystem.Vjp(new PtrVec<T>(zp), new PtrVec<T>(pp), new PtrVec<T>(vp), new PtrVec<T>(gzp), new PtrVec<T>(gpp));
        return T.Zero;
    }
}
