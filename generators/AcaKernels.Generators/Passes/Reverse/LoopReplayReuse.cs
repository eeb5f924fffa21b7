using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// <see cref="ReplayReuse"/> for a body with loops: a loop-form step VJP evaluates f at a stage's input in the replay and
/// runs f's VJP there, whose forward sweep computes f's costly values again — for the tanh MLP (the neural ODE) each
/// hidden unit's tanh, 32 per stage, about as much work as f itself. Here the replay's f stores each execution of such
/// a value into a slot of its own of a <c>kept</c> array (one slot per iteration of the loops around it) and the VJP's
/// forward sweep reads it back instead of computing it; and, where the statement's adjoint rule calls a function of its
/// arguments and result (tanh's TanhDerivative), that call's value too (<see cref="RuleCalls"/>).
/// <para>Kept are the assignments (=) of a call or a quotient by a non-constant (<see cref="ResultReuse.RootValueRead"/>)
/// to a local or a local array's element, outside any branch (so every execution writes its slot), inside loops of
/// step ±1 only (a slot is an affine index of the counters), that the VJP's forward sweep still runs. The replay stores
/// each value right after the statement computed it (what later overwrites the target does not matter), by the same
/// statement from the same values as the sweep, so the value read back has the same bits and the gradient does not
/// change. Only while the stage VJP's working set — its tape, branch flags and arrays, and the kept values — stays
/// within <see cref="MaxSlots"/> (the MLP's: 66 + 64 per stage). Beyond it the VJP computes them again as before: the
/// classifier's convolution block (a working set of 11 400 vectors; 392 tanh per stage beside 2 × 28 224
/// multiply-adds) measured 1.36 ms per lane step VJP recomputing, 1.39–1.47 ms keeping.</para>
/// </summary>
internal static class LoopReplayReuse
{
    /// <summary>The most values a stage VJP's working set holds for keeping to be worth it: 512 vectors of 64 bytes are
    /// 32 KiB, an L1 data cache.</summary>
    public const int MaxSlots = 512;

    /// <summary>Name of the kept array (a parameter of the kernels that read or write it; reserved).</summary>
    public const string ArrayName = "kept";

    /// <summary>The slots of <paramref name="vjp"/> (a VJP of a body with loops), or null when nothing is worth keeping
    /// or the working set would exceed <see cref="MaxSlots"/>.</summary>
    public static LoopKeptValues? For(VjpFunction vjp)
    {
        IrFunction primal = vjp.Primal;
        // The stage VJP's own working set (tape, flags, arrays) counts against the budget too.
        long budget = MaxSlots - vjp.TapeLength - vjp.BranchLength - vjp.Function.Arrays.Sum(a => (long)a.Length);
        if (budget <= 0) return null;
        var computed = new ForwardAssignments();
        computed.Visit(vjp.Forward);
        var groups = new Groups();
        groups.Visit(vjp.Reverse);

        // Per kept statement: its value's slot, then its adjoint rule's calls' slots.
        var sites = new Dictionary<AssignStmt, Site>(ReferenceComparer<AssignStmt>.Instance);
        long length = 0;
        // The replay's locals: f's, and a copy of each rule-call argument that the statement overwrites.
        var replayScalars = primal.Scalars.ToList();
        Expr Capture(Site site, Expr argument)
        {
            int existing = site.Captures.FindIndex(c => c.Argument.Equals(argument));
            if (existing >= 0) return new LocalExpr(argument.Type, site.Captures[existing].Variable);
            // A temporary's reserved shape (GeneratedNames: "r" and digits), unique among the replay's locals.
            string name;
            int counter = 0;
            do name = "r" + counter++; while (replayScalars.Any(v => v.Name == name));
            var copy = new ScalarVariable(replayScalars.Count, name, argument.Type);
            replayScalars.Add(copy);
            site.Captures.Add((copy.Id, argument));
            return new LocalExpr(argument.Type, copy.Id);
        }
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
                    if (length + count > budget) continue;
                    var site = new Site(Index(length, loops));
                    length += count;
                    if (groups.Of(assign) is { } group)
                        foreach ((CallExpr call, Expr atReplay) in RuleCalls.In(assign, group, primal.Type, (int)((budget - length) / count),
                            argument => Capture(site, argument)))
                        {
                            site.Calls.Add((call, atReplay, Index(length, loops)));
                            length += count;
                        }
                    sites[assign] = site;
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

        // The replay stores each value, then each rule call at the value just stored, right after the statement.
        var replayArray = new ArrayVariable(primal.Arrays.Count, ArrayName, primal.Type, checked((int)length));
        IrFunction replay = primal with
        {
            Body = Rewrite(primal.Body, sites, (assign, site) =>
            [
                .. site.Captures.Select(c => new AssignStmt(new LocalTarget(c.Variable), AssignOp.Set, c.Argument)),
                assign,
                new AssignStmt(new ArrayTarget(replayArray.Id, site.Value), AssignOp.Set, RuleCalls.Stored(assign)),
                .. site.Calls.Select(c => new AssignStmt(new ArrayTarget(replayArray.Id, c.Index), AssignOp.Set, c.Replay)),
            ]),
            Arrays = primal.Arrays.Append(replayArray).ToEquatableArray(),
            Scalars = replayScalars.ToEquatableArray(),
        };

        IrFunction function = vjp.Function;
        var vjpArray = new ArrayVariable(function.Arrays.Count, ArrayName, primal.Type, checked((int)length));
        Block forward = Rewrite(vjp.Forward, sites, (assign, site) => [assign with { Value = new ArrayExpr(assign.Value.Type, vjpArray.Id, site.Value) }]);
        Block reverse = new KeptCalls(sites, vjpArray.Id).Rewrite(vjp.Reverse);
        // What only the kept values were computed from is no longer needed (the tanh's argument, once its derivative is kept).
        (List<Stmt> pruned, List<Stmt> reversePruned) = ForwardPruning.Prune(forward.Statements.ToList(), reverse.Statements.ToList());
        function = function with
        {
            Body = new Block(pruned.Concat(reversePruned).ToEquatableArray()),
            Arrays = function.Arrays.Append(vjpArray).ToEquatableArray(),
        };
        return new LoopKeptValues(replay, vjp with { Function = function, ForwardLength = pruned.Count }, replayArray.Id, vjpArray.Id, (int)length);
    }

