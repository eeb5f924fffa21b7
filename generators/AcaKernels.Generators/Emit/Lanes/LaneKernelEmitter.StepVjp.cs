using System.Collections.Generic;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes.Reverse;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Lane step VJPs (the ACA backward of one accepted step), the lane twins of the scalar register kernels
/// (FusedStepEmitter.EmitRegisterStepVjp): a replay method that parks the needed stage inputs and values in
/// scratch, then the reverse stage by stage in descending order, gathering kBarᵢ = (h·bᵢ)·adjointOut + Σ (h·a_li)·
/// inputBar_l over later l in the scalar order and running f's VJP IR inline in lane form. Only straight-line
/// systems whose kernel fits (RegisterForm.Fits) get one; for the others the hook returns false.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    private VjpFunction? _vjp, _vjpWithTime;

    /// <summary>The tableaus that get a lane step VJP (none without a printable straight-line VJP).</summary>
    private FusedTableau[] StepVjpTableaus(IReadOnlyList<FusedTableau> tableaus)
    {
        if (_registers is not { } form) return [];
        _vjp ??= ReverseMode.Differentiate(form.Straight, timeGradient: false);
        if (!Printable(_vjp)) return [];
        return tableaus.Where(tb => form.Fits(tb.Tableau)).ToArray();
    }

    /// <summary>The VJP that also accumulates ∂/∂t, for the kernels with time terms; null when it does not print
    /// in lane form (the with-time hook then keeps its default, false).</summary>
    private VjpFunction? VjpWithTime()
    {
        _vjpWithTime ??= ReverseMode.Differentiate(_registers!.Straight, timeGradient: true);
        return Printable(_vjpWithTime) ? _vjpWithTime : null;
    }

    private static bool Printable(VjpFunction vjp) => vjp.TapeType == ScalarType.Double && LaneSupport.CanPrint(vjp.Function);

    /// <summary>The lane step-VJP hook (see <see cref="TableauDispatch"/>).</summary>
    private void EmitStepVjpDispatch(FusedTableau[] tableaus)
    {
        _code.Line();
        TableauDispatch.Emit(_code, "TryLaneStepVjp", $"{_v} t, {_v} h, {_ros} z, {_ros} p, {_ros} adjointOut, {_span} adjointIn, {_span} gradP, {_span} scratch",
            "StepVjpLanes", "t, h, z, p, adjointOut, adjointIn, gradP, scratch", tableaus);
    }

    /// <remarks>With <paramref name="timeTerms"/> this writes StepVjpWithTimeLanes{Name} (<paramref name="vjp"/> then
    /// accumulates ∂/∂t), the lane twin of the scalar StepVjpWithTime{Name}: ∂L/∂h and Σ vᵀ∂f/∂t per lane in the
    /// scalar kernel's order (see <see cref="FusedStepEmitter"/>'s TimeTerms part).</remarks>
    private void EmitRegisterStepVjp(ButcherTableau tableau, RegisterForm form, VjpFunction vjp, bool timeTerms = false)
    {
        int s = tableau.Stages, n = N, m = _function.ParameterSize;
        var scalar = new FusedStepEmitter(ScalarType.Double, n, _code);
        (bool[] influences, bool[] needInput, bool[] needStage) = scalar.Needs(tableau, timeTerms);
        Func<int, int, string> y = (i, j) => i == 0 ? $"z[{j}]" : $"scratch[{i * n + j}]";
        Func<int, int, string> k = (l, j) => $"scratch[{(s + l) * n + j}]";
        Func<int, int, string> inputBar = (l, j) => $"scratch[{(2 * s + l) * n + j}]";
        string zero = _target.Zero;

        string replay = "ReplayLanes" + tableau.Name;
        if (timeTerms && !needStage.SequenceEqual(scalar.Needs(tableau).NeedStage))
            replay = "ReplayWithTimeLanes" + tableau.Name;
        if (!timeTerms || replay != "ReplayLanes" + tableau.Name)
            EmitReplay(tableau, form, replay, influences, needInput, needStage);
        _code.Line();

        string name = (timeTerms ? "StepVjpWithTimeLanes" : "StepVjpLanes") + tableau.Name;
        string outputs = timeTerms ? $", out {_v} gradH, out {_v} gradT" : "";
        _code.Open($"private static void {name}({_v} t, {_v} h, {_ros} z, {_ros} p, {_ros} adjointOut, {_span} adjointIn, {_span} gradP, {_span} scratch{outputs})");
        Check("z", n);
        Check("p", m);
        Check("adjointOut", n);
        Check("adjointIn", n);
        Check("gradP", m);
        Check("scratch", 3 * s * n);
        _code.Line($"{replay}(t, h, z, p, scratch);");
        _code.Line($"{_v} hT = h;");
        _code.Line("// Reverse, in the scalar kernel's order: kBar_i = (h·b_i)·adjointOut, plus (h·a_li)·inputBar_l over later");
        _code.Line("// stages l in descending order; inputBar_i = kBar_iᵀ∂f/∂y from 0.");
        _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"ai{j} = adjointOut[{j}]")) + ";");
        if (form.UsedParameters.Length != 0)
            _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(q => $"gp{q} = gradP[{q}]")) + ";");
        if (timeTerms) OutputTimeTerms(tableau, k);
        for (int i = s - 1; i >= 0; i--)
        {
            if (!influences[i]) continue;
            _code.Line($"// Stage {i}.");
            _code.Begin();
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"ib{j} = {zero}")) + ";");
            _code.Line($"{_v} hb = hT * {_target.Broadcast(Literals.Double(tableau.B[i]))};");
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"kb{j} = hb * adjointOut[{j}]")) + ";");
            for (int l = s - 1; l > i; l--)
            {
                if (!influences[l] || Coefficient(tableau[l, i]) is not string a) continue;
                _code.Line($"{_v} ha{l} = hT * {a};");
                for (int j = 0; j < n; j++) _code.Line($"kb{j} += ha{l} * {inputBar(l, j)};");
            }
            string timeName = "t";
            if (form.UsesTime)
            {
                timeName = "tc" + i;
                _code.Line($"{_v} {timeName} = {StageTime(tableau.C[i])};");
            }
            int stage = i;
            _used.UnionWith(LaneVjpPrinter.EmitRegisterBody(vjp, form.Names, new RegisterScope
            {
                State = j => y(stage, j),
                Parameter = q => $"p[{q}]",
                Seed = j => $"kb{j}",
                GradState = j => $"ib{j}",
                GradParameter = q => $"gp{q}",
                Time = timeName,
                TimeGradient = timeTerms,
            }, _target, _code));
            for (int j = 0; j < n; j++) _code.Line($"ai{j} += ib{j};");
            for (int j = 0; j < n; j++) _code.Line($"{inputBar(i, j)} = ib{j};");
            if (timeTerms) StageTimeTerms(tableau, i, k);
            _code.Close();
        }
        for (int j = 0; j < n; j++) _code.Line($"adjointIn[{j}] = ai{j};");
        foreach (int q in form.UsedParameters) _code.Line($"gradP[{q}] = gp{q};");
        _code.Close();
    }

    /// <summary>The replay method <paramref name="name"/>: the stages whose inputs or values the backward needs, into scratch.</summary>
    private void EmitReplay(ButcherTableau tableau, RegisterForm form, string name, bool[] influences, bool[] needInput, bool[] needStage)
    {
        int s = tableau.Stages, n = N;
        Func<int, int, string> y = (i, j) => $"scratch[{i * n + j}]";
        Func<int, int, string> k = (l, j) => $"scratch[{(s + l) * n + j}]";
        _code.Line();
        _code.Line($"/// <summary>Replays the stages of a step whose inputs or values StepVjpLanes{tableau.Name} needs into scratch.</summary>");
        _code.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]");
        _code.Open($"private static void {name}({_v} t, {_v} h, {_ros} z, {_ros} p, {_span} scratch)");
        _code.Line($"{_v} hT = h;");
        _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"z{j} = z[{j}]")) + ";");
        if (form.UsedParameters.Length != 0)
            _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(q => $"p{q} = p[{q}]")) + ";");
        if (needStage[0])
        {
            InlineStage(form, 0, "t", j => $"z{j}");
            for (int j = 0; j < n; j++) _code.Line($"{k(0, j)} = k0_{j};");
        }
        for (int i = 1; i < s; i++)
        {
            if (!needInput[i]) continue;
            int row = i;
            for (int j = 0; j < n; j++)
                _code.Line($"{_v} y{i}_{j} = z{j} + hT * {Sum(i, l => tableau[row, l], l => k(l, j))};");
            if (influences[i])
                for (int j = 0; j < n; j++) _code.Line($"{y(i, j)} = y{i}_{j};");
            if (!needStage[i]) continue;
            InlineStage(form, i, StageTime(tableau.C[i]), j => $"y{row}_{j}");
            for (int j = 0; j < n; j++) _code.Line($"{k(i, j)} = k{i}_{j};");
        }
        _code.Close();
    }
}
