using System.Numerics;

namespace AcaKernels.Gpu.Tests.Reference;

/// <summary>Double → T inside a kernel (ILGPU cannot compile <c>T.CreateTruncating</c>, which reads <see cref="Type"/>).</summary>
public interface IReal<T> where T : unmanaged, INumber<T>
{
    static abstract T From(double x);
}

public readonly struct Real64 : IReal<double>
{
    public static double From(double x) => x;
}

public readonly struct Real32 : IReal<float>
{
    public static float From(double x) => (float)x;
}