    /// <summary>A kept statement's slots: its value's, and each kept call of its adjoint rule's with the call as the
    /// reverse sweep writes it.</summary>
    private sealed record Site(Affine Value)
    {
        public List<(CallExpr Call, Expr Replay, Affine Index)> Calls { get; } = new();

        /// <summary>Locals of the replay that copy a rule call's argument just before the statement overwrites it.</summary>
        public List<(int Variable, Expr Argument)> Captures { get; } = new();
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
    private static Block Rewrite(Block block, Dictionary<AssignStmt, Site> slots, Func<AssignStmt, Site, Stmt[]> replace)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in block.Statements)
        {
            switch (statement)
            {
                case AssignStmt assign when slots.TryGetValue(assign, out Site? site):
                    output.AddRange(replace(assign, site));
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

    /// <summary>The reverse sweep's group of each forward assignment (by reference).</summary>
    private sealed class Groups : IrWalker
    {
        private readonly Dictionary<AssignStmt, GroupStmt> _groups = new(ReferenceComparer<AssignStmt>.Instance);

        public GroupStmt? Of(AssignStmt assign) => _groups.TryGetValue(assign, out GroupStmt? group) ? group : null;

        public override void Visit(Stmt statement)
        {
            if (statement is GroupStmt group) _groups[group.Origin] = group;
            base.Visit(statement);
        }
    }

    /// <summary>The reverse sweep with each kept rule call, in the group of the statement it was kept for, read from its
    /// slot; and the statement's own value where the group computes it again (a result the pass did not read back from
    /// its target, as in a convolution's hidden array), read from the value's slot.</summary>
    private sealed class KeptCalls(Dictionary<AssignStmt, Site> sites, int array) : IrRewriter
    {
        private (AssignStmt Origin, Site Site)? _group;

        public override Stmt Rewrite(Stmt statement)
        {
            if (statement is not GroupStmt group || !sites.TryGetValue(group.Origin, out Site? site))
                return base.Rewrite(statement);
            _group = (group.Origin, site);
            Stmt rewritten = base.Rewrite(statement);
            _group = null;
            return rewritten;
        }

        public override Expr Rewrite(Expr e)
        {
            if (_group is ({ } origin, { } site) && e is CallExpr call)
            {
                if (call.Equals(origin.Value)) return new ArrayExpr(call.Type, array, site.Value);
                foreach ((CallExpr kept, _, Affine index) in site.Calls)
                    if (kept.Equals(call)) return new ArrayExpr(call.Type, array, index);
            }
            return base.Rewrite(e);
        }
    }

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
internal sealed record LoopKeptValues(IrFunction Replay, VjpFunction Vjp, int ReplayArray, int VjpArray, int Length)
{
    /// <summary>What the replay declares: its locals, and f's arrays (the kept array is a parameter).</summary>
    public IrFunction Declared => Replay with { Arrays = Replay.Arrays.Where(a => a.Id != ReplayArray).ToEquatableArray() };
}
