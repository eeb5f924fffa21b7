using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// <see cref="ReplayReuse"/> for a body with loops: a loop-form step VJP evaluates f at a stage's input in the replay and
/// runs f's VJP there, whose forward sweep computes f's costly values again — for the tanh MLP (the neural ODE) each
/// hidden unit's tanh, 32 per stage, about as much work as f itself. Here the replay's f stores each execution of such
/// a value into a slot of its own of a <c>kept</c> array (one slot per iteration of the loops around it) and the VJP's
/// forward sweep reads it back instead of computing it.
/// <para>Kept are the assignments (=) of a call or a quotient by a non-constant (<see cref="ResultReuse.RootValueRead"/>)
/// to a local or a local array's element, outside any branch (so every execution writes its slot), inside loops of
/// step ±1 only (a slot is an affine index of the counters), that the VJP's forward sweep still runs. The replay stores
/// each value right after the statement computed it (what later overwrites the target does not matter), by the same
/// statement from the same values as the sweep, so the value read back has the same bits and the gradient does not
/// change. At most <see cref="MaxSlots"/> slots: beyond them (a convolution block)
/// the values would leave the cache the stage VJPs read them from, and the VJP computes them again as before.</para>
/// </summary>
internal static class LoopReplayReuse
{
    /// <summary>The most values one stage keeps: 512 vectors of 64 bytes are 32 KiB, an L1 data cache.</summary>
    public const int MaxSlots = 512;

    /// <summary>Name of the kept array (a parameter of the kernels that read or write it; reserved).</summary>
    public const string ArrayName = "kept";

    /// <summary>The slots of <paramref name="vjp"/> (a VJP of a body with loops), or null when nothing is worth keeping
    /// or it would take more than <see cref="MaxSlots"/>.</summary>
    public static LoopKeptValues? For(VjpFunction vjp)
    {
        IrFunction primal = vjp.Primal;
        var computed = new ForwardAssignments();
        computed.Visit(vjp.Forward);

        var slots = new Dictionary<AssignStmt, Affine>(ReferenceComparer<AssignStmt>.Instance);
        long length = 0;
        bool Eligible(AssignStmt assign) =>
            assign.Op == AssignOp.Set && computed.Contains(assign) && ResultReuse.RootValueRead(assign.Value) && assign.Value.Type == primal.Type
            && assign.Target switch
            {
                LocalTarget local => primal.Scalars[local.Variable].Type == primal.Type,
                ArrayTarget array => primal.Arrays[array.Array].Type == primal.Type,
                _ => false,
            };
        void Find(Block block, List<ForStmt> loops)
        {
            foreach (Stmt statement in block.Statements)
            {
                if (statement is AssignStmt assign && Eligible(assign))
                {
                    long count = 1;
                    foreach (ForStmt loop in loops) count *= loop.Trips;
                    if (length + count > MaxSlots) continue;
                    slots[assign] = Index(length, loops);
                    length += count;
                }
                else if (statement is ForStmt { Step: 1 or -1 } loop)
                {
                    loops.Add(loop);
                    Find(loop.Body, loops);
                    loops.RemoveAt(loops.Count - 1);
                }
            }
        }
        Find(primal.Body, new List<ForStmt>());
        if (length == 0) return null;

        var replayArray = new ArrayVariable(primal.Arrays.Count, ArrayName, primal.Type, checked((int)length));
        IrFunction replay = primal with
        {
            Body = Rewrite(primal.Body, slots, (assign, index) =>
                [assign, new AssignStmt(new ArrayTarget(replayArray.Id, index), AssignOp.Set, Read(assign))]),
            Arrays = primal.Arrays.Append(replayArray).ToEquatableArray(),
        };

        IrFunction function = vjp.Function;
        var vjpArray = new ArrayVariable(function.Arrays.Count, ArrayName, primal.Type, checked((int)length));
        Block forward = Rewrite(vjp.Forward, slots, (assign, index) => [assign with { Value = new ArrayExpr(assign.Value.Type, vjpArray.Id, index) }]);
        // What only the kept values were computed from is no longer needed.
        (List<Stmt> pruned, List<Stmt> reverse) = ForwardPruning.Prune(forward.Statements.ToList(), vjp.Reverse.Statements.ToList());
        function = function with
        {
            Body = new Block(pruned.Concat(reverse).ToEquatableArray()),
            Arrays = function.Arrays.Append(vjpArray).ToEquatableArray(),
        };
        return new LoopKeptValues(replay, vjp with { Function = function, ForwardLength = pruned.Count }, replayArray.Id, vjpArray.Id, (int)length);
    }

