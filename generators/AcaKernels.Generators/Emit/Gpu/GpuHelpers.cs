using System.Collections.Generic;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// Where the GPU form's math calls go: the fused multiply-add and the transcendental functions to GpuMath (OdeMath's
/// algorithms over ILGPU's FMA), and Math.Clamp and Math.Sign to the GPU form's own helpers.
/// <para>Those helpers (ILGPU cannot compile System.Math's Clamp and Sign: their throw paths) are written
/// with System.Math's own comparisons so every result it returns is the same; where System.Math throws (Clamp with
/// min &gt; max, Sign of NaN) a kernel cannot throw, so Clamp returns what its comparisons give and Sign returns NaN.
/// Called by their full name: register code inlines f where the user's locals are in scope.</para>
/// </summary>
internal sealed class GpuHelpers(string owner, ScalarType type)
{
    /// <summary>The functions GpuMath implements by name: OdeMath's generic-FMA algorithms (Tanh, TanhDerivative and
    /// ThreeHalvesPower are OdeMath's scalar forms, which ILGPU compiles as they are).</summary>
    private static readonly HashSet<MathFunction> OverGpuFma = new()
    {
        MathFunction.Exp, MathFunction.Log, MathFunction.Log10, MathFunction.Pow, MathFunction.PowBaseDerivative, MathFunction.Cbrt,
        MathFunction.Sin, MathFunction.Cos, MathFunction.Tan, MathFunction.Asin, MathFunction.Acos, MathFunction.Atan, MathFunction.Atan2,
        MathFunction.Sinh, MathFunction.Cosh, MathFunction.Asinh, MathFunction.Acosh, MathFunction.Atanh,
    };

    private readonly HashSet<MathFunction> _used = new();

    /// <summary>The callee for <paramref name="function"/>: a helper of <paramref name="owner"/>, or null (System.Math).</summary>
    public string? Call(MathFunction function)
    {
        // ILGPU's own mapping of Math.FusedMultiplyAdd calls an undefined function on PTX and OpenCL.
        if (function == MathFunction.FusedMultiplyAdd) return KernelTarget.GpuFma;
        // OdeMath's algorithm over that FMA (the CPU kernels call OdeMath's, ScalarMathTable): the same bits on the CPU
        // accelerator, and a GPU form for Cbrt, Asinh, Acosh and Atanh, which ILGPU compiles to undefined functions.
        if (OverGpuFma.Contains(function)) return KernelTarget.GpuMath + "." + function;
        if (function is not (MathFunction.Clamp or MathFunction.Sign)) return null;
        _used.Add(function);
        return owner + "." + function;
    }

    /// <summary>Writes the helpers that <see cref="Call"/> handed out.</summary>
    public void Emit(CodeWriter code)
    {
        string t = Literals.TypeName(type), zero = Literals.Of(type, 0), one = Literals.Of(type, 1);
        if (_used.Contains(MathFunction.Clamp))
        {
            code.Line();
            code.Line("/// <summary>Math.Clamp's comparisons (it throws where min &gt; max; a kernel cannot).</summary>");
            code.Line($"private static {t} Clamp({t} value, {t} min, {t} max) => value < min ? min : value > max ? max : value;");
        }
        if (_used.Contains(MathFunction.Sign))
        {
            // Math.Sign returns int; the IR holds it as a real and the writer casts the call to T: (T)Sign(x).
            code.Line();
            code.Line("/// <summary>Math.Sign as a real: 1, -1 or 0 (it throws on NaN; a kernel cannot, so NaN stays NaN).</summary>");
            code.Line($"private static {t} Sign({t} value) => value < {zero} ? -{one} : value > {zero} ? {one} : value == {zero} ? {zero} : value;");
        }
    }
}
