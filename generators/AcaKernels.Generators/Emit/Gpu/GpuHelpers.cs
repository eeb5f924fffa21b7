using System.Collections.Generic;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// The GPU form's own Math.Clamp and Math.Sign (ILGPU cannot compile System.Math's: their throw paths), written
/// with System.Math's own comparisons so every result it returns is the same; where System.Math throws (Clamp with
/// min &gt; max, Sign of NaN) a kernel cannot throw, so Clamp returns what its comparisons give and Sign returns NaN.
/// Called by their full name: register code inlines f where the user's locals are in scope.
/// </summary>
internal sealed class GpuHelpers(string owner, ScalarType type)
{
    private readonly HashSet<MathFunction> _used = new();

    /// <summary>The callee for <paramref name="function"/>: a helper of <paramref name="owner"/>, or null (System.Math).</summary>
    public string? Call(MathFunction function)
    {
        // ILGPU's own mapping of Math.FusedMultiplyAdd calls an undefined function on PTX and OpenCL.
        if (function == MathFunction.FusedMultiplyAdd) return KernelTarget.GpuFma;
        // OdeMath.Exp's algorithm over that FMA (the CPU kernels call OdeMath.Exp, ScalarMathTable).
        if (function == MathFunction.Exp) return KernelTarget.GpuExp;
        if (function == MathFunction.Log) return KernelTarget.GpuLog;
        if (function == MathFunction.Pow) return KernelTarget.GpuPow;
        if (function == MathFunction.PowBaseDerivative) return KernelTarget.GpuPowBaseDerivative;
        if (function is MathFunction.Sin or MathFunction.Cos) return function == MathFunction.Sin ? KernelTarget.GpuSin : KernelTarget.GpuCos;
        if (function == MathFunction.Tan) return KernelTarget.GpuTan;
        if (function == MathFunction.Atan) return KernelTarget.GpuAtan;
        if (function == MathFunction.Atan2) return KernelTarget.GpuAtan2;
        if (function is MathFunction.Asin or MathFunction.Acos) return function == MathFunction.Asin ? KernelTarget.GpuAsin : KernelTarget.GpuAcos;
        if (function is MathFunction.Sinh or MathFunction.Cosh) return function == MathFunction.Sinh ? KernelTarget.GpuSinh : KernelTarget.GpuCosh;
        if (function is MathFunction.Log10 or MathFunction.Cbrt) return function == MathFunction.Log10 ? KernelTarget.GpuLog10 : KernelTarget.GpuCbrt;
        if (function == MathFunction.Asinh) return KernelTarget.GpuAsinh;
        if (function == MathFunction.Acosh) return KernelTarget.GpuAcosh;
        if (function == MathFunction.Atanh) return KernelTarget.GpuAtanh;
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
