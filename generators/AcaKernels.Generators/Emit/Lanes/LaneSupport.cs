using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Whether a function can be printed as lane code at all. When it cannot, no lane kernel is emitted and the hooks
/// keep their default (false): a system without lane kernels still runs, one with wrong ones would not. Refused:
/// float systems (the hooks are float64 only), float↔double conversions inside a double system, and a read of a
/// table of unknown length under a real-valued condition: if-conversion evaluates both sides for every lane, so
/// that read would run (and could throw IndexOutOfRangeException) where the scalar code skips it. Conditions on
/// loop counters stay plain if and ?: in lane code, so what they guard runs only where the scalar code runs it.
/// </summary>
internal static class LaneSupport
{
    public static bool CanPrint(IrFunction function) =>
        function.Type == ScalarType.Double && function.Scalars.All(s => s.Type == ScalarType.Double)
        && function.Arrays.All(a => a.Type == ScalarType.Double) && Check(function.Body, guarded: false);

    private static bool Check(Block block, bool guarded)
    {
        foreach (Stmt statement in block.Statements)
        {
            bool ok = statement switch
            {
                AssignStmt assign => Check(assign.Value, guarded),
                ForStmt loop => Check(loop.Body, guarded),
                IfStmt branch => Check(branch.Condition, guarded) && Check(branch.Then, Guards(branch.Condition, guarded))
                    && Check(branch.Else, Guards(branch.Condition, guarded)),
                // The VJP's own statements (see Passes/Reverse/VjpFunction).
                SaveFlagStmt save => Check(save.Condition, guarded),
                GroupStmt group => Check(group.Body, guarded),
                _ => false,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool Guards(Cond condition, bool guarded) => guarded || !LaneExpressionWriter.IsUniform(condition);

    private static bool Check(Cond c, bool guarded) => c switch
    {
        CompareCond k => Check(k.Left, guarded) && Check(k.Right, guarded),
        // The right side of && and || may be skipped by C#; the mask form always evaluates it.
        LogicalCond l => Check(l.Left, guarded) && Check(l.Right, true),
        NotCond n => Check(n.Operand, guarded),
        IntCompareCond or BoolConstCond or FlagCond => true,
        _ => false,
    };

    private static bool Check(Expr e, bool guarded)
    {
        if (e.Type != ScalarType.Double) return false;
        return e switch
        {
            ConstExpr or TimeExpr or InputExpr or LocalExpr or ArrayExpr or IntToRealExpr or TapeExpr => true,
            TableExpr table => table.Length >= 0 || !guarded,
            NegateExpr n => Check(n.Operand, guarded),
            BinaryExpr b => Check(b.Left, guarded) && Check(b.Right, guarded),
            CallExpr call => call.Arguments.All(a => Check(a, guarded)),
            SelectExpr s => Check(s.Condition, guarded) && Check(s.WhenTrue, Guards(s.Condition, guarded))
                && Check(s.WhenFalse, Guards(s.Condition, guarded)),
            _ => false,
        };
    }
}
