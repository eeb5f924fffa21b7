using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes;

/// <summary>
/// Which variables can carry a nonzero adjoint: those whose value reaches dz through a chain of assignments
/// (flow-insensitive, so conservative). An assignment to any other variable is dead for differentiation and
/// the reverse sweep skips it. That is not only faster: a dead computation that overflows would otherwise push
/// 0·∞ = NaN into live adjoints, while the true derivative (and forward mode) is 0.
/// </summary>
internal sealed class AdjointLiveness
{
    private readonly HashSet<VariableRef> _live = new();

    private AdjointLiveness() { }

    /// <summary>Solves the liveness of <paramref name="function"/>'s body to a fixed point.</summary>
    public static AdjointLiveness Of(IrFunction function)
    {
        var liveness = new AdjointLiveness();
        var assignments = new List<AssignStmt>();
        Collect(function.Body, assignments);
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (AssignStmt assign in assignments)
            {
                if (!liveness.IsLive(assign)) continue;
                var reads = new HashSet<VariableRef>();
                Reads(assign.Value, reads);
                foreach (VariableRef read in reads) changed |= liveness._live.Add(read);
            }
        }
        return liveness;
    }

    /// <summary>True when the assignment's target can have a nonzero adjoint.</summary>
    public bool IsLive(AssignStmt assign) => assign.Target switch
    {
        OutputTarget => true,
        LocalTarget l => _live.Contains(new VariableRef(false, l.Variable)),
        ArrayTarget a => _live.Contains(new VariableRef(true, a.Array)),
        _ => true,
    };

    private static void Collect(Block block, List<AssignStmt> assignments)
    {
        var collector = new Assignments(assignments);
        collector.Visit(block);
    }

    private static void Reads(Expr e, HashSet<VariableRef> reads) => new ValueReads(reads).Visit(e);

    private sealed class Assignments(List<AssignStmt> found) : IrWalker
    {
        public override void Visit(Stmt statement)
        {
            if (statement is AssignStmt assign) found.Add(assign);
            else base.Visit(statement);
        }
    }

    /// <summary>Variables an expression's value depends on (conditions excluded: no adjoint flows through them).</summary>
    private sealed class ValueReads(HashSet<VariableRef> reads) : IrWalker
    {
        public override void Visit(Cond c) { }

        public override void Visit(Expr e)
        {
            switch (e)
            {
                case LocalExpr l:
                    reads.Add(new VariableRef(false, l.Variable));
                    break;
                case ArrayExpr a:
                    reads.Add(new VariableRef(true, a.Array));
                    break;
                default:
                    base.Visit(e);
                    break;
            }
        }
    }
}
