using AcaKernels.Generators.Passes.Reverse;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The replay keeps f's costly values for the stage VJPs (<see cref="ReplayReuse"/>), in the loop-form lane step VJP of a
/// straight-line body: <c>EvaluateLanesKeeping</c> is EvaluateLanes that also stores them into a slice of the
/// scratch's tail, and <c>VectorJacobianProductLanesKept</c> is VectorJacobianProductLanes whose forward sweep loads
/// them from there instead of computing them. For the three-body problem's Dormand-Prince 5 this takes the 3 √ and
/// 3 ÷ of f out of five of the six stage VJPs (the sixth stage's f is not replayed): 15 √ and 15 ÷ fewer per step
/// and lane group, with the same bits (the same statement computes each value once instead of twice).
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>The values the replay keeps for the register loop VJP, or null (a loop body, or nothing worth keeping).</summary>
    private KeptValues? Kept() => _registers is not null && VjpWithTime() is not null ? _registers.Kept(timeGradient: true) : null;

    /// <summary>The values a straight-line lane step VJP's replay keeps for <paramref name="vjp"/> (the VJP with or without
    /// ∂/∂t it inlines per stage), or null.</summary>
    private KeptValues? KeptFor(VjpFunction vjp) =>
        ReferenceEquals(vjp, _vjpWithTime) ? Kept() : _registers!.Kept(timeGradient: false);

    /// <summary>Where the kept values start in a step VJP's scratch: past the (3s + 1)·n stage vectors, in the
    /// workspace tail both forms take (<c>LaneStepVjpWorkspaceLength</c> ≥ s·kept).</summary>
    private int RegisterKeptOffset(ButcherTableau tableau) => (3 * tableau.Stages + 1) * N;

    /// <summary>Vectors a stage's kept values take in scratch (0 when nothing is kept).</summary>
    private int KeptPerStage => Kept()?.Count ?? 0;

    /// <summary>EvaluateLanes, then each kept value into <c>workspace[k]</c>.</summary>
    private void EmitEvaluateKeeping(RegisterForm form, KeptValues kept)
    {
        int n = N, m = _function.ParameterSize;
        _code.Line();
        _code.Line("/// <summary>EvaluateLanes that also stores the values VectorJacobianProductLanesKept reads back (workspace[k]: the");
        _code.Line("/// k-th kept value, as f's body left it).</summary>");
        _code.Line(Inline);
        _code.Open($"private static void EvaluateLanesKeeping({_v} t, {_ros} z, {_ros} p, {_span} dz, {_span} {LaneWorkspace.Parameter})");
        Check("z", n);
        Check("p", m);
        Check("dz", n);
        Check(LaneWorkspace.Parameter, kept.Count);
        if (form.UsedState.Length != 0) _code.Line($"{_v} " + string.Join(", ", form.UsedState.Select(j => $"z{j} = z[{j}]")) + ";");
        if (form.UsedParameters.Length != 0) _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(k => $"p{k} = p[{k}]")) + ";");
        _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"o{j} = {_target.Zero}")) + ";");
        var replayNames = new UserNames(kept.Replay);
        EmitStraightBody(kept.Replay, replayNames, new RegisterScope());
        for (int j = 0; j < n; j++) _code.Line($"dz[{j}] = o{j};");
        var names = new ScalarExpressionWriter(kept.Replay, new RegisterScope(), replayNames);
        for (int k = 0; k < kept.Count; k++) _code.Line($"{LaneWorkspace.Parameter}[{k}] = {names.Scalar(kept.Kept[k])};");
        _code.Close();
    }

    /// <summary>VectorJacobianProductLanes (<see cref="EmitRegisterLoopVjp"/>) with the kept values loaded from
    /// <c>workspace</c> where its forward sweep computed them.</summary>
    private void EmitRegisterLoopVjpKept(RegisterForm form, KeptValues kept)
    {
        int n = N;
        VjpFunction vjp = kept.Vjp;
        _code.Line();
        _code.Line($"/// <summary>VectorJacobianProductLanes at the input of a stage whose replay kept f's values in {LaneWorkspace.Parameter} (EvaluateLanesKeeping):");
        _code.Line("/// the same statements, with those values read back instead of computed again (the same bits).</summary>");
        _code.Open($"private static {_v} VectorJacobianProductLanesKept({_v} t, {_ros} z, {_ros} p, {_ros} v, {_span} gradZ, {_span} gradP, {_ros} {LaneWorkspace.Parameter})");
        Check("z", n);
        Check("p", _function.ParameterSize);
        Check("v", n);
        Check("gradZ", n);
        Check("gradP", _function.ParameterSize);
        Check(LaneWorkspace.Parameter, kept.Count);
        UserNames names = ScalarVjpPrinter.Names(vjp, form.Names.Scalars, form.Names.Arrays, vjp.Primal, form.Names);
        _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, kept.Count).Select(k => $"{names.Scalars[kept.Loads[k]]} = {LaneWorkspace.Parameter}[{k}]")) + ";");
        EmitRegisterVjpBody(form, vjp);
    }
}
