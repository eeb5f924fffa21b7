using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// A step VJP in loop form evaluates f at a stage's input during the replay (for the next stage's input) and then
/// runs f's VJP at the same input, whose forward sweep computes f's values again. For the three-body problem that is
/// each pair's r = √(dx² + dy²) and c = 1/(r·r·r): 3 √ and 3 ÷ per stage, twice. This pass lets the replay keep
/// those values and the VJP read them back: it picks the forward-sweep assignments worth keeping and gives the
/// VJP whose forward sweep reads each from a local loaded by the caller (<see cref="KeptValues"/>).
/// <para>Kept are the values whose root is a call or a quotient by a non-constant (<see cref="ResultReuse.RootValueRead"/>:
/// the divider and math-library work; sums and products are cheaper to recompute than to store and load), of
/// locals that f assigns exactly once, at the top level: such a local holds that value from its assignment to the
/// end of f, so the replay's f can store it after its body. The replay computes it by the same statement as the
/// VJP's forward sweep would, so the value read back has the same bits and the gradient does not change.</para>
/// </summary>
internal static class ReplayReuse
{
    /// <summary>The values to keep of <paramref name="vjp"/> (a VJP of a straight-line body), or null when none is
    /// worth it.</summary>
    public static KeptValues? For(VjpFunction vjp)
    {
        IrFunction primal = vjp.Primal;
        var assignments = new AssignmentCounts();
        assignments.Visit(primal.Body);
        var topLevel = new HashSet<AssignStmt>(primal.Body.Statements.OfType<AssignStmt>(), ReferenceComparer<AssignStmt>.Instance);

        var kept = new List<int>();
        var scalars = vjp.Function.Scalars.ToList();
        var loads = new List<int>();
        var forward = new List<Stmt>();
        foreach (Stmt statement in vjp.Forward.Statements)
        {
            if (statement is AssignStmt { Op: AssignOp.Set, Target: LocalTarget target } assign && topLevel.Contains(assign)
                && target.Variable < primal.Scalars.Count && assignments.Of(target.Variable) == 1
                && ResultReuse.RootValueRead(assign.Value) && primal.Scalars[target.Variable].Type == assign.Value.Type)
            {
                var load = new ScalarVariable(scalars.Count, "r", assign.Value.Type);
                scalars.Add(load);
                kept.Add(target.Variable);
                loads.Add(load.Id);
                forward.Add(assign with { Value = new LocalExpr(load.Type, load.Id) });
                continue;
            }
            forward.Add(statement);
        }
        if (kept.Count == 0) return null;

        // What only the kept values were computed from is no longer needed (√'s argument, r·r·r).
        (List<Stmt> pruned, List<Stmt> reverse) = ForwardPruning.Prune(forward, vjp.Reverse.Statements.ToList());
        IrFunction function = vjp.Function with
        {
            Body = new Block(pruned.Concat(reverse).ToEquatableArray()),
            Scalars = scalars.ToEquatableArray(),
        };
        return new KeptValues(vjp with { Function = function, ForwardLength = pruned.Count }, kept.ToEquatableArray(), loads.ToEquatableArray());
    }

    /// <summary>How many assignments (of any kind, at any depth) write each scalar.</summary>
    private sealed class AssignmentCounts : IrWalker
    {
        private readonly Dictionary<int, int> _counts = new();

        public int Of(int variable) => _counts.TryGetValue(variable, out int count) ? count : 0;

        public override void Visit(Target target)
        {
            if (target is LocalTarget local) _counts[local.Variable] = Of(local.Variable) + 1;
            base.Visit(target);
        }
    }
}

/// <summary>
/// The values a replay keeps for a VJP (<see cref="ReplayReuse"/>): slot k holds f's scalar <see cref="Kept"/>[k]
/// after f's body; <see cref="Vjp"/>'s forward sweep reads it from its scalar <see cref="Loads"/>[k], which the
/// caller declares and loads from slot k before the sweep.
/// </summary>
internal sealed record KeptValues(VjpFunction Vjp, EquatableArray<int> Kept, EquatableArray<int> Loads)
{
    /// <summary>Vectors (or values) one stage keeps.</summary>
    public int Count => Kept.Count;
}
