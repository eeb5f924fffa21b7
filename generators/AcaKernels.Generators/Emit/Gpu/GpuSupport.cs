using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Gpu;

/// <summary>
/// What the GPU form cannot print: the constructs with no ILGPU form. A static readonly table is read as it is written
/// (ILGPU inlines the array's values into the kernel when it compiles it: <c>GpuIntrinsics.Register</c> sets
/// <c>ArrayMode.InlineMutableStaticArrays</c> on every context), but only when its initializer shows its length, so
/// that the parser has proved every index in range: a kernel has no bounds check, and an index past the end would
/// read another value silently. Every math function has a GPU form: the
/// transcendental ones are GpuMath's (OdeMath's algorithms over ILGPU's FMA; Math.Cbrt, Asinh, Acosh and Atanh,
/// which ILGPU 1.5.3 would compile to calls of undefined functions, included), and Math.Clamp and Math.Sign (an ILGPU
/// internal compiler error: their throw paths) are the GPU form's own two comparisons (<see cref="GpuHelpers"/>).
/// The parser names each read of a table of unknown length where it is written (ACA3001); the emitter skips the system.
/// </summary>
internal static class GpuSupport
{
    /// <summary>Why a read of a table whose length the source does not show has no GPU form.</summary>
    public const string TableReason =
        "the table's length is not known at compile time, so the index cannot be proved in range and a GPU kernel has no bounds check; " +
        "initialise the field with an array creation ('{ … }', 'new[] { … }', '[ … ]' or 'new double[N]') or pass the values in the parameters p";

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
            if (e is TableExpr { Length: < 0 }) Found = true;
            base.Visit(e);
        }
    }
}
