using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Model;

namespace AcaKernels.Generators.Passes.Reverse;

/// <summary>
/// Reverse-mode differentiation as an IR → IR pass: f → its vector-Jacobian product (<see cref="VjpFunction"/>).
/// The forward sweep saves what the <see cref="TapePlan"/> asks for; the reverse sweep walks the statements
/// backwards (loops run backwards, branches follow the saved decisions). At each assignment it takes the
/// target's adjoint, restores the old value, names the intermediate values the adjoint rules read (each is the
/// same arithmetic as the forward pass, so bit-identical) and pushes the adjoint to the operands. Assignments
/// whose target never reaches dz (<see cref="AdjointLiveness"/>) push nothing, and the forward sweep computes only
/// what the reverse sweep reads (<see cref="ForwardPruning"/>). A quotient or call the forward sweep assigned to a
/// variable is read back from it, not recomputed, where that costs no tape (<see cref="ResultReuse"/>). A loop whose
/// iterations stand alone can be left off the tape: the reverse sweep runs each iteration forward again before pulling
/// its adjoints back (<see cref="RecomputedLoops"/>, for the GPU form).
/// </summary>
internal sealed partial class ReverseMode
{
    private readonly IrFunction _f;
    private readonly TapePlan _plan;
    private readonly AdjointLiveness _liveness;
    private readonly HashSet<AssignStmt> _reused;
    private readonly PowerChains _powers;
    private readonly bool _timeGradient;
    private readonly ScalarType _tapeType;
    private readonly List<ScalarVariable> _scalars;
    private readonly List<ArrayVariable> _arrays;
    private readonly int[] _scalarAdjoints, _arrayAdjoints;
    private readonly int _timeAdjoint, _outputAdjoint;
    private readonly List<SlotLoop> _loops = new();
    private readonly HashSet<ForStmt> _recomputed;

    private ReverseMode(IrFunction f, bool timeGradient, bool recomputeLoops)
    {
        _f = f;
        _recomputed = recomputeLoops ? RecomputedLoops.Find(f) : new HashSet<ForStmt>(ReferenceComparer<ForStmt>.Instance);
        _liveness = AdjointLiveness.Of(f);
        (_reused, _plan) = ResultReuse.Choose(f, _liveness, _recomputed);
        _powers = PowerChains.Find(f, _reused);
        _timeGradient = timeGradient;
        _tapeType = TapeType(f, _plan);
        _scalars = f.Scalars.ToList();
        _arrays = f.Arrays.ToList();
        _scalarAdjoints = f.Scalars.Select(s => Add(new ScalarVariable(_scalars.Count, s.Name + "Bar", s.Type))).ToArray();
        _arrayAdjoints = f.Arrays.Select(a => Add(new ArrayVariable(_arrays.Count, a.Name + "Bar", a.Type, a.Length))).ToArray();
        _timeAdjoint = Add(new ScalarVariable(_scalars.Count, "tBar", f.Type));
        _outputAdjoint = Add(new ArrayVariable(_arrays.Count, "dzBar", f.Type, f.StateSize));
    }

    /// <summary>The VJP of <paramref name="f"/>; without <paramref name="timeGradient"/> nothing accumulates ∂/∂t
    /// (the fused kernels do not need it). With <paramref name="recomputeLoops"/> the loops whose iterations stand alone
    /// are recomputed in the reverse sweep instead of taped (<see cref="RecomputedLoops"/>): the GPU form's choice, where
    /// the tape is off-chip local memory; on a CPU the tape stays in L1 and taping measured faster. Either way the same
    /// bits.</summary>
    public static VjpFunction Differentiate(IrFunction f, bool timeGradient = true, bool recomputeLoops = false)
    {
        var pass = new ReverseMode(f, timeGradient, recomputeLoops);
        List<Stmt> forward = pass.Forward(f.Body);
        List<Stmt> reverse = pass.Reverse(f.Body);
        (forward, reverse) = ForwardPruning.Prune(forward, reverse);
        reverse = FreshAccumulators.Rewrite(reverse, pass._scalarAdjoints, pass._arrayAdjoints);
        IrFunction vjp = f with
        {
            Body = new Block(forward.Concat(reverse).ToEquatableArray()),
            Scalars = pass._scalars.ToEquatableArray(),
            Arrays = pass._arrays.ToEquatableArray(),
        };
        return new VjpFunction(f, vjp, forward.Count, pass._scalarAdjoints.ToEquatableArray(), pass._arrayAdjoints.ToEquatableArray(),
            pass._timeAdjoint, pass._outputAdjoint, pass._tapeType, pass._plan.TapeLength, pass._plan.BranchLength);
    }

