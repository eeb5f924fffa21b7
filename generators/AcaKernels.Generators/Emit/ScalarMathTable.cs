using AcaKernels.Generators.Functions;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// The math functions generated code takes from the runtime's <c>AcaKernels.Numerics.OdeMath</c> instead of
/// System.Math/MathF, on every target: OdeMath's scalar form, its Vector256/Vector512 forms (lane kernels, see
/// <see cref="Lanes.LaneMathTable"/>) and its GPU form (the same algorithms over ILGPU's FMA,
/// <see cref="KernelTarget.GpuMath"/>; Tanh and its derivative are the scalar form, which ILGPU compiles) compute the same bits,
/// so lanes equal the scalar kernels and ILGPU's CPU accelerator equals the CPU engine. Every transcendental function
/// of System.Math the generator accepts is such (Exp, Log, Log10, Pow, Cbrt, Sin, Cos, Tan, Asin, Acos, Atan, Atan2,
/// Sinh, Cosh, Tanh, Asinh, Acosh, Atanh): the C runtime's functions have no vector twin, and the lane kernels would
/// otherwise call them lane by lane; tanh's derivative rule calls OdeMath.TanhDerivative (no cosh), exp's and tan's
/// read the value.
/// </summary>
internal static class ScalarMathTable
{
    /// <summary>The runtime's math class, fully qualified.</summary>
    public const string OdeMath = "global::AcaKernels.Numerics.OdeMath";

    /// <summary>The callee of <paramref name="function"/> (float and double overloads share a name), or null for
    /// System.Math / System.MathF.</summary>
    public static string? Callee(MathFunction function) => function switch
    {
        MathFunction.Exp => OdeMath + ".Exp",
        MathFunction.Log => OdeMath + ".Log",
        MathFunction.Pow => OdeMath + ".Pow", // OdeMath.Pow.cs: x^y (its derivative rules call Pow and Log again)
        MathFunction.Sin or MathFunction.Cos => OdeMath + "." + function, // OdeMath.SinCos.cs: their derivative rules call each other, so both
        MathFunction.Tan => OdeMath + ".Tan", // OdeMath.Tan.cs: Sin/Cos's reduction; its derivative 1 + t² reads the value
        MathFunction.Atan => OdeMath + ".Atan", // OdeMath.Atan.cs
        MathFunction.Atan2 => OdeMath + ".Atan2", // OdeMath.Atan2.cs
        MathFunction.Asin or MathFunction.Acos => OdeMath + "." + function, // OdeMath.AsinAcos.cs
        MathFunction.Sinh or MathFunction.Cosh => OdeMath + "." + function, // OdeMath.SinhCosh.cs: each is the other's derivative
        MathFunction.Log10 or MathFunction.Cbrt => OdeMath + "." + function, // OdeMath.Log10.cs, OdeMath.Cbrt.cs: correctly rounded where measured
        MathFunction.Asinh or MathFunction.Acosh or MathFunction.Atanh => OdeMath + "." + function, // OdeMath.InverseHyperbolic.cs
        MathFunction.Tanh => OdeMath + ".Tanh",
        MathFunction.TanhDerivative => OdeMath + ".TanhDerivative",
        MathFunction.ThreeHalvesPower => OdeMath + ".ThreeHalvesPower",
        MathFunction.PowBaseDerivative => OdeMath + ".PowBaseDerivative",
        _ => null,
    };
}
