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
/// <param name="KeepsReplayValues">Whether the register backward's replay keeps the values f's VJP would compute again
/// (Passes/Reverse/ReplayReuse) in a stack array the stage VJPs read: on the CPU. The GPU form recomputes them (a
/// per-thread array there is local memory, and nothing measured says it pays).</param>
internal sealed record KernelTarget(string ReadOnly, string Writable, string Slice, bool CheckLengths,
    Func<MathFunction, string?>? MathCall = null, bool SeparateReplay = true, string FmaCallee = "global::System.Math.FusedMultiplyAdd",
    bool KeepsReplayValues = false)
{
    /// <summary>The GPU form's fused multiply-add (float and double overloads share the name).</summary>
    public const string GpuFma = GpuMath + ".Fma";

    /// <summary>The GPU form's math class, <c>AcaKernels.Gpu.Kernels.GpuMath</c>: OdeMath's algorithms over
    /// <see cref="GpuFma"/>, one method per <c>Math</c> function of the same name (float and double overloads), so the GPU
    /// form computes what the CPU kernels compute (<see cref="Gpu.GpuHelpers"/> lists which functions go there).</summary>
    public const string GpuMath = "global::AcaKernels.Gpu.Kernels.GpuMath";

    /// <summary>ReadOnlySpan / Span of <paramref name="element"/>, checked: the CPU kernels.</summary>
    public static KernelTarget Spans(string element) =>
        new($"global::System.ReadOnlySpan<{element}>", $"global::System.Span<{element}>", "Slice", true,
            FmaCallee: FusedSums.Scalar(element, "0").Callee, KeepsReplayValues: true);

    /// <summary>ILGPU ArrayViews of <paramref name="element"/>, unchecked: the GPU kernels.</summary>
    public static KernelTarget Views(string element, Func<MathFunction, string?> mathCall) =>
        new($"global::ILGPU.ArrayView<{element}>", $"global::ILGPU.ArrayView<{element}>", "SubView", false, mathCall, SeparateReplay: false,
            FmaCallee: GpuFma);
}
