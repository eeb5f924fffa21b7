using AcaKernels;

namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>A test system as an <see cref="IOdeDynamics{T}"/> for the CPU engine (no fused kernels: its generic stepper).</summary>
public readonly unsafe struct CpuSystem<TSystem> : IOdeDynamics<double> where TSystem : ITestSystem
{
    public static int StateSize => TSystem.N;
    public static int ParameterSize => TSystem.M;
    public static bool DependsOnTime => false;

    public static void Evaluate(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, Span<double> dz)
    {
        fixed (double* zp = z, pp = p, dzp = dz)
            TSystem.F(new PtrVec(zp), new PtrVec(pp), new PtrVec(dzp));
    }

    public static double VectorJacobianProduct(double t, ReadOnlySpan<double> z, ReadOnlySpan<double> p, ReadOnlySpan<double> v,
        Span<double> gradZ, Span<double> gradP)
    {
        fixed (double* zp = z, pp = p, vp = v, gzp = gradZ, gpp = gradP)
            TSystem.Vjp(new PtrVec(zp), new PtrVec(pp), new PtrVec(vp), new PtrVec(gzp), new PtrVec(gpp));
        return 0;
    }
}
