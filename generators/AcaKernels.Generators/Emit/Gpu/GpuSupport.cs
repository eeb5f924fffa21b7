using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// What the GPU form cannot print: the constructs with no ILGPU form. A static readonly table is an array field,
/// which ILGPU refuses in kernels (an internal compiler error). Every math function has a GPU form: the
/// transcendental ones are GpuMath's (OdeMath's algorithms over ILGPU's FMA; Math.Cbrt, Asinh, Acosh and Atanh,
/// which ILGPU 1.5.3 would compile to calls of undefined functions, included), and Math.Clamp and Math.Sign (an ILGPU
/// internal compiler error: their throw paths) are the GPU form's own two comparisons (<see cref="GpuHelpers"/>).
/// The parser names each table read where it is written (ACA3001); the emitter skips the system.
/// </summary>
internal static class GpuSupport
{
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
            if (e is TableExpr) Found = true;
            base.Visit(e);
        }
    }
}
