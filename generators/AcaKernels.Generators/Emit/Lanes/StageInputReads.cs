using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The state components a stage VJP reads. A straight-line lane step VJP hands stage i's input yᵢ from the replay to
/// stage i's reverse through scratch; the components f's VJP never reads (a velocity that f only copies into its value,
/// say: its adjoint rule reads no primal value) need no store there, and the last replayed stage, whose f the replay
/// does not evaluate, need not even compute them. On the planar three-body problem that is half of each stage input
/// (benchmarks/RESULTS.md §33).
/// </summary>
internal static class StageInputReads
{
    /// <summary>The indices of the state elements <paramref name="vjp"/> reads, or null when it reads one at an index
    /// not known here (then every component counts as read).</summary>
    public static HashSet<int>? Of(VjpFunction vjp)
    {
        var reads = new Reads();
        reads.Visit(vjp.Function.Body);
        return reads.NotConstant ? null : reads.Indices;
    }

    private sealed class Reads : IrWalker
    {
        public HashSet<int> Indices { get; } = new();

        public bool NotConstant { get; private set; }

        public override void Visit(Expr e)
        {
            if (e is InputExpr { Input: InputKind.State } state)
            {
                if (state.Index.IsConstant) Indices.Add(state.Index.Constant);
                else NotConstant = true;
            }
            base.Visit(e);
        }
    }
}
