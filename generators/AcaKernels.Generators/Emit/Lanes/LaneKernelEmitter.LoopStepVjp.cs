using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes.Reverse;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Lane step VJPs in loop form (loop bodies: a conv block, an MLP; straight-line bodies whose register backward
/// is over budget: the three-body problem's larger tableaus), the lane twins of the scalar loop
/// kernels <c>StepVjp{Name}</c> and <c>StepVjpWithTime{Name}</c> (<see cref="FusedStepEmitter.EmitStepVjp"/>):
/// the same replay, the same reverse stage by stage, the same time terms, on spans of vectors, with f's VJP as
/// <c>VectorJacobianProductLanes</c>, the lane form of the scalar <c>VectorJacobianProduct</c> (the same IR, the
/// same statements: tape and branch decisions in stack arrays of vectors, branches on reals if-converted). Each
/// lane therefore computes exactly what the scalar kernels compute at its arguments.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>The VJP the scalar VectorJacobianProduct prints (with ∂/∂t), when it prints in lane form (its
    /// workspace within <see cref="MaxWorkspaceVectors"/>).</summary>
    private VjpFunction? LoopVjp()
    {
        VjpFunction vjp = _loop.Vjp;
        return Printable(vjp) && WorkspaceLength(vjp) <= MaxWorkspaceVectors ? vjp : null;
    }

    /// <summary>Vectors the loop VJP takes from the tail of the step VJP's scratch: its workspace for a loop body,
    /// none for the straight-line VJP (all in locals).</summary>
    private long LoopVjpWorkspace => _registers is null ? WorkspaceLength(LoopVjp()!) : 0;

    /// <summary>The scalar loop kernel's statements on vectors (see FusedStepEmitter.EmitStepVjp for the order).</summary>
    private void EmitLoopStepVjp(ButcherTableau tableau, bool timeTerms)
    {
        int s = tableau.Stages, n = N;
        (bool[] influences, bool[] needInput, bool[] needStage) = new FusedStepEmitter(ScalarType.Double, n, _code).Needs(tableau, timeTerms);
        string name = (timeTerms ? "StepVjpWithTimeLanes" : "StepVjpLanes") + tableau.Name;
        string outputs = timeTerms ? $", out {_v} gradH, out {_v} gradT" : "";
        _code.Line();
        _code.Open($"private static void {name}({_v} t, {_v} h, {_ros} z, {_ros} p, {_ros} adjointOut, {_span} adjointIn, {_span} gradP, {_span} scratch{outputs})");
        Check("z", n);
        Check("p", _function.ParameterSize);
        Check("adjointOut", n);
        Check("adjointIn", n);
        Check("gradP", _function.ParameterSize);
        long workspace = LoopVjpWorkspace, stageVectors = (3 * s + 1) * n;
        // A straight-line body's replay keeps f's costly values per stage for that stage's VJP (KeptReplay part).
        int keptPerStage = _registers is null ? LoopKept()?.Length ?? 0 : KeptPerStage;
        bool Keeps(int stage) => keptPerStage != 0 && needStage[stage] && influences[stage];
        long needed = stageVectors + workspace + (long)keptPerStage * s;
        string tail = keptPerStage != 0
            ? $"LaneStepVjpWorkspaceLength ≥ {(workspace != 0 ? workspace + " for f's VJP + " : "")}s·{keptPerStage} = {keptPerStage * s} for the values the replay keeps for the stage VJPs"
            : $"LaneStepVjpWorkspaceLength = {workspace} for f's VJP";
        _code.Line($"if (scratch.Length < {needed}) throw new global::System.ArgumentException(\"scratch holds \" + scratch.Length + \" vectors; " +
            $"this lane kernel needs {needed}: (3s + 1)·n = {stageVectors} for the stages, {tail}.\", nameof(scratch));");
        _code.Line($"{_v} hT = h;");
        _code.Line($"{_span} inputBar = scratch.Slice({3 * s * n}, {n});");
        if (workspace != 0) _code.Line($"{_span} {LaneWorkspace.Parameter} = scratch.Slice({stageVectors}, {workspace});");
        for (int l = 0; l < s; l++)
        {
            if (l > 0 && needInput[l]) _code.Line($"{_span} y{l} = scratch.Slice({l * n}, {n});");
            if (needStage[l]) _code.Line($"{_span} k{l} = scratch.Slice({(s + l) * n}, {n});");
            if (influences[l]) _code.Line($"{_span} kBar{l} = scratch.Slice({(2 * s + l) * n}, {n});");
            if (Keeps(l)) _code.Line($"{_span} kept{l} = scratch.Slice({stageVectors + workspace + l * keptPerStage}, {keptPerStage});");
        }
        _code.Line("// Replay the stages whose inputs or values the reverse pass needs.");
        if (needStage[0]) _code.Line(Keeps(0) ? "EvaluateLanesKeeping(t, z, p, k0, kept0);" : "EvaluateLanes(t, z, p, k0);");
        for (int i = 1; i < s; i++)
        {
            if (!needInput[i]) continue;
            int row = i;
            Combination(i, l => tableau[row, l], $"y{i}", advance: true);
            if (needStage[i])
                _code.Line(Keeps(i) ? $"EvaluateLanesKeeping({StageTime(tableau.C[i])}, y{i}, p, k{i}, kept{i});" : $"EvaluateLanes({StageTime(tableau.C[i])}, y{i}, p, k{i});");
        }
        // The reverse's element loops are fused per stage: each element still gets the same operations in the same
        // order (every kBar, adjointIn and gradH sequence is unchanged), but inputBar is loaded once per stage and
        // element, not once per term, and the loop overhead is paid once. inputBar starts zeroed (the VJP adds into it)
        // and each stage's loop zeroes the element it has just read, for the next stage.
        _code.Line("// Reverse: zNew = z + h·Σ b[i]·k[i].");
        for (int i = 0; i < s; i++)
            if (influences[i]) _code.Line($"{_v} hb{i} = hT * {_target.Broadcast(Literals.Double(tableau.B[i]))};");
        _code.Open($"for (int j = 0; j < {n}; j++)");
        _code.Line($"{_v} seed = adjointOut[j];");
        _code.Line("adjointIn[j] = seed;");
        for (int i = 0; i < s; i++)
            if (influences[i]) _code.Line($"kBar{i}[j] = hb{i} * seed;");
        _code.Line($"inputBar[j] = {_target.Zero};");
        _code.Close();
        if (timeTerms)
        {
            _code.Line("// Time terms: ∂L/∂h of zNew = z + h·Σ b[i]·k[i] first (ascending i), then per stage below.");
            _code.Line($"gradH = {_target.Zero};");
            _code.Line($"gradT = {_target.Zero};");
            for (int i = 0; i < s; i++)
                if (Coefficient(tableau.B[i]) is string b) LoopDotTerm(b, "adjointOut", i);
        }
        for (int i = s - 1; i >= 0; i--)
        {
            if (!influences[i]) continue;
            _code.Line($"// Stage {i}.");
            string buffers = workspace != 0 ? ", " + LaneWorkspace.Parameter : "";
            string input = i == 0 ? "z" : "y" + i;
            string call = Keeps(i)
                ? $"VectorJacobianProductLanesKept({StageTime(tableau.C[i])}, {input}, p, kBar{i}, inputBar, gradP{buffers}, kept{i});"
                : $"VectorJacobianProductLanes({StageTime(tableau.C[i])}, {input}, p, kBar{i}, inputBar, gradP{buffers});";
            _code.Line(timeTerms ? $"{_v} tBar{i} = {call}" : call);
            if (timeTerms)
            {
                // Before the loop below zeroes inputBar; gradH's own terms keep their order.
                for (int l = 0; l < i; l++)
                    if (Coefficient(tableau[i, l]) is string a) LoopDotTerm(a, "inputBar", l);
                _code.Line($"gradT += tBar{i};");
                _code.Line(_target.Sums.Accumulate("gradH", _target.Broadcast(Literals.Double(tableau.C[i])), $"tBar{i}"));
            }
            var terms = new List<int>();
            for (int l = 0; l < i; l++)
            {
                if (!influences[l] || Coefficient(tableau[i, l]) is not string a) continue;
                _code.Line($"{_v} ha{i}_{l} = hT * {a};");
                terms.Add(l);
            }
            _code.Open($"for (int j = 0; j < {n}; j++)");
            _code.Line($"{_v} stageBar = inputBar[j];");
            _code.Line("adjointIn[j] += stageBar;");
            foreach (int l in terms) _code.Line(_target.Sums.Accumulate($"kBar{l}[j]", $"ha{i}_{l}", "stageBar"));
            _code.Line($"inputBar[j] = {_target.Zero};");
            _code.Close();
        }
        _code.Close();
    }

    /// <summary>gradH = fma(w, xᵀk_l, gradH), the dot product by a loop as the scalar kernel's (x[0]·k_l[0], then
    /// fma per component).</summary>
    private void LoopDotTerm(string weight, string x, int l)
    {
        _code.Begin();
        _code.Line($"{_v} dot = {x}[0] * k{l}[0];");
        _code.Line($"for (int j = 1; j < {N}; j++) {_target.Sums.Accumulate("dot", x + "[j]", $"k{l}[j]")}");
        _code.Line(_target.Sums.Accumulate("gradH", weight, "dot"));
        _code.Close();
    }

    /// <summary>VectorJacobianProductLanes: the scalar VectorJacobianProduct's IR printed on vectors (returns each
    /// lane's ∂/∂t), its buffers in the workspace. Gradients accumulate into gradZ and gradP, one vector per component.</summary>
    private void EmitLoopVjp(VjpFunction vjp, LoopKeptValues? kept = null)
    {
        IrFunction f = vjp.Function;
        int n = N;
        long length = WorkspaceLength(vjp, kept);
        OpenLaneVjp("each lane computes exactly what the scalar VJP computes at its arguments. Tape, branch decisions and arrays are slices of " +
            "the workspace, where the scalar VJP has them on its stack." + (kept is null ? "" : $" The values {LoopReplayReuse.ArrayName} holds (EvaluateLanesKeeping) are read, not computed."),
            length, kept);
        var leaves = new ScalarExpressionWriter(f, names: ScalarVjpPrinter.Names(vjp, _function.Scalars.Select(x => x.Name),
            _function.Arrays.Select(a => a.Name), _function)) { Indices = new LoopIndexLocals() };
        var writer = new LaneExpressionWriter(_target, leaves);
        var workspace = new LaneWorkspace(_code, _target);
        LaneStatementEmitter.DeclareLocals(vjp.Primal, _code, writer, workspace: workspace);
        if (vjp.TapeLength > 0) workspace.Declare("tape", vjp.TapeLength, zeroed: false, " // every slot read is written first");
        if (vjp.BranchLength > 0) workspace.Declare("branches", vjp.BranchLength, zeroed: true);
        HashSet<AssignStmt> temporaries = ScalarVjpPrinter.Temporaries(vjp);
        var statements = new LaneStatementEmitter(_code, writer) { Declaring = temporaries, Skip = LaneVjpPrinter.Unread(f.Body, temporaries) };
        if (vjp.ForwardLength > 0)
        {
            _code.Line("// Forward sweep: the primal values the reverse sweep needs.");
            statements.Emit(vjp.Forward);
        }
        _code.Line("// Reverse sweep.");
        _code.Line($"{_v} {leaves.Scalar(vjp.TimeAdjoint)} = {_target.Zero};");
        foreach (int id in vjp.ScalarAdjoints)
            _code.Line($"{_v} {leaves.Scalar(id)} = {_target.Zero};");
        foreach (int id in vjp.ArrayAdjoints)
            workspace.Declare(leaves.Array(id), f.Arrays[id].Length, zeroed: true);
        string dzBar = leaves.Array(vjp.OutputAdjoint);
        workspace.Declare(dzBar, n, zeroed: false);
        _code.Line($"for (int {GeneratedNames.ElementIndex} = 0; {GeneratedNames.ElementIndex} < {n}; {GeneratedNames.ElementIndex}++) {dzBar}[{GeneratedNames.ElementIndex}] = v[{GeneratedNames.ElementIndex}];");
        if (workspace.Length != length)
            throw new InvalidOperationException($"The lane VJP took {workspace.Length} workspace vectors, not the {length} LaneStepVjpWorkspaceLength says.");
        statements.Emit(vjp.Reverse);
        _code.Line($"return {leaves.Scalar(vjp.TimeAdjoint)};");
        _code.Close();
        _used.UnionWith(writer.UsedFunctions);
    }
}
