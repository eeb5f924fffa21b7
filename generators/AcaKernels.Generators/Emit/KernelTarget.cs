using AcaKernels.Generators.Functions;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// What the scalar fused kernels are printed for: spans with up-front length checks and System.Math (or the runtime's
/// OdeMath, see ScalarMathTable, on both targets) on the CPU;
/// ILGPU <c>ArrayView&lt;T&gt;</c>s without checks (ILGPU rejects Span and throw) and the GPU form's own Clamp and
/// Sign on the GPU. The arithmetic printed around them is the same either way, so both compute the same bits.
/// </summary>
/// <param name="ReadOnly">The type of an input array parameter.</param>
/// <param name="Writable">The type of an output array parameter or slice.</param>
/// <param name="Slice">The method that takes a sub-range (offset, length).</param>
/// <param name="CheckLengths">Whether the kernels check their arrays' lengths first (and throw).</param>
/// <param name="MathCall">The target's own method for a math function, or null for System.Math (see
/// <see cref="ScalarExpressionWriter.MathCall"/>).</param>
/// <param name="SeparateReplay">Whether the register backward's replay stays a call of its own (NoInlining: on the
/// CPU the JIT then keeps no replay value live across the reverse). Not on the GPU: ILGPU keeps a NoInlining method
/// a function, whose view parameters it can then only type as OpenCL __generic pointers, which OpenCL 1.2 devices
/// (PoCL) reject; inlined, the views keep their address space.</param>
/// <param name="FmaCallee">The fused multiply-add the step sums are printed with (see <see cref="FusedSums"/>):
/// System.Math's (MathF's for float) on the CPU; on the GPU <c>AcaKernels.Gpu.Kernels.GpuMath.Fma</c>, which ILGPU
/// compiles to fma.rn (PTX) and fma (OpenCL) and which is Math.FusedMultiplyAdd on the CPU accelerator (ILGPU's own
/// mapping of Math.FusedMultiplyAdd calls an undefined function on PTX and OpenCL).</param>
internal sealed record KernelTarget(string ReadOnly, string Writable, string Slice, bool CheckLengths,
    Func<MathFunction, string?>? MathCall = null, bool SeparateReplay = true, string FmaCallee = "global::System.Math.FusedMultiplyAdd")
{
    /// <summary>The GPU form's fused multiply-add (float and double overloads share the name).</summary>
    public const string GpuFma = "global::AcaKernels.Gpu.Kernels.GpuMath.Fma";

    /// <summary>The GPU form's e^x: OdeMath.Exp's algorithm over <see cref="GpuFma"/> (float and double overloads).</summary>
    public const string GpuExp = "global::AcaKernels.Gpu.Kernels.GpuMath.Exp";

    /// <summary>The GPU form's ln x: OdeMath.Log's algorithm over <see cref="GpuFma"/> (float and double overloads).</summary>
    public const string GpuLog = "global::AcaKernels.Gpu.Kernels.GpuMath.Log";

    /// <summary>The GPU form's x^y: OdeMath.Pow's algorithm over <see cref="GpuFma"/> (float and double overloads);
    /// outside its fast path ILGPU's own Math.Pow.</summary>
    public const string GpuPow = "global::AcaKernels.Gpu.Kernels.GpuMath.Pow";

    /// <summary>The GPU form's ∂(a^b)/∂a from r = a^b (float and double overloads): OdeMath.PowBaseDerivative's rule over
    /// <see cref="GpuPow"/>.</summary>
    public const string GpuPowBaseDerivative = "global::AcaKernels.Gpu.Kernels.GpuMath.PowBaseDerivative";

    /// <summary>The GPU form's sin x and cos x: OdeMath.Sin/Cos's algorithm over <see cref="GpuFma"/> (float and
    /// double overloads); beyond |x| = 2^26 ILGPU's own Math.Sin/Math.Cos.</summary>
    public const string GpuSin = "global::AcaKernels.Gpu.Kernels.GpuMath.Sin", GpuCos = "global::AcaKernels.Gpu.Kernels.GpuMath.Cos";

    /// <summary>The GPU form's tan x and atan x: OdeMath.Tan/Atan's algorithms over <see cref="GpuFma"/> (float and
    /// double overloads); outside their fast paths ILGPU's own Math.Tan/Math.Atan.</summary>
    public const string GpuTan = "global::AcaKernels.Gpu.Kernels.GpuMath.Tan", GpuAtan = "global::AcaKernels.Gpu.Kernels.GpuMath.Atan";

    /// <summary>The GPU form's atan2(y, x), asin x and acos x: OdeMath.Atan2/Asin/Acos's algorithms over
    /// <see cref="GpuFma"/> (float and double overloads); outside their fast paths ILGPU's own Math functions.</summary>
    public const string GpuAtan2 = "global::AcaKernels.Gpu.Kernels.GpuMath.Atan2", GpuAsin = "global::AcaKernels.Gpu.Kernels.GpuMath.Asin",
        GpuAcos = "global::AcaKernels.Gpu.Kernels.GpuMath.Acos";

    /// <summary>The GPU form's sinh x and cosh x: OdeMath.Sinh/Cosh's algorithms over <see cref="GpuFma"/> (float and
    /// double overloads); outside their fast paths ILGPU's own Math.Sinh/Math.Cosh.</summary>
    public const string GpuSinh = "global::AcaKernels.Gpu.Kernels.GpuMath.Sinh", GpuCosh = "global::AcaKernels.Gpu.Kernels.GpuMath.Cosh";

    /// <summary>The GPU form's log10 x and ∛x: OdeMath.Log10/Cbrt's algorithms over <see cref="GpuFma"/> (float and double
    /// overloads). Neither has a fallback: ILGPU has no device cbrt at all.</summary>
    public const string GpuLog10 = "global::AcaKernels.Gpu.Kernels.GpuMath.Log10", GpuCbrt = "global::AcaKernels.Gpu.Kernels.GpuMath.Cbrt";

    /// <summary>The GPU form's asinh x, acosh x and atanh x: OdeMath's algorithms over <see cref="GpuFma"/> (float and
    /// double overloads), their special values written out: ILGPU has no device form of any of the three.</summary>
    public const string GpuAsinh = "global::AcaKernels.Gpu.Kernels.GpuMath.Asinh", GpuAcosh = "global::AcaKernels.Gpu.Kernels.GpuMath.Acosh",
        GpuAtanh = "global::AcaKernels.Gpu.Kernels.GpuMath.Atanh";

    /// <summary>ReadOnlySpan / Span of <paramref name="element"/>, checked: the CPU kernels.</summary>
    public static KernelTarget Spans(string element) =>
        new($"global::System.ReadOnlySpan<{element}>", $"global::System.Span<{element}>", "Slice", true,
            FmaCallee: FusedSums.Scalar(element, "0").Callee);

    /// <summary>ILGPU ArrayViews of <paramref name="element"/>, unchecked: the GPU kernels.</summary>
    public static KernelTarget Views(string element, Func<MathFunction, string?> mathCall) =>
        new($"global::ILGPU.ArrayView<{element}>", $"global::ILGPU.ArrayView<{element}>", "SubView", false, mathCall, SeparateReplay: false,
            FmaCallee: GpuFma);
}
