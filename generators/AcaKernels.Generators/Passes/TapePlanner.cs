using System.Collections.Generic;
using AcaKernels.Generators.Ir;

namespace AcaKernels.Generators.Passes;

/// <summary>
/// Where the reverse pass finds overwritten values and branch decisions: each saving assignment and each branch
/// owns a run of slots, one per iteration of its enclosing loops (trip counts are constant, so the layout is
/// static). Slot of an execution = base + linear index of the loop iteration.
/// </summary>
internal sealed class TapePlan
{
    public Dictionary<AssignStmt, long> SaveSlots { get; } = new(ReferenceComparer<AssignStmt>.Instance);

    public Dictionary<IfStmt, long> BranchSlots { get; } = new(ReferenceComparer<IfStmt>.Instance);

    /// <summary>Number of saved values; saturates at long.MaxValue instead of overflowing.</summary>
    public long TapeLength { get; set; }

    /// <summary>Number of saved branch decisions; saturates like <see cref="TapeLength"/>.</summary>
    public long BranchLength { get; set; }

    /// <summary>Bytes of stack the loop form's tape and branch flags take at most (saturating): 8 per slot, the
    /// double tape's size (a float system whose saved values are all float has a float tape, half of that).</summary>
    public long StackBytes => Saturating.Add(Saturating.Multiply(TapeLength, sizeof(double)), BranchLength);

    /// <summary>Bytes each top-level statement adds to <see cref="StackBytes"/> (where an oversized tape comes from).</summary>
    public Dictionary<Stmt, long> TopLevelBytes { get; } = new(ReferenceComparer<Stmt>.Instance);
}

/// <summary>Sizing arithmetic that saturates at long.MaxValue (a nest of constant loops can exceed any integer).</summary>
internal static class Saturating
{
    public static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    public static long Multiply(long a, long b) => a != 0 && b > long.MaxValue / a ? long.MaxValue : a * b;
}

/// <summary>
/// Decides which assignments must save the value they overwrite. The reverse pass walks the statements backwards
/// and, at each assignment, restores the target's old value before differentiating the right-hand side. An old
/// value needs saving only when some earlier statement's derivative reads it: scanning backwards from the
/// assignment (into earlier loop iterations too) for a needed read of the target before a plain assignment to
/// it. Pure accumulators (<c>s += a·b</c>) and write-once arrays are therefore not taped, nor values that only an
/// earlier iteration of a recomputed loop (<see cref="Reverse.RecomputedLoops"/>) reads. An assignment whose
/// reverse reads back the value it stored (<see cref="Reverse.ResultReuse"/>) reads its target <i>after</i> it:
/// a later write to the target must save what it overwrites, even across the assignment itself.
/// </summary>
internal sealed class TapePlanner
{
    private static readonly HashSet<AssignStmt> NoResultReaders = new(ReferenceComparer<AssignStmt>.Instance);

    private readonly TapePlan _plan = new();
    private readonly HashSet<AssignStmt> _resultReaders;
    private readonly Dictionary<Stmt, HashSet<VariableRef>> _reads = new(ReferenceComparer<Stmt>.Instance);
    private readonly Dictionary<Stmt, HashSet<VariableRef>> _resultReads = new(ReferenceComparer<Stmt>.Instance);
    private readonly List<(Block Block, int Index, Stmt? Owner)> _path = new();
    private readonly HashSet<ForStmt> _recomputed;

    private TapePlanner(HashSet<AssignStmt> resultReaders, HashSet<ForStmt> recomputed)
    {
        _resultReaders = resultReaders;
        _recomputed = recomputed;
    }

    public static TapePlan Plan(IrFunction function) => Plan(function, NoResultReaders);

    /// <summary>The plan when the reverse of each of <paramref name="resultReaders"/> reads the value it assigned.</summary>
    public static TapePlan Plan(IrFunction function, HashSet<AssignStmt> resultReaders) =>
        Plan(function, resultReaders, new HashSet<ForStmt>(ReferenceComparer<ForStmt>.Instance));

    /// <summary>The plan when the reverse sweep recomputes the iterations of <paramref name="recomputed"/>
    /// (<see cref="Reverse.RecomputedLoops"/>; none in the plain plan, which also decides which loops are worth it).</summary>
    public static TapePlan Plan(IrFunction function, HashSet<AssignStmt> resultReaders, HashSet<ForStmt> recomputed)
    {
        var planner = new TapePlanner(resultReaders, recomputed);
        planner.Visit(function.Body, owner: null, trips: 1);
        return planner._plan;
    }

