namespace AcaKernels.Generators.Ir;

/// <summary>
/// Whether a function can depend on its time argument: false only when no expression in its body reads t. Any IR
/// node this walk does not know counts as reading t, so a construct added later can only make the answer
/// conservative (true), never wrong: the solver skips vᵀ∂f/∂t only on a proven false.
/// </summary>
internal static class TimeDependence
{
    public static bool Reads(IrFunction function) => Reads(function.Body);

    private static bool Reads(Block block)
    {
        foreach (Stmt statement in block.Statements)
        {
            bool reads = statement switch
            {
                AssignStmt assign => Reads(assign.Value),
                ForStmt loop => Reads(loop.Body),
                IfStmt branch => Reads(branch.Condition) || Reads(branch.Then) || Reads(branch.Else),
                _ => true,
            };
            if (reads) return true;
        }
        return false;
    }

    private static bool Reads(Cond condition) => condition switch
    {
        CompareCond compare => Reads(compare.Left) || Reads(compare.Right),
        IntCompareCond or BoolConstCond => false,
        LogicalCond logical => Reads(logical.Left) || Reads(logical.Right),
        NotCond not => Reads(not.Operand),
        _ => true,
    };

    private static bool Reads(Expr e) => e switch
    {
        TimeExpr => true,
        ConstExpr or InputExpr or LocalExpr or ArrayExpr or IntToRealExpr => false,
        NegateExpr negate => Reads(negate.Operand),
        ConvertExpr convert => Reads(convert.Operand),
        BinaryExpr binary => Reads(binary.Left) || Reads(binary.Right),
        CallExpr call => call.Arguments.Any(Reads),
        SelectExpr select => Reads(select.Condition) || Reads(select.WhenTrue) || Reads(select.WhenFalse),
        _ => true,
    };
}
