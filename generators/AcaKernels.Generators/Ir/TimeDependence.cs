namespace AcaKernels.Generators.Ir;

/// <summary>
/// Whether a function can depend on its time argument: false only when no expression in its body reads t. The
/// walk is <see cref="IrWalker"/>'s, which fails on any IR node it does not know, so a construct added later
/// cannot be skipped: the solver skips vᵀ∂f/∂t only on a proven false.
/// </summary>
internal static class TimeDependence
{
    public static bool Reads(IrFunction function)
    {
        var finder = new Finder();
        finder.Visit(function.Body);
        return finder.Found;
    }

    private sealed class Finder : IrWalker
    {
        public bool Found { get; private set; }

        public override void Visit(Expr e)
        {
            if (e is TimeExpr) Found = true;
            else base.Visit(e);
        }
    }
}
