using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// The calls of a statement's adjoint rule that a replay can compute for it (<see cref="LoopReplayReuse"/>): in the
/// reverse sweep's group of <c>x = F(args)</c>, a call whose every argument is a constant, one of F's own arguments
/// (the reverse sweep evaluates it where every variable holds what it held when the statement ran, x restored; the
/// replay right after the statement, where x's writing changed nothing else, or from a copy taken just before it when
/// the argument reads x), or the value the statement stored (the group reads it back into a temporary before
/// restoring x). Tanh's rule
/// TanhDerivative(a, r) is such a call: its exponential, a chain of ten dependent multiply-adds, made the MLP's stage
/// VJPs latency-bound; the replay computes it beside tanh's own, where the two chains overlap.
/// </summary>
internal static class RuleCalls
{
    /// <summary>The distinct such calls of <paramref name="group"/> (the reverse of <paramref name="assign"/>) of type
    /// <paramref name="type"/>, at most <paramref name="most"/>: each as the reverse sweep writes it, and as the replay computes it right after the
    /// statement (the temporaries that read the stored value back replaced by the target, which still holds it there;
    /// an argument that reads the target — tanh in place, h[k] = tanh(h[k]) — by the local <paramref name="capture"/>
    /// gives for it, which the replay assigns the argument's value just before the statement).</summary>
    public static List<(CallExpr Reverse, Expr Replay)> In(AssignStmt assign, GroupStmt group, ScalarType type, int most, Func<Expr, Expr> capture)
    {
        var arguments = assign.Value switch
        {
            CallExpr call => call.Arguments.ToList(),
            BinaryExpr binary => new List<Expr> { binary.Left, binary.Right },
            _ => new List<Expr>(),
        };
        Expr stored = Stored(assign);
        var results = new HashSet<int>();
        foreach (Stmt statement in group.Body.Statements)
            if (statement is AssignStmt { Op: AssignOp.Set, Target: LocalTarget temporary } read && read.Value.Equals(stored))
                results.Add(temporary.Variable);

        bool Qualifies(Expr argument) => argument is ConstExpr
            || argument is LocalExpr local && results.Contains(local.Variable)
            || arguments.Contains(argument);
        var found = new List<(CallExpr Reverse, Expr Replay)>();
        var calls = new Calls();
        calls.Visit(group.Body);
        foreach (CallExpr call in calls.Found)
        {
            if (found.Count == most) break;
            // The statement's own value computed again is read from the value's slot (LoopReplayReuse's KeptCalls).
            if (call.Equals(assign.Value) || call.Type != type || !call.Arguments.All(Qualifies) || found.Any(f => f.Reverse.Equals(call))) continue;
            Expr replay = call with
            {
                Arguments = call.Arguments.Select(a => a is LocalExpr local && results.Contains(local.Variable) ? stored
                    : Reads(a, assign.Target) ? capture(a) : a).ToEquatableArray(),
            };
            found.Add((call, replay));
        }
        return found;
    }

    /// <summary>The value an assignment stored, read from its target.</summary>
    public static Expr Stored(AssignStmt assign) => assign.Target switch
    {
        LocalTarget local => new LocalExpr(assign.Value.Type, local.Variable),
        ArrayTarget array => new ArrayExpr(assign.Value.Type, array.Array, array.Index),
        _ => throw new InvalidOperationException("Only locals and local arrays are kept: " + assign.Target.GetType().Name),
    };

    /// <summary>Whether <paramref name="e"/> reads the variable (a whole local array, conservatively) <paramref name="target"/> writes.</summary>
    private static bool Reads(Expr e, Target target)
    {
        var reads = new HashSet<VariableRef>();
        Dependencies.NeededReads(e, valueNeeded: true, reads);
        return target switch
        {
            LocalTarget local => reads.Contains(new VariableRef(false, local.Variable)),
            ArrayTarget array => reads.Contains(new VariableRef(true, array.Array)),
            _ => false,
        };
    }

    private sealed class Calls : IrWalker
    {
        public List<CallExpr> Found { get; } = new();

        public override void Visit(Expr e)
        {
            if (e is CallExpr call) Found.Add(call);
            base.Visit(e);
        }
    }
}
