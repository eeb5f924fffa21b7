using System.Numerics;

namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>Double → T inside a kernel (ILGPU cannot compile <c>T.CreateTruncating</c>, which reads <see cref="Type"/>),
/// and T's fused multiply-add (GpuMath.Fma: Math.FusedMultiplyAdd on the CPU accelerator, fma on OpenCL and PTX).</summary>
public interface IReal<T> where T : unmanaged, INumber<T>
{
    static abstract T From(double x);

    /// <summary>a·b + c, rounded once.</summary>
    static abstract T Fma(T a, T b, T c);
}

public readonly struct Real64 : IReal<double>
{
    public static double From(double x) => x;
    public static double Fma(double a, double b, double c) => Kernels.GpuMath.Fma(a, b, c);
}

public readonly struct Real32 : IReal<float>
{
    public static float From(double x) => (float)x;
    public static float Fma(float a, float b, float c) => Kernels.GpuMath.Fma(a, b, c);
}
