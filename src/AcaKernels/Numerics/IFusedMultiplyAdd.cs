namespace AcaKernels.Numerics;

/// <summary>a·b + c with one rounding, as a type argument: <see cref="OdeMath"/>'s algorithms are written once over it,
/// System.Math's on the CPU (<see cref="SystemFusedMultiplyAdd"/>) and ILGPU's in the GPU form, whose compilers cannot
/// build Math.FusedMultiplyAdd. IEEE 754 specifies the result exactly, so every implementation gives the same bits.
/// Public because the GPU form's implementation lives in AcaKernels.Gpu (<c>GpuMath.Exp</c>).</summary>
public interface IFusedMultiplyAdd
{
    /// <summary>a·b + c, rounded once.</summary>
    static abstract double Fma(double a, double b, double c);
}

/// <summary><see cref="Math.FusedMultiplyAdd(double, double, double)"/>: one instruction where the CPU has FMA.</summary>
public readonly struct SystemFusedMultiplyAdd : IFusedMultiplyAdd
{
    /// <summary>a·b + c, rounded once (Math.FusedMultiplyAdd).</summary>
    public static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
}
