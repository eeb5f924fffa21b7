using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The memory form of the two-group lane trial step, for systems whose two groups' state, stage inputs and values
/// do not fit in the registers together (the planar three-body problem: 80 vectors): the same interleaving as
/// <see cref="EmitRegisterTrialStepPair"/>, but only f's own values stay in locals. Each stage value is written to its
/// stage slot by the statement of f that computes it and read back by every later sum (L1 loads, which the JIT folds
/// into the FMAs); the state and θ are read from their spans at each use; each stage input is summed right before the
/// first statement of f that reads it, and f's locals live in a block per stage (<see cref="PairMemoryPlan"/>).
/// Every value is the single kernel's expression on the same operands in the same order: each group's bits are the
/// single kernel's.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    private void EmitMemoryTrialStepPair(ButcherTableau tableau, RegisterForm form)
    {
        int s = tableau.Stages, n = N, m = _function.ParameterSize;
        PairMemoryPlan plan = form.PairMemory;
        PairGroup[] groups = [new PairGroup("t", "h", 0, ""), new PairGroup("tB", "hB", 1, GeneratedNames.SecondGroupSuffix)];
        _code.Line($"/// <summary>TrialStepLanes{tableau.Name} of two lane groups at once, statement by statement (group 1's vectors after");
        _code.Line("/// group 0's in every span, its t and h in tB and hB); stage values, the state and θ in memory, f's values in locals.</summary>");
        _code.Open($"private static void TrialStepPairLanes{tableau.Name}({PairSignature})");
        Check("z", 2 * n);
        Check("p", 2 * m);
        Check("stages", 2 * s * n);
        Check("zNew", 2 * n);
        if (tableau.Error is not null) Check("error", 2 * n);
        if (tableau.Error2 is not null) Check("error2", 2 * n);
        CheckSumSpans(tableau, 2);
        foreach (PairGroup g in groups) _code.Line($"{_v} {g.Local("hT")} = {g.H};");
        var spans = new List<string>(MemorySpans);
        if (tableau.Error is not null) spans.Add("error");
        if (tableau.Error2 is not null) spans.Add("error2");
        foreach (string span in spans)
            _code.Line($"ref {_v} {span}Ref = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference({span});");
        Func<PairGroup, int, int, string> k = (g, l, j) => Element("stages", (g.Offset * s + l) * n + j);
        Func<PairGroup, int, string> z = (g, j) => Element("z", g.Offset * n + j);
        for (int i = 1; i < s; i++)
        {
            int row = i;
            bool last = tableau.IsFsal && i == s - 1;
            _code.Line($"// Stage {i}, both groups: y = z + h·Σ a[{i},l]·k[l] where f first reads it, k{i} = f(t + {Literals.Double(tableau.C[i])}·h, y) into stages{(last ? "; y is the new state (FSAL)" : "")}.");
            _code.Begin();
            Action<PairGroup, int> input = (g, j) =>
            {
                _code.Line($"{_v} {g.Local($"y{row}_{j}")} = {_target.Sums.Advance(z(g, j), g.Local("hT"), Sum(row, l => tableau[row, l], l => k(g, l, j)))};");
                if (last) _code.Line($"{Element("zNew", g.Offset * n + j)} = {g.Local($"y{row}_{j}")};");
            };
            InlineStagePairInMemory(form, plan, groups, i, tableau.C[i], input, (g, j) => k(g, row, j));
            if (last)
                foreach (int j in plan.UnreadState)
                    foreach (PairGroup g in groups) input(g, j);
            _code.Close();
        }
        if (!tableau.IsFsal)
        {
            _code.Line("// New state.");
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups)
                    _code.Line($"{Element("zNew", g.Offset * n + j)} = {_target.Sums.Advance(z(g, j), g.Local("hT"), Sum(s, l => tableau.B[l], l => k(g, l, j)))};");
        }
        if (tableau.Error is { } e)
        {
            _code.Line("// Error estimate h·Σ e[l]·k[l].");
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups) ErrorStatement(tableau, g, j, Element("error", g.Offset * n + j), $"{g.Local("hT")} * {Sum(s, l => e[l], l => k(g, l, j))}");
        }
        if (tableau.Error2 is { } e2)
        {
            _code.Line("// Secondary error estimate.");
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups) _code.Line($"{Element("error2", g.Offset * n + j)} = {g.Local("hT")} * {Sum(s, l => e2[l], l => k(g, l, j))};");
        }
        // The state and zNew from memory, as this form reads the state everywhere (its stage inputs' locals are gone).
        EmitSumOfSquares(tableau, groups, z, (g, j) => Element("zNew", g.Offset * n + j), (g, j) => g.Local(ErrorLocal + j));
        _code.Close();
    }

    /// <summary>The spans every memory pair kernel reads or writes through a ref to their first element.</summary>
    private static readonly string[] MemorySpans = ["z", "p", "stages", "zNew"];

    /// <summary>Element <paramref name="index"/> of <paramref name="span"/> through the ref to its first element (its
    /// length is checked up front). Indexing the span itself made the JIT keep the address of each stage slot, which is
    /// read by every later sum, in a register from the store on, then spill those addresses to the frame (405 integer
    /// moves in the three-body pair kernel, 102 this way; benchmarks/RESULTS.md §27).</summary>
    private static string Element(string span, int index) => $"global::System.Runtime.CompilerServices.Unsafe.Add(ref {span}Ref, {index})";

    /// <summary>f at stage <paramref name="i"/> for both groups, statement by statement: before each statement, each
    /// group's stage inputs that it is the first to read (<paramref name="input"/>); outputs of
    /// <see cref="PairMemoryPlan.DirectOutputs"/> written to <paramref name="slot"/> by their statement, the others
    /// kept in locals from 0 and stored after f.</summary>
    private void InlineStagePairInMemory(RegisterForm form, PairMemoryPlan plan, PairGroup[] groups, int i, double c,
        Action<PairGroup, int> input, Func<PairGroup, int, string> slot)
    {
        int[] kept = Enumerable.Range(0, N).Where(j => !plan.DirectOutputs[j]).ToArray();
        HashSet<AssignStmt> declaring = FirstAssignments.Find(form.Straight.Body);
        var emitters = new LaneStatementEmitter[groups.Length];
        var writers = new LaneExpressionWriter[groups.Length];
        for (int gi = 0; gi < groups.Length; gi++)
        {
            PairGroup g = groups[gi];
            if (kept.Length != 0)
                _code.Line($"{_v} " + string.Join(", ", kept.Select(j => $"{g.Local($"k{i}_{j}")} = {_target.Zero}")) + ";");
            string timeName = g.T;
            if (form.UsesTime)
            {
                timeName = g.Local("tc" + i);
                _code.Line($"{_v} {timeName} = {g.T} + {_target.Broadcast(Literals.Double(c))} * {g.H};");
            }
            int row = i;
            var scope = new RegisterScope
            {
                State = j => g.Local($"y{row}_{j}"),
                Parameter = q => Element("p", g.Offset * _function.ParameterSize + q),
                Output = j => plan.DirectOutputs[j] ? slot(g, j) : g.Local($"k{row}_{j}"),
                Time = timeName,
            };
            var writer = writers[gi] = new LaneExpressionWriter(_target, GroupLeaves(form, scope, g));
            LaneStatementEmitter.DeclareLocals(form.Straight, _code, writer, declaring);
            emitters[gi] = new LaneStatementEmitter(_code, writer) { Declaring = declaring, MaskSuffix = g.Suffix };
        }
        IReadOnlyList<Stmt> statements = form.Straight.Body.Statements;
        for (int st = 0; st < statements.Count; st++)
        {
            foreach (PairGroup g in groups)
                foreach (int j in plan.FirstReads[st]) input(g, j);
            foreach (LaneStatementEmitter emitter in emitters) emitter.Emit(statements[st]);
        }
        foreach (int j in kept)
            foreach (PairGroup g in groups) _code.Line($"{slot(g, j)} = {g.Local($"k{i}_{j}")};");
        foreach (LaneExpressionWriter writer in writers) _used.UnionWith(writer.UsedFunctions);
    }
}
