namespace AcaKernels.Generators.Functions;

/// <summary>The math functions the generator differentiates (System.Math and System.MathF members).</summary>
internal enum MathFunction
{
    Exp, Log, Log10, Sqrt, Cbrt, Pow,
    Sin, Cos, Tan, Asin, Acos, Atan, Atan2,
    Sinh, Cosh, Tanh, Asinh, Acosh, Atanh,
    Abs, Min, Max, FusedMultiplyAdd,
    Clamp, Floor, Ceiling, Round, Sign,

    /// <summary>sech²x from (x, tanh x): not callable from user code, only by tanh's derivative rule (the runtime's
    /// <c>OdeMath.TanhDerivative</c>).</summary>
    TanhDerivative,

    /// <summary>x^(3/2) = x·√x with derivative (3/2)·√x: not callable from user code, only written by the parser for
    /// <c>Math.Pow(x, 1.5)</c> (Parsing/BodyParser.Powers.cs; the runtime's <c>OdeMath.ThreeHalvesPower</c>).</summary>
    ThreeHalvesPower,

    /// <summary>∂(a^b)/∂a = b·a^(b−1) from (a, b, r = a^b): not callable from user code, only by pow's derivative rule
    /// (the runtime's <c>OdeMath.PowBaseDerivative</c>: b·(r/a) where r is normal, else b·Pow(a, b − 1)).</summary>
    PowBaseDerivative,
}