    /// <summary>The tape's type: T when every saved value is a T (exact), else double (holds float values exactly too).</summary>
    private static ScalarType TapeType(IrFunction f, TapePlan plan) =>
        plan.SaveSlots.Keys.All(a => TargetType(f, a.Target) == ScalarType.Single) && f.Type == ScalarType.Single
            ? ScalarType.Single : ScalarType.Double;

    private static ScalarType TargetType(IrFunction f, Target target) => target switch
    {
        LocalTarget l => f.Scalars[l.Variable].Type,
        ArrayTarget a => f.Arrays[a.Array].Type,
        _ => f.Type,
    };

    private int Add(ScalarVariable variable)
    {
        _scalars.Add(variable);
        return variable.Id;
    }

    private int Add(ArrayVariable variable)
    {
        _arrays.Add(variable);
        return variable.Id;
    }

    private TapeSlot Slot(long baseSlot) => new(baseSlot, _loops.ToEquatableArray());

    private SlotLoop Enter(ForStmt loop)
    {
        var slotLoop = new SlotLoop(loop.LoopVariable, loop.Start, loop.Step, loop.Trips);
        _loops.Add(slotLoop);
        return slotLoop;
    }

    private void Leave() => _loops.RemoveAt(_loops.Count - 1);

    /// <summary>The current value of an assignment's target, as an expression.</summary>
    private Expr Read(Target target) => target switch
    {
        LocalTarget l => new LocalExpr(_scalars[l.Variable].Type, l.Variable),
        ArrayTarget a => new ArrayExpr(_arrays[a.Array].Type, a.Array, a.Index),
        _ => throw new InvalidOperationException("Only locals and local arrays are read back: " + target.GetType().Name),
    };

    /// <summary>f's statements without the writes to dz, saving what the reverse sweep restores or re-decides.</summary>
    private List<Stmt> Forward(Block block)
    {
        var output = new List<Stmt>();
        foreach (Stmt statement in block.Statements)
        {
            switch (statement)
            {
                case AssignStmt { Target: OutputTarget }:
                    break;
                case AssignStmt assign:
                    if (_plan.SaveSlots.TryGetValue(assign, out long slot))
                        output.Add(new AssignStmt(new TapeTarget(Slot(slot)), AssignOp.Set, Convert(Read(assign.Target), _tapeType)));
                    output.Add(assign);
                    break;
                case ForStmt loop when _recomputed.Contains(loop):
                    break; // the reverse sweep computes each iteration again (RecomputedLoops)
                case ForStmt loop:
                    Enter(loop);
                    output.Add(loop with { Body = new Block(Forward(loop.Body).ToEquatableArray()) });
                    Leave();
                    break;
                case IfStmt branch:
                    TapeSlot flag = Slot(_plan.BranchSlots[branch]);
                    output.Add(new SaveFlagStmt(flag, branch.Condition));
                    output.Add(new IfStmt(new FlagCond(flag),
                        new Block(Forward(branch.Then).ToEquatableArray()), new Block(Forward(branch.Else).ToEquatableArray())));
                    break;
                default:
                    throw IrWalker.Unknown(statement);
            }
        }
        return output;
    }

    private static Expr Convert(Expr e, ScalarType type) => e.Type == type ? e : new ConvertExpr(type, e);

