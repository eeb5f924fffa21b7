using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// What the GPU form cannot print: the constructs with no ILGPU form. Math.Cbrt, Asinh, Acosh and Atanh compile
/// to calls of undefined functions on PTX and OpenCL (ILGPU 1.5.3 maps no device function to them: the module
/// then fails to load); a static readonly table is an array field, which ILGPU refuses in kernels (an internal
/// compiler error). Math.Clamp and Math.Sign have no ILGPU form either (internal compiler error: their throw
/// paths), but their definitions are two comparisons, so the GPU form prints its own (<see cref="GpuHelpers"/>).
/// The parser names each such construct where it is written (ACA3001); the emitter skips the system.
/// </summary>
internal static class GpuSupport
{
    /// <summary>Why <paramref name="function"/> has no GPU form, or null when it has one.</summary>
    public static string? Unsupported(MathFunction function) => function switch
    {
        MathFunction.Cbrt or MathFunction.Asinh or MathFunction.Acosh or MathFunction.Atanh =>
            $"ILGPU has no device form of Math.{function} (it compiles to a call of an undefined function): " +
            (function == MathFunction.Cbrt ? "write Math.Pow(x, 1.0 / 3) for x ≥ 0" : "write it with Math.Log and Math.Sqrt"),
        _ => null,
    };

    /// <summary>Why a table read has no GPU form.</summary>
    public const string TableReason =
        "ILGPU kernels cannot read static array fields; pass the table's values in the parameters p instead";

    /// <summary>Whether every construct of <paramref name="function"/> has a GPU form.</summary>
    public static bool CanPrint(IrFunction function)
    {
        var finder = new Blocker();
        finder.Visit(function.Body);
        return !finder.Found;
    }

    private sealed class Blocker : IrWalker
    {
        public bool Found { get; private set; }

        public override void Visit(Expr e)
        {
            if (e is TableExpr || e is CallExpr call && Unsupported(call.Function) is not null) Found = true;
            base.Visit(e);
        }
    }
}