    /// <summary>Slot of an execution: <paramref name="first"/> + the linear index of the iteration of
    /// <paramref name="loops"/> (outermost first, the innermost varying fastest), as an affine index of the counters.</summary>
    private static Affine Index(long first, List<ForStmt> loops)
    {
        Affine index = Affine.Of(checked((int)first));
        int stride = 1;
        for (int i = loops.Count - 1; i >= 0; i--)
        {
            ForStmt loop = loops[i];
            // Iteration (v − Start)·Step of a loop of step ±1.
            Affine iteration = Affine.Variable(loop.LoopVariable).Subtract(Affine.Of(loop.Start)).Scale(loop.Step);
            index = index.Add(iteration.Scale(stride));
            stride = checked(stride * loop.Trips);
        }
        return index;
    }

    /// <summary><paramref name="block"/> with each statement of <paramref name="slots"/> replaced by what
    /// <paramref name="replace"/> makes of it (loops rebuilt around their new bodies; branches hold none).</summary>
    private static Block Rewrite(Block block, Dictionary<AssignStmt, Affine> slots, Func<AssignStmt, Affine, Stmt[]> replace)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in block.Statements)
        {
            switch (statement)
            {
                case AssignStmt assign when slots.TryGetValue(assign, out Affine? index):
                    output.AddRange(replace(assign, index));
                    break;
                case ForStmt loop:
                    output.Add(loop with { Body = Rewrite(loop.Body, slots, replace) });
                    break;
                default:
                    output.Add(statement);
                    break;
            }
        }
        return new Block(output.ToEquatableArray());
    }

    /// <summary>The value an assignment has just stored, read from its target.</summary>
    private static Expr Read(AssignStmt assign) => assign.Target switch
    {
        LocalTarget local => new LocalExpr(assign.Value.Type, local.Variable),
        ArrayTarget array => new ArrayExpr(assign.Value.Type, array.Array, array.Index),
        _ => throw new InvalidOperationException("Only locals and local arrays are kept: " + assign.Target.GetType().Name),
    };

    /// <summary>The assignments a forward sweep runs (the primal's own statements, by reference).</summary>
    private sealed class ForwardAssignments : IrWalker
    {
        private readonly HashSet<AssignStmt> _assignments = new(ReferenceComparer<AssignStmt>.Instance);

        public bool Contains(AssignStmt assign) => _assignments.Contains(assign);

        public override void Visit(Stmt statement)
        {
            if (statement is AssignStmt assign) _assignments.Add(assign);
            base.Visit(statement);
        }
    }
}

/// <summary>
/// The values a loop-form replay keeps for its stage VJPs (<see cref="LoopReplayReuse"/>): <see cref="Replay"/> is f
/// that also writes each kept value into its slot of array <see cref="ReplayArray"/>; <see cref="Vjp"/>'s forward sweep
/// reads them from its array <see cref="VjpArray"/>. Both arrays are the same <see cref="Length"/> values, which the
/// caller passes as the <c>kept</c> span (neither is one of the function's stack arrays).
/// </summary>
internal sealed record LoopKeptValues(IrFunction Replay, VjpFunction Vjp, int ReplayArray, int VjpArray, int Length);
