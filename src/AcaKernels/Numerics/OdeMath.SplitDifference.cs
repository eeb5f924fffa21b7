using System.Runtime.CompilerServices;

namespace AcaKernels.Numerics;

public static partial class OdeMath
{
    /// <summary>
    /// c − w rounded once, the same bits as <c>c - w</c>, computed as the FMA −1·w + c. For the low part of an exact
    /// split, (c − w) − x with w = c − x (Sterbenz: c − w is exact). Written through the FMA because ILGPU 1.5.3's IR
    /// builder rewrites c − (c − x) into x, an identity of real arithmetic only: on every GPU backend the low part came
    /// out 0 and sin, cos, tan, acos, sinh, cosh and atanh lost up to an ulp (GpuMathKernelTests: PoCL against the CPU,
    /// and the scan of the OpenCL C for x − x). An intrinsic call is opaque to that rewrite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double SplitDifference<TFma>(double c, double w) where TFma : IFusedMultiplyAdd => TFma.Fma(-1.0, w, c);
}
