using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Straight-line lane trial steps of two lane groups in one method (TrialStepPairLanes{Name}, behind
/// <c>TryLaneTrialStepPair</c>): every statement of the single kernel (<see cref="EmitRegisterTrialStep"/>) is printed
/// for group 0 and then for group 1 before the next, down to f's statements inside each stage. Each group's trial
/// step is one dependency chain (stage sum → f → store → the next stage's sum); RyuJIT does not schedule
/// instructions, so only source order can put the two chains side by side, where two kernel calls one after the
/// other overlap only as far as the CPU's out-of-order window reaches. Each group runs the single kernel's operations
/// in the single kernel's order: its bits are the single kernel's.
/// </summary>
/// <remarks>
/// Group 1's vectors follow group 0's in every span (z[n + j], p[m + q], stages[s·n + l·n + j], zNew[n + j], …), so the
/// hook takes the single hook's six spans, each twice as long, and a t and h per group. Group 1's locals are group 0's
/// names with <see cref="GeneratedNames.SecondGroupSuffix"/> appended (user locals and array elements too), which
/// no other name has. Loop-form trial steps get no pair form (their f is a call per stage, not statements to
/// interleave), nor does a tableau whose doubled kernel would pass the kernel budget or a system whose two groups'
/// values would not fit in the registers even in the memory form (<see cref="RegisterForm.TrialStepPair"/>).
/// </remarks>
internal sealed partial class LaneKernelEmitter
{
    private const string PairParameters = "tB, hB";

    /// <summary>Where one group's values live in the pair kernel.</summary>
    private sealed record PairGroup(string T, string H, int Offset, string Suffix)
    {
        /// <summary>Group 0's local <paramref name="name"/> as this group names it.</summary>
        public string Local(string name) => name + Suffix;
    }

    private string PairSignature =>
        $"{_v} t, {_v} h, {_v} tB, {_v} hB, {_ros} z, {_ros} p, {_span} stages, {_span} zNew, {_span} error, {_span} error2, {TolerancesAndSum}";

    /// <summary>The pair hook and a pair kernel per tableau whose trial step is straight-line and that has a pair form
    /// (<see cref="RegisterForm.TrialStepPair"/>: in registers, or in memory, see <see cref="EmitMemoryTrialStepPair"/>);
    /// no hook (the interface's default, false) when none does.</summary>
    private void EmitTrialStepPairs(IReadOnlyList<FusedTableau> tableaus)
    {
        if (_registers is not { } form) return;
        FusedTableau[] paired = tableaus.Where(tb => form.FitsTrialStep(tb.Tableau) && form.TrialStepPair(tb.Tableau) != TrialStepPairForm.None).ToArray();
        if (paired.Length == 0) return;
        _code.Line();
        TableauDispatch.Emit(_code, "TryLaneTrialStepPair", PairSignature, "TrialStepPairLanes",
            $"t, h, {PairParameters}, z, p, stages, zNew, error, error2, atol, rtol, sumOfSquares", paired);
        foreach (FusedTableau fused in paired)
        {
            _code.Line();
            if (form.TrialStepPair(fused.Tableau) == TrialStepPairForm.Registers) EmitRegisterTrialStepPair(fused.Tableau, form);
            else EmitMemoryTrialStepPair(fused.Tableau, form);
        }
    }

    private void EmitRegisterTrialStepPair(ButcherTableau tableau, RegisterForm form)
    {
        int s = tableau.Stages, n = N, m = _function.ParameterSize;
        PairGroup[] groups = [new PairGroup("t", "h", 0, ""), new PairGroup("tB", "hB", 1, GeneratedNames.SecondGroupSuffix)];
        _code.Line($"/// <summary>TrialStepLanes{tableau.Name} of two lane groups at once, statement by statement (group 1's vectors after");
        _code.Line("/// group 0's in every span, its t and h in tB and hB).</summary>");
        _code.Open($"private static void TrialStepPairLanes{tableau.Name}({PairSignature})");
        Check("z", 2 * n);
        Check("p", 2 * m);
        Check("stages", 2 * s * n);
        Check("zNew", 2 * n);
        if (tableau.Error is not null) Check("error", 2 * n);
        if (tableau.Error2 is not null) Check("error2", 2 * n);
        CheckSumSpans(tableau, 2);
        foreach (PairGroup g in groups) _code.Line($"{_v} {g.Local("hT")} = {g.H};");
        foreach (PairGroup g in groups)
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"{g.Local("z" + j)} = z[{g.Offset * n + j}]")) + ";");
        if (form.UsedParameters.Length != 0)
            foreach (PairGroup g in groups)
                _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(q => $"{g.Local("p" + q)} = p[{g.Offset * m + q}]")) + ";");
        Func<PairGroup, int, int, string> k = (g, l, j) => $"stages[{(g.Offset * s + l) * n + j}]";
        for (int i = 1; i < s; i++)
        {
            int row = i;
            _code.Line($"// Stage {i}, both groups: y = z + h·Σ a[{i},l]·k[l], k{i} = f(t + {Literals.Double(tableau.C[i])}·h, y).");
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups)
                    _code.Line($"{_v} {g.Local($"y{i}_{j}")} = {_target.Sums.Advance(g.Local("z" + j), g.Local("hT"), Sum(i, l => tableau[row, l], l => k(g, l, j)))};");
            InlineStagePair(form, groups, i, tableau.C[i]);
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups) _code.Line($"{k(g, i, j)} = {g.Local($"k{i}_{j}")};");
        }
        if (tableau.IsFsal)
        {
            _code.Line("// New state: the last stage's input (FSAL).");
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups) _code.Line($"zNew[{g.Offset * n + j}] = {g.Local($"y{s - 1}_{j}")};");
        }
        else
        {
            _code.Line("// New state.");
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups)
                    _code.Line($"zNew[{g.Offset * n + j}] = {_target.Sums.Advance(g.Local("z" + j), g.Local("hT"), Sum(s, l => tableau.B[l], l => k(g, l, j)))};");
        }
        if (tableau.Error is { } e)
        {
            _code.Line("// Error estimate h·Σ e[l]·k[l].");
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups) ErrorStatement(tableau, g, j, $"error[{g.Offset * n + j}]", $"{g.Local("hT")} * {Sum(s, l => e[l], l => k(g, l, j))}");
        }
        if (tableau.Error2 is { } e2)
        {
            _code.Line("// Secondary error estimate.");
            for (int j = 0; j < n; j++)
                foreach (PairGroup g in groups) _code.Line($"error2[{g.Offset * n + j}] = {g.Local("hT")} * {Sum(s, l => e2[l], l => k(g, l, j))};");
        }
        EmitSumOfSquares(tableau, groups, (g, j) => g.Local("z" + j),
            (g, j) => tableau.IsFsal ? g.Local($"y{s - 1}_{j}") : $"zNew[{g.Offset * n + j}]", (g, j) => g.Local(ErrorLocal + j));
        _code.Close();
    }

    /// <summary>f at stage <paramref name="i"/> for both groups in one block: each group's k{i}_j (0 where f leaves dz
    /// unwritten) from its y{i}_j, f's locals declared per group, then f's top-level statements alternately.</summary>
    private void InlineStagePair(RegisterForm form, PairGroup[] groups, int i, double c)
    {
        foreach (PairGroup g in groups)
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, N).Select(j => $"{g.Local($"k{i}_{j}")} = {_target.Zero}")) + ";");
        _code.Begin();
        HashSet<AssignStmt> declaring = FirstAssignments.Find(form.Straight.Body);
        var emitters = new LaneStatementEmitter[groups.Length];
        var writers = new LaneExpressionWriter[groups.Length];
        for (int gi = 0; gi < groups.Length; gi++)
        {
            PairGroup g = groups[gi];
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
                Parameter = q => g.Local("p" + q),
                Output = j => g.Local($"k{row}_{j}"),
                Time = timeName,
            };
            var writer = writers[gi] = new LaneExpressionWriter(_target, GroupLeaves(form, scope, g));
            LaneStatementEmitter.DeclareLocals(form.Straight, _code, writer, declaring);
            emitters[gi] = new LaneStatementEmitter(_code, writer) { Declaring = declaring, MaskSuffix = g.Suffix };
        }
        foreach (Stmt statement in form.Straight.Body.Statements)
            foreach (LaneStatementEmitter emitter in emitters) emitter.Emit(statement);
        _code.Close();
        // The writers record the math helpers they print: collect them once the statements are written.
        foreach (LaneExpressionWriter writer in writers) _used.UnionWith(writer.UsedFunctions);
    }

    /// <summary>The leaf names of one group: group 0 as the single kernel names them, group 1 the same names with its
    /// suffix, array elements included (A_3 → A_3_B).</summary>
    private static ScalarExpressionWriter GroupLeaves(RegisterForm form, RegisterScope scope, PairGroup g)
    {
        if (g.Suffix.Length == 0) return new ScalarExpressionWriter(form.Straight, scope, form.Names);
        UserNames names = form.Names;
        var suffixed = new UserNames(names.Scalars.Select(g.Local).ToArray(), names.Arrays.Select(g.Local).ToArray());
        var elements = new Dictionary<int, Func<int, string>>();
        foreach (ArrayVariable a in form.Straight.Arrays)
        {
            string array = names.Arrays[a.Id];
            elements[a.Id] = index => g.Local(array + "_" + index);
        }
        return new ScalarExpressionWriter(form.Straight, scope, suffixed) { ElementNames = elements };
    }
}