    private long Bytes => _plan.StackBytes;

    private void Visit(Block block, Stmt? owner, long trips)
    {
        _path.Add((block, 0, owner));
        for (int k = 0; k < block.Statements.Count; k++)
        {
            _path[_path.Count - 1] = (block, k, owner);
            long before = Bytes;
            switch (block.Statements[k])
            {
                case AssignStmt assign when NeedsSave(assign):
                    _plan.SaveSlots[assign] = _plan.TapeLength;
                    _plan.TapeLength = Saturating.Add(_plan.TapeLength, trips);
                    break;
                case ForStmt loop:
                    Visit(loop.Body, loop, Saturating.Multiply(trips, loop.Trips));
                    break;
                case IfStmt branch:
                    _plan.BranchSlots[branch] = _plan.BranchLength;
                    _plan.BranchLength = Saturating.Add(_plan.BranchLength, trips);
                    Visit(branch.Then, branch, trips);
                    Visit(branch.Else, branch, trips);
                    break;
            }
            if (_path.Count == 1) _plan.TopLevelBytes[block.Statements[k]] = Bytes - before;
        }
        _path.RemoveAt(_path.Count - 1);
    }

    private bool NeedsSave(AssignStmt assign)
    {
        VariableRef variable;
        switch (assign.Target)
        {
            case LocalTarget l:
                variable = new VariableRef(false, l.Variable);
                break;
            case ArrayTarget a:
                variable = new VariableRef(true, a.Array);
                break;
            default:
                return false;
        }
        if (Reads(assign).Contains(variable)) return true;
        return ScanUp(_path.Count - 1, _path[_path.Count - 1].Index, variable);
    }

    /// <summary>Paths that reach position <paramref name="index"/> of the block at path depth <paramref name="depth"/>.</summary>
    private bool ScanUp(int depth, int index, VariableRef variable)
    {
        (Block block, _, Stmt? owner) = _path[depth];
        switch (ScanBack(block, index, variable))
        {
            case true: return true;
            case false: return false;
        }
        if (depth == 0) return false;
        // A recomputed loop's iteration starts from nothing of the previous one or of the code around it.
        if (owner is ForStmt recomputed && _recomputed.Contains(recomputed)) return false;
        if (owner is ForStmt && ScanBack(block, block.Statements.Count, variable) == true)
            return true; // the previous iteration's tail reads it
        return ScanUp(depth - 1, _path[depth - 1].Index, variable);
    }

    /// <summary>true: a needed read comes first; false: a plain assignment comes first; null: neither.</summary>
    private bool? ScanBack(Block block, int end, VariableRef variable)
    {
        for (int j = end - 1; j >= 0; j--)
        {
            Stmt statement = block.Statements[j];
            if (ResultReads(statement).Contains(variable)) return true;
            if (!variable.IsArray && statement is AssignStmt { Op: AssignOp.Set, Target: LocalTarget l } && l.Variable == variable.Id)
                return false;
            if (Reads(statement).Contains(variable)) return true;
        }
        return null;
    }

    private HashSet<VariableRef> Reads(Stmt statement)
    {
        if (!_reads.TryGetValue(statement, out HashSet<VariableRef>? reads))
        {
            reads = new HashSet<VariableRef>();
            Dependencies.NeededReads(statement, reads);
            _reads[statement] = reads;
        }
        return reads;
    }

    /// <summary>The targets of the result readers in <paramref name="statement"/> (itself or nested).</summary>
    private HashSet<VariableRef> ResultReads(Stmt statement)
    {
        if (!_resultReads.TryGetValue(statement, out HashSet<VariableRef>? reads))
        {
            reads = new HashSet<VariableRef>();
            if (_resultReaders.Count != 0) new ResultTargets(_resultReaders, reads).Visit(statement);
            _resultReads[statement] = reads;
        }
        return reads;
    }

    private sealed class ResultTargets(HashSet<AssignStmt> readers, HashSet<VariableRef> targets) : IrWalker
    {
        public override void Visit(Stmt statement)
        {
            if (statement is not AssignStmt assign)
            {
                base.Visit(statement);
                return;
            }
            if (!readers.Contains(assign)) return;
            if (assign.Target is LocalTarget l) targets.Add(new VariableRef(false, l.Variable));
            else if (assign.Target is ArrayTarget a) targets.Add(new VariableRef(true, a.Array));
        }
    }
}
