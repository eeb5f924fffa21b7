using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Where a straight-line lane step VJP of a large system prints the seeds and the state-gradient accumulators of a stage's
/// inlined VJP, so that each is alive only while the reverse sweep needs it. Printed all at the stage's top (the small
/// systems' form), the n seeds kBarⱼ and the n accumulators inputBarⱼ are alive through the whole stage VJP beside f's
/// values and adjoints: on the planar three-body problem (n = 12) ≈ 48 vectors at the peak, beyond the 32 registers, and
/// the JIT spilled ≈ 600 times per call (benchmarks/RESULTS.md §18). Here seed j's sum is printed into its local right
/// before the first reverse statement that touches the output adjoint j, accumulator j is declared (from 0) right before
/// the first statement that accumulates into it, and what consumes it (adjointIn += inputBarⱼ, its store for the earlier
/// stages) right after the last. Each value gets the same operations in the same order: the same bits.
/// </summary>
/// <param name="seed">The statements that declare seed j in the given local and sum it (kBarⱼ = (h·bᵢ)·adjointOutⱼ +
/// Σ (h·a_li)·inputBar_lⱼ), one statement per term: as one nested expression the JIT loaded every term's operands from
/// scratch before the first product, all alive at once.</param>
/// <param name="finish">Prints what consumes the finished accumulator j.</param>
internal sealed class StageVjpLiveRanges(Func<int, string, IEnumerable<string>> seed, Action<int> finish)
{
    public Func<int, string, IEnumerable<string>> Seed { get; } = seed;

    public Action<int> Finish { get; } = finish;

    /// <summary>Per top-level reverse statement, the output adjoints (seeds) and state gradients it touches; null when a
    /// statement touches one at an index not known here (then the printer keeps the eager form).</summary>
    internal static List<(HashSet<int> Seeds, HashSet<int> Gradients)>? Touches(VjpFunction vjp)
    {
        var result = new List<(HashSet<int>, HashSet<int>)>();
        var forward = new Touched(vjp.OutputAdjoint);
        forward.Visit(vjp.Forward);
        if (forward.NotConstant || forward.Seeds.Count != 0 || forward.Gradients.Count != 0) return null;
        foreach (Stmt statement in vjp.Reverse.Statements)
        {
            var touched = new Touched(vjp.OutputAdjoint);
            touched.Visit(statement);
            if (touched.NotConstant) return null;
            result.Add((touched.Seeds, touched.Gradients));
        }
        return result;
    }

    /// <summary>The output adjoint's elements and the state gradients a statement reads or writes.</summary>
    private sealed class Touched(int outputAdjoint) : IrWalker
    {
        public HashSet<int> Seeds { get; } = new();

        public HashSet<int> Gradients { get; } = new();

        public bool NotConstant { get; private set; }

        public override void Visit(Target target)
        {
            switch (target)
            {
                case ArrayTarget a when a.Array == outputAdjoint:
                    Add(Seeds, a.Index);
                    break;
                case GradientTarget { Input: InputKind.State } g:
                    Add(Gradients, g.Index);
                    break;
            }
            base.Visit(target);
        }

        public override void Visit(Expr e)
        {
            if (e is ArrayExpr a && a.Array == outputAdjoint) Add(Seeds, a.Index);
            base.Visit(e);
        }

        private void Add(HashSet<int> set, Affine index)
        {
            if (index.IsConstant) set.Add(index.Constant);
            else NotConstant = true;
        }
    }
}
