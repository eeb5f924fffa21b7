using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// A step VJP evaluates f at a stage's input during the replay (for the next stage's input) and then
/// runs f's VJP at the same input, whose forward sweep computes f's values again. For the three-body problem that is
/// each pair's r = √(dx² + dy²) and c = 1/(r·r·r): 3 √ and 3 ÷ per stage, twice. This pass lets the replay keep
/// those values and the VJP read them back: it picks the forward-sweep assignments worth keeping and gives the
/// VJP whose forward sweep reads each from a local loaded by the caller (<see cref="KeptValues"/>).
/// <para>Kept are the values whose root is a call or a quotient by a non-constant (<see cref="ResultReuse.RootValueRead"/>:
/// the divider and math-library work; sums and products are cheaper to recompute than to store and load), of
/// locals that f assigns exactly once, at the top level: such a local holds that value from its assignment to the
/// end of f, so the replay's f can store it after its body. The replay computes it by the same statement as the
/// VJP's forward sweep would, so the value read back has the same bits and the gradient does not change.</para>
/// <para>Kept too are the values the VJP's reverse sweep computes again from inside a statement's value
/// (<see cref="RecomputedValues"/>: the repressilator's pow and quotient in <c>dz[0] = -z[0] + p0 / (1 + Math.Pow(z5, p3))</c>,
/// an exponential under a product). The replay is then f with each such value computed into a local of its own just
/// before its statement, which reads the local instead (the same operations in the same order, so the same bits), and
/// the reverse sweep's temporary reads the kept local's load. Lanes (Dormand-Prince 5, B = 16 384, §70): forward + ACA
/// 0.82× on the repressilator, 0.74× on a log-bound oscillator; the scalar register kernels 0.75× and 0.88×.</para>
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
        int Load(ScalarType type)
        {
            var load = new ScalarVariable(scalars.Count, "r", type);
            scalars.Add(load);
            loads.Add(load.Id);
            return load.Id;
        }
        var forward = new List<Stmt>();
        foreach (Stmt statement in vjp.Forward.Statements)
        {
            if (statement is AssignStmt { Op: AssignOp.Set, Target: LocalTarget target } assign && topLevel.Contains(assign)
                && target.Variable < primal.Scalars.Count && assignments.Of(target.Variable) == 1
                && ResultReuse.RootValueRead(assign.Value) && primal.Scalars[target.Variable].Type == assign.Value.Type)
            {
                kept.Add(target.Variable);
                forward.Add(assign with { Value = new LocalExpr(assign.Value.Type, Load(assign.Value.Type)) });
                continue;
            }
            forward.Add(statement);
        }

        // The values the reverse computes again inside a statement's value: the replay computes each into a local of
        // its own just before the statement, which then reads it (the same operations), and keeps that local.
        Dictionary<AssignStmt, List<(AssignStmt Temporary, Expr Value)>> recomputed = RecomputedValues.Find(vjp);
        var replayScalars = primal.Scalars.ToList();
        var replayBody = new List<Stmt>();
        var replaced = new Dictionary<AssignStmt, AssignStmt>(ReferenceComparer<AssignStmt>.Instance);
        foreach (Stmt statement in primal.Body.Statements)
        {
            if (statement is not AssignStmt assign || !recomputed.TryGetValue(assign, out var values))
            {
                replayBody.Add(statement);
                continue;
            }
            var hoisting = new Hoisting(values.Select(v => v.Value), replayScalars, primal.Scalars.Count, replayBody);
            replayBody.Add(assign with { Value = hoisting.Rewrite(assign.Value) });
            var loadOf = new Dictionary<Expr, int>();
            foreach ((Expr value, int local) in hoisting.Locals)
            {
                kept.Add(local);
                loadOf[value] = Load(value.Type);
            }
            foreach ((AssignStmt temporary, Expr value) in values)
                replaced[temporary] = temporary with { Value = new LocalExpr(value.Type, loadOf[value]) };
        }
        if (kept.Count == 0) return null;

        IrFunction replay = replaced.Count == 0 ? primal : primal with
        {
            Body = new Block(replayBody.ToEquatableArray()),
            Scalars = replayScalars.ToEquatableArray(),
        };
        List<Stmt> reverseStatements = new Replacing(replaced).Rewrite(vjp.Reverse).Statements.ToList();
        // What only the kept values were computed from is no longer needed (√'s argument, r·r·r).
        (List<Stmt> pruned, List<Stmt> reverse) = ForwardPruning.Prune(forward, reverseStatements);
        IrFunction function = vjp.Function with
        {
            Body = new Block(pruned.Concat(reverse).ToEquatableArray()),
            Scalars = scalars.ToEquatableArray(),
        };
        return new KeptValues(replay, vjp with { Function = function, ForwardLength = pruned.Count }, kept.ToEquatableArray(), loads.ToEquatableArray());
    }

    /// <summary>A statement's value with each of <paramref name="values"/> computed first into a new local of
    /// <paramref name="scalars"/> (sub0, sub1, … from id <paramref name="first"/> on; an assignment appended to
    /// <paramref name="statements"/>, inner values first) and
    /// read from it; <see cref="Locals"/> lists them in that order. Selects are left whole (RecomputedValues finds
    /// nothing in them).</summary>
    private sealed class Hoisting(IEnumerable<Expr> values, List<ScalarVariable> scalars, int first, List<Stmt> statements) : IrRewriter
    {
        private readonly HashSet<Expr> _wanted = new(values);
        private readonly Dictionary<Expr, int> _locals = new();

        public List<(Expr Value, int Local)> Locals { get; } = new();

        public override Expr Rewrite(Expr e)
        {
            if (e is SelectExpr) return e;
            if (!_wanted.Contains(e)) return base.Rewrite(e);
            if (_locals.TryGetValue(e, out int existing)) return new LocalExpr(e.Type, existing);
            Expr value = base.Rewrite(e);
            // Named like a user's local (the printers' UserNames keeps it clear of f's own): "sub" and a number.
            var local = new ScalarVariable(scalars.Count, "sub" + (scalars.Count - first), e.Type);
            scalars.Add(local);
            statements.Add(new AssignStmt(new LocalTarget(local.Id), AssignOp.Set, value));
            _locals[e] = local.Id;
            Locals.Add((e, local.Id));
            return new LocalExpr(e.Type, local.Id);
        }
    }

    /// <summary>The reverse sweep with the given assignments (by reference) replaced.</summary>
    private sealed class Replacing(Dictionary<AssignStmt, AssignStmt> replaced) : IrRewriter
    {
        public override Stmt Rewrite(Stmt statement) =>
            statement is AssignStmt assign && replaced.TryGetValue(assign, out AssignStmt? replacement) ? replacement : base.Rewrite(statement);
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
/// The values a replay keeps for a VJP (<see cref="ReplayReuse"/>): <see cref="Replay"/> is f, or f with the values
/// its VJP's reverse computes again hoisted into locals of their own (the same operations); slot k holds the replay's
/// scalar <see cref="Kept"/>[k] after its body; <see cref="Vjp"/> reads it from its scalar <see cref="Loads"/>[k],
/// which the caller declares and loads from slot k before the VJP's body.
/// </summary>
internal sealed record KeptValues(IrFunction Replay, VjpFunction Vjp, EquatableArray<int> Kept, EquatableArray<int> Loads)
{
    /// <summary>Vectors (or values) one stage keeps.</summary>
    public int Count => Kept.Count;
}
