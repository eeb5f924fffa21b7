using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes;

/// <summary>
/// Turns a body into straight-line form for the register emitters: every loop unrolled (trip counts are
/// constant), every index a constant, and conditions on loop counters folded so their branches disappear. Each
/// statement of the result is a fresh node (the tape planner keys on statement identity). Real-valued
/// conditions stay; folding only removes code whose condition is decided at generation time, which evaluates
/// exactly what the loop form evaluates.
/// </summary>
internal sealed class Unroller
{
    private readonly Dictionary<int, int> _counters = new();
    private readonly int _budget;
    private int _size;
    private long _iterations;

    /// <summary>Most loop iterations walked while unrolling: a nest whose iterations emit nothing (branches decided
    /// false) costs no nodes, and without this bound 100000 x 100000 of them would stall the build.</summary>
    private const long MaxIterations = 1 << 16;

    private readonly LoopCounterFolder _folder; // every counter it meets has a value: indices come out constant

    private Unroller(int budget)
    {
        _budget = budget;
        _folder = new LoopCounterFolder(_counters);
    }

    /// <summary>The unrolled body and its size (IR nodes), or null when it would exceed <paramref name="budget"/> nodes.</summary>
    public static (Block Body, int Size)? Unroll(IrFunction function, int budget)
    {
        var unroller = new Unroller(budget);
        var statements = new List<Stmt>();
        if (!unroller.Visit(function.Body, statements)) return null;
        return (new Block(statements.ToEquatableArray()), unroller._size);
    }

    private bool Count(int nodes)
    {
        _size += nodes;
        return _size <= _budget;
    }

    private bool Visit(Block block, List<Stmt> output)
    {
        foreach (Stmt statement in block.Statements)
        {
            switch (statement)
            {
                case AssignStmt assign:
                    Expr value = Rewrite(assign.Value);
                    output.Add(new AssignStmt(Rewrite(assign.Target), assign.Op, value));
                    if (!Count(1 + Size(value))) return false;
                    break;
                case ForStmt loop:
                    for (int trip = 0; trip < loop.Trips; trip++)
                    {
                        if (++_iterations > MaxIterations) return false;
                        _counters[loop.LoopVariable] = loop.Start + trip * loop.Step;
                        if (!Visit(loop.Body, output)) return false;
                    }
                    _counters.Remove(loop.LoopVariable);
                    break;
                case IfStmt branch:
                    Cond condition = Rewrite(branch.Condition);
                    if (condition is BoolConstCond decided)
                    {
                        if (!Visit(decided.Value ? branch.Then : branch.Else, output)) return false;
                        break;
                    }
                    List<Stmt> then = new(), otherwise = new();
                    if (!Visit(branch.Then, then) || !Visit(branch.Else, otherwise) || !Count(1 + Size(condition))) return false;
                    output.Add(new IfStmt(condition, new Block(then.ToEquatableArray()), new Block(otherwise.ToEquatableArray())));
                    break;
            }
        }
        return true;
    }

    private Expr Rewrite(Expr e) => _folder.Rewrite(e);

    private Target Rewrite(Target target) => _folder.Rewrite(target);

    private Cond Rewrite(Cond c) => _folder.Rewrite(c);

    private static int Size(Expr e)
    {
        var counter = new NodeCounter();
        counter.Visit(e);
        return counter.Count;
    }

    private static int Size(Cond c)
    {
        var counter = new NodeCounter();
        counter.Visit(c);
        return counter.Count;
    }

    /// <summary>Counts expression and condition nodes, one each.</summary>
    private sealed class NodeCounter : IrWalker
    {
        public int Count { get; private set; }

        public override void Visit(Expr e)
        {
            Count++;
            base.Visit(e);
        }

        public override void Visit(Cond c)
        {
            Count++;
            base.Visit(c);
        }
    }
}