    /// <summary>The statements of <paramref name="block"/> in reverse order, each turned into its adjoint.</summary>
    private List<Stmt> Reverse(Block block)
    {
        var output = new List<Stmt>();
        for (int k = block.Statements.Count - 1; k >= 0; k--)
        {
            switch (block.Statements[k])
            {
                case AssignStmt assign:
                    Reverse(assign, output);
                    break;
                case ForStmt loop:
                    Enter(loop);
                    List<Stmt> body = Reverse(loop.Body);
                    // A recomputed loop's iteration runs its forward statements first (RecomputedLoops).
                    if (_recomputed.Contains(loop)) body.InsertRange(0, Forward(loop.Body));
                    output.Add(new ForStmt(loop.LoopVariable, loop.Last, -loop.Step, loop.Trips, new Block(body.ToEquatableArray())));
                    Leave();
                    break;
                case IfStmt branch:
                    output.Add(new IfStmt(new FlagCond(Slot(_plan.BranchSlots[branch])),
                        new Block(Reverse(branch.Then).ToEquatableArray()), new Block(Reverse(branch.Else).ToEquatableArray())));
                    break;
                default:
                    throw IrWalker.Unknown(block.Statements[k]);
            }
        }
        return output;
    }

    /// <summary>target = tape[slot]: the value the assignment overwrote.</summary>
    private AssignStmt Restore(AssignStmt assign, long slot) =>
        new(assign.Target, AssignOp.Set, Convert(new TapeExpr(_tapeType, Slot(slot)), TargetType(_f, assign.Target)));

    private Target AdjointOf(Target target) => target switch
    {
        LocalTarget l => new LocalTarget(_scalarAdjoints[l.Variable]),
        ArrayTarget a => new ArrayTarget(_arrayAdjoints[a.Array], a.Index),
        OutputTarget o => new ArrayTarget(_outputAdjoint, o.Index),
        _ => throw new InvalidOperationException("No adjoint for " + target.GetType().Name),
    };

    private void Reverse(AssignStmt assign, List<Stmt> output)
    {
        bool saved = _plan.SaveSlots.TryGetValue(assign, out long slot);
        // A target that never reaches dz has a zero adjoint: push nothing (a dead value that overflowed would
        // otherwise turn 0·∞ into NaN in live adjoints). Its old value is still restored when taped, because a
        // ?: condition re-evaluated later in the reverse sweep may read it.
        if (!_liveness.IsLive(assign))
        {
            if (saved) output.Add(Restore(assign, slot));
            return;
        }
        bool differentiable = !Dependencies.IsConstant(assign.Value);
        if (!differentiable && !saved && assign.Op != AssignOp.Set) return;

        var body = new List<Stmt>();
        var sweep = new AssignmentSweep(this, body);
        Target bar = AdjointOf(assign.Target);
        ScalarType type = assign.Value.Type;
        Expr? g = null;
        if (differentiable)
        {
            Expr barValue = Read(bar);
            g = sweep.Temporary("g", assign.Op == AssignOp.Subtract ? new NegateExpr(barValue.Type, barValue) : barValue);
        }
        if (assign.Op == AssignOp.Set) body.Add(new AssignStmt(bar, AssignOp.Set, new ConstExpr(type, 0)));
        // The value this assignment stored, still in its target (before the restore overwrites it).
        Expr? stored = g is not null && _reused.Contains(assign)
            ? saved ? sweep.Temporary("r", Read(assign.Target)) : Read(assign.Target)
            : null;
        if (saved) body.Add(Restore(assign, slot));
        if (g is not null)
            Differentiate(assign, sweep, stored, g);
        output.Add(new GroupStmt(assign, new Block(body.ToEquatableArray())));
    }

    /// <summary>Pushes adjoint <paramref name="g"/> through the assignment's right-hand side: a power rule, a root whose
    /// r̄ already holds ∂L/∂S, or the rules node by node (<paramref name="stored"/>: the value read back, if any).</summary>
    private void Differentiate(AssignStmt assign, AssignmentSweep sweep, Expr? stored, Expr g)
    {
        if (stored is not null && _powers.Powers.TryGetValue(assign, out PowerRule? power))
        {
            sweep.PowerAdjoint(power, stored, g);
            return;
        }
        // r = √S (every reader of r a power rule): pushed into S as it is.
        Expr value = _powers.PrescaledRoots.Contains(assign) ? ((CallExpr)assign.Value).Arguments[0] : assign.Value;
        if (stored is not null && ReferenceEquals(value, assign.Value)) sweep.Known(assign.Value, stored);
        sweep.Primal(value, valueNeeded: false);
        sweep.Adjoint(value, g);
    }
}
