using System.Collections.Generic;
using AcaKernels.Generators.Emit;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes;

/// <summary>
/// For the GPU form of a body too large for the straight-line form (a neural ODE's 32 hidden units): unrolls only the
/// loops whose counter indexes the state or dz, so every z[j] and dz[j] has a constant index and the printer can keep
/// them in locals, and keeps the other loops (over hidden units, indexing θ and local arrays) as loops. A GPU keeps
/// what a kernel indexes at run time in off-chip local memory: in the tanh MLP's loop form each hidden unit read z[j]
/// and read-modified-wrote dz[i] there, with a loop of two trips around each (the PTX of the forward, RESULTS §60).
/// Each statement of the result is a fresh node; conditions on unrolled counters are folded, which evaluates exactly
/// what the loop form evaluates (conditions have no side effects).
/// </summary>
internal sealed class StateLoopUnroller
{
    /// <summary>Most trips of an unrolled loop: as <see cref="RegisterForm.MaxState"/>.</summary>
    public const int MaxTrips = RegisterForm.MaxState;

    /// <summary>Largest result, in statements: a bound on what unrolling nested state loops may multiply.</summary>
    public const int MaxStatements = 2000;

    private readonly HashSet<int> _stateCounters;
    private readonly Dictionary<int, int> _values = new();
    private readonly LoopCounterFolder _folder;
    private int _statements;

    private StateLoopUnroller(HashSet<int> stateCounters)
    {
        _stateCounters = stateCounters;
        _folder = new LoopCounterFolder(_values);
    }

    /// <summary>The body with its state loops unrolled, or null when f has no loop over the state (nothing to gain), a
    /// state or dz index stays symbolic (a loop of more than <see cref="MaxTrips"/> trips, say), or the result would pass
    /// <see cref="MaxStatements"/>.</summary>
    public static Block? Unroll(IrFunction f)
    {
        if (f.StateSize > RegisterForm.MaxState) return null; // each state and dz component becomes a local
        var counters = new StateCounters();
        counters.Visit(f.Body);
        if (counters.Found.Count == 0) return null;
        var unroller = new StateLoopUnroller(counters.Found);
        var statements = new List<Stmt>();
        if (!unroller.Visit(f.Body, statements)) return null;
        var body = new Block(statements.ToEquatableArray());
        var check = new StateCounters();
        check.Visit(body);
        return check.Found.Count == 0 ? body : null;
    }

    private bool Visit(Block block, List<Stmt> output)
    {
        foreach (Stmt statement in block.Statements)
        {
            switch (statement)
            {
                case AssignStmt assign:
                    output.Add(new AssignStmt(_folder.Rewrite(assign.Target), assign.Op, _folder.Rewrite(assign.Value)));
                    if (++_statements > MaxStatements) return false;
                    break;
                case ForStmt loop when _stateCounters.Contains(loop.LoopVariable):
                    if (loop.Trips > MaxTrips) return false;
                    for (int trip = 0; trip < loop.Trips; trip++)
                    {
                        _values[loop.LoopVariable] = loop.Start + trip * loop.Step;
                        if (!Visit(loop.Body, output)) return false;
                    }
                    _values.Remove(loop.LoopVariable);
                    break;
                case ForStmt loop:
                    var body = new List<Stmt>();
                    if (!Visit(loop.Body, body) || ++_statements > MaxStatements) return false;
                    output.Add(loop with { Body = new Block(body.ToEquatableArray()) });
                    break;
                case IfStmt branch:
                    Cond condition = _folder.Rewrite(branch.Condition);
                    if (condition is BoolConstCond decided)
                    {
                        if (!Visit(decided.Value ? branch.Then : branch.Else, output)) return false;
                        break;
                    }
                    List<Stmt> then = new(), otherwise = new();
                    if (!Visit(branch.Then, then) || !Visit(branch.Else, otherwise) || ++_statements > MaxStatements) return false;
                    output.Add(new IfStmt(condition, new Block(then.ToEquatableArray()), new Block(otherwise.ToEquatableArray())));
                    break;
                default:
                    return false; // only parsed bodies come here: the passes' own statements are not expected
            }
        }
        return true;
    }

    /// <summary>The loop counters in state and dz indices.</summary>
    private sealed class StateCounters : IrWalker
    {
        public HashSet<int> Found { get; } = new();

        public override void Visit(Target target)
        {
            if (target is OutputTarget o) Add(o.Index);
            base.Visit(target);
        }

        public override void Visit(Expr e)
        {
            if (e is InputExpr { Input: InputKind.State } i) Add(i.Index);
            base.Visit(e);
        }

        private void Add(Affine index)
        {
            foreach (AffineTerm term in index.Terms) Found.Add(term.LoopVariable);
        }
    }
}
