using AcaKernels.Numerics;

namespace AcaKernels.Tests.Numerics;

/// <summary>A second <see cref="IFusedMultiplyAdd"/> (double.FusedMultiplyAdd): the generic forms over it must give
/// the scalar forms' bits, as the GPU form's over ILGPU's FMA does.</summary>
internal readonly struct DoubleFusedMultiplyAdd : IFusedMultiplyAdd
{
    public static double Fma(double a, double b, double c) => double.FusedMultiplyAdd(a, b, c);
}
