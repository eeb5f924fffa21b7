using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Emit;

/// <summary>
/// Index arithmetic of loop-form code hoisted into int locals, one loop level at a time (a printer concern: the IR
/// and its passes are untouched, and every index keeps its value, so the results keep their bits). In a conv
/// block's VJP the innermost body reads and writes 14 elements at <c>9·y + 81·i + 9·ky + kx + c</c>; a method that
/// large is past the JIT's CSE budget, so each access recomputed its index (~8 integer instructions; hoisting by hand
/// made the lane VJP 12 % faster, benchmarks/RESULTS.md §5). Here, entering each loop body, the part of every index
/// inside it that depends only on the loops bound so far (this one included) becomes a local when it has two or more
/// terms and is used more than once per iteration (a use in a nested loop counts as many): <c>int ix3 = ix2 + 9 * ky;</c>
/// built on the enclosing level's local. An index is then written as the largest visible local whose terms it
/// contains plus the rest: <c>input[ix4 + 6]</c>. Tape and flag slots of loops with unit steps are indices too.
/// </summary>
internal sealed class LoopIndexLocals
{
    /// <summary>Name stem of the locals (reserved, see <see cref="GeneratedNames"/>).</summary>
    public const string Stem = "ix";

    private readonly List<(EquatableArray<AffineTerm> Terms, string Name)> _visible = new();
    private readonly Stack<int> _scopes = new();
    private readonly HashSet<int> _bound = new();
    private int _next;

    /// <summary>Declares, at the top of <paramref name="loop"/>'s body (the caller has opened it), the locals of its
    /// level; <see cref="Exit"/> drops them after the body.</summary>
    public void Enter(ForStmt loop, CodeWriter code, ScalarExpressionWriter writer)
    {
        _scopes.Push(_visible.Count);
        _bound.Add(loop.LoopVariable);
        var uses = new Uses(this, loop.LoopVariable);
        uses.Visit(loop.Body);
        foreach (EquatableArray<AffineTerm> terms in uses.Order)
        {
            if (uses.Weight[terms] < 2) continue;
            string name = Stem + _next++;
            code.Line($"int {name} = {writer.Write(new Affine(0, terms))};");
            _visible.Add((terms, name));
        }
    }

    public void Exit(ForStmt loop)
    {
        int count = _scopes.Pop();
        _visible.RemoveRange(count, _visible.Count - count);
        _bound.Remove(loop.LoopVariable);
    }

    /// <summary>The visible local with the most terms that <paramref name="index"/> contains (same coefficients),
    /// and what is left of the index; null when none has two or more terms in it.</summary>
    public (string Name, Affine Remainder)? Find(Affine index)
    {
        (EquatableArray<AffineTerm> Terms, string Name)? best = null;
        foreach (var local in _visible)
            if (local.Terms.Count > (best?.Terms.Count ?? 1) && Contains(index.Terms, local.Terms)) best = local;
        if (best is not { } found) return null;
        return (found.Name, new Affine(index.Constant, index.Terms.Where(t => !found.Terms.Contains(t)).ToEquatableArray()));
    }

    private static bool Contains(EquatableArray<AffineTerm> terms, EquatableArray<AffineTerm> part) => part.All(terms.Contains);

    /// <summary>A slot of loops with unit steps as an index (Base + Σ stride·(±(counter − Start))); null otherwise.</summary>
    public static Affine? SlotIndex(TapeSlot slot)
    {
        if (slot.Loops.Count == 0 || slot.Base > int.MaxValue) return null;
        Affine index = Affine.Of((int)slot.Base);
        long stride = 1;
        for (int k = slot.Loops.Count - 1; k >= 0; k--)
        {
            SlotLoop loop = slot.Loops[k];
            if (loop.Step is not (1 or -1) || stride > int.MaxValue) return null;
            // Iteration of counter c: (c − Start)·Step, since Step = ±1.
            Affine iteration = Affine.Variable(loop.LoopVariable).Subtract(Affine.Of(loop.Start)).Scale(loop.Step);
            index = index.Add(iteration.Scale((int)stride));
            stride = checked(stride * loop.Trips);
        }
        return index;
    }

    /// <summary>The in-scope part of every index in a loop body that has the loop's own variable and two or more
    /// terms: how often each is used per iteration of the loop (2 for a use inside a nested loop: it repeats).</summary>
    private sealed class Uses(LoopIndexLocals owner, int loopVariable) : IrWalker
    {
        private int _depth;

        public Dictionary<EquatableArray<AffineTerm>, int> Weight { get; } = new();

        public List<EquatableArray<AffineTerm>> Order { get; } = new();

        public override void Visit(Stmt statement)
        {
            switch (statement)
            {
                case ForStmt loop:
                    _depth++;
                    base.Visit(statement);
                    _depth--;
                    return;
                case SaveFlagStmt save:
                    Slot(save.Slot);
                    break;
            }
            base.Visit(statement);
        }

        public override void Visit(Target target)
        {
            switch (target)
            {
                case ArrayTarget a: Use(a.Index); break;
                case OutputTarget o: Use(o.Index); break;
                case GradientTarget g: Use(g.Index); break;
                case TapeTarget t: Slot(t.Slot); break;
            }
            base.Visit(target);
        }

        public override void Visit(Expr e)
        {
            switch (e)
            {
                case InputExpr i: Use(i.Index); break;
                case ArrayExpr a: Use(a.Index); break;
                case TableExpr t: Use(t.Index); break;
                case IntToRealExpr r: Use(r.Value); break;
                case TapeExpr t: Slot(t.Slot); break;
            }
            base.Visit(e);
        }

        public override void Visit(Cond c)
        {
            switch (c)
            {
                case IntCompareCond k:
                    Use(k.Left);
                    Use(k.Right);
                    break;
                case FlagCond f:
                    Slot(f.Slot);
                    break;
            }
            base.Visit(c);
        }

        private void Slot(TapeSlot slot)
        {
            if (SlotIndex(slot) is { } index) Use(index);
        }

        private void Use(Affine index)
        {
            EquatableArray<AffineTerm> bound = index.Terms.Where(t => owner._bound.Contains(t.LoopVariable)).ToEquatableArray();
            if (bound.Count < 2 || !bound.Any(t => t.LoopVariable == loopVariable)) return;
            if (!Weight.TryGetValue(bound, out int weight)) Order.Add(bound);
            Weight[bound] = weight + (_depth > 0 ? 2 : 1);
        }
    }
}
