using System.Collections.Generic;
using AcaKernels.Generators.Functions;
using AcaKernels.Generators.Ir;
using AcaKernels.Generators.Passes;
using AcaKernels.Tableaus;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Writes the lane kernels of one double system: <c>TryLaneEvaluate</c> (f for one trajectory per lane),
/// <c>TryLaneTrialStep</c> with a trial step per fused tableau (and <c>TryLaneTrialStepPair</c>, two lane groups at
/// once, where that step is straight-line), <c>TryLaneStepVjp</c> and <c>TryLaneStepVjpWithTime</c>
/// (straight-line where that VJP fits, else in loop form around a lane VectorJacobianProductLanes), plus the math helpers they call. Small bodies get
/// the straight-line form of the scalar register kernels (inputs, stage inputs and values in vector locals), the
/// others a loop form over spans of vectors. Each lane runs the scalar kernels' arithmetic in the scalar kernels'
/// order, so its results are bit-identical to Evaluate and TryFusedTrialStep at that lane's arguments. A system
/// that <see cref="LaneSupport"/> refuses gets no lane kernels: the hooks then keep their default, false.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    private readonly LaneTarget _target;
    private readonly IrFunction _function;
    private readonly LoopForm _loop;
    private readonly RegisterForm? _registers;
    private readonly CodeWriter _code;
    private readonly HashSet<MathFunction> _used = new();
    private readonly string _v, _ros, _span;

    private LaneKernelEmitter(LaneTarget target, LoopForm loop, RegisterForm? registers, CodeWriter code)
    {
        _target = target;
        _loop = loop;
        _function = loop.Function;
        _registers = registers;
        _code = code;
        _v = target.VectorType;
        _ros = target.ReadOnlySpan;
        _span = target.Span;
    }

    private int N => _function.StateSize;

    /// <summary>Writes the lane kernels of <paramref name="loop"/>'s function (nothing when it has no lane form):
    /// straight-line where <paramref name="registers"/> is given and prints, trial steps for <paramref name="tableaus"/>.
    /// The loop form's VJP and kept values are the scalar kernels' (<see cref="LoopForm"/>).</summary>
    public static void Emit(LoopForm loop, RegisterForm? registers, IReadOnlyList<FusedTableau> tableaus, CodeWriter code)
    {
        if (registers is not null && !LaneSupport.CanPrint(registers.Straight)) registers = null;
        if (registers is null && !LaneSupport.CanPrint(loop.Function)) return;
        var emitter = new LaneKernelEmitter(LaneTarget.Vector512Double, loop, registers, code);
        code.Line();
        emitter.EmitEvaluate();
        if (tableaus.Count != 0)
        {
            emitter.EmitDispatch(tableaus);
            foreach (ButcherTableau tableau in tableaus.Select(tb => tb.Tableau))
            {
                code.Line();
                if (registers is not null && registers.FitsTrialStep(tableau)) emitter.EmitRegisterTrialStep(tableau, registers);
                else emitter.EmitLoopTrialStep(tableau);
            }
            emitter.EmitTrialStepPairs(tableaus);
            emitter.EmitStepVjps(tableaus);
        }
        emitter.EmitHelpers();
    }

    /// <summary>Size check of a span of vectors, up front, so the JIT drops the per-access bounds checks.</summary>
    private void Check(string name, int needed)
    {
        if (needed == 0) return;
        _code.Line($"if ({name}.Length < {needed}) throw new global::System.ArgumentException(\"{name} holds \" + {name}.Length + \" vectors; " +
            $"this lane kernel needs {needed}.\", nameof({name}));");
    }

    private void EmitEvaluate()
    {
        int n = N, m = _function.ParameterSize;
        _code.Line("/// <inheritdoc/>");
        _code.Open($"public static bool TryLaneEvaluate({_v} t, {_ros} z, {_ros} p, {_span} dz)");
        _code.Line("EvaluateLanes(t, z, p, dz);");
        _code.Line("return true;");
        _code.Close();
        _code.Line();
        _code.Line($"/// <summary>f at {_target.Lanes} points, one trajectory per lane (z[j], dz[j]: component j of every lane); each lane");
        _code.Line("/// computes exactly what Evaluate computes at its arguments.</summary>");
        _code.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        _code.Open($"private static void EvaluateLanes({_v} t, {_ros} z, {_ros} p, {_span} dz)");
        Check("z", n);
        Check("p", m);
        Check("dz", n);
        if (_registers is { } form)
        {
            _code.Line("// Lane form of the straight-line body: inputs and outputs in vector locals, every dz[j] stored.");
            if (form.UsedState.Length != 0) _code.Line($"{_v} " + string.Join(", ", form.UsedState.Select(j => $"z{j} = z[{j}]")) + ";");
            if (form.UsedParameters.Length != 0) _code.Line($"{_v} " + string.Join(", ", form.UsedParameters.Select(k => $"p{k} = p[{k}]")) + ";");
            _code.Line($"{_v} " + string.Join(", ", Enumerable.Range(0, n).Select(j => $"o{j} = {_target.Zero}")) + ";");
            EmitStraightBody(form, new RegisterScope());
            for (int j = 0; j < n; j++) _code.Line($"dz[{j}] = o{j};");
        }
        else
        {
            _code.Line("// Lane form of the loop body: dz starts at 0 (compound writes add to it), local arrays are stack vectors.");
            EmitLoopEvaluateBody(_function, _function);
        }
        _code.Close();
    }

    /// <summary>The body of a loop-form EvaluateLanes: the locals of <paramref name="declared"/>, dz cleared, then
    /// <paramref name="body"/>'s statements on vectors (f's, or the keeping replay's).</summary>
    private void EmitLoopEvaluateBody(IrFunction declared, IrFunction body)
    {
        var writer = new LaneExpressionWriter(_target, new ScalarExpressionWriter(body));
        LaneStatementEmitter.DeclareLocals(declared, _code, writer);
        _code.Line($"dz.Slice(0, {N}).Clear();");
        new LaneStatementEmitter(_code, writer).Emit(body.Body);
        _used.UnionWith(writer.UsedFunctions);
    }

    /// <summary>The straight-line body with the leaves of <paramref name="scope"/> (inline it in a block of its own
    /// when a kernel inlines f more than once).</summary>
    private void EmitStraightBody(RegisterForm form, RegisterScope scope) => EmitStraightBody(form.Straight, form.Names, scope);

    /// <summary>A straight-line function inline (f, or a keeping replay's f: <see cref="KeptValues.Replay"/>).</summary>
    private void EmitStraightBody(IrFunction function, UserNames names, RegisterScope scope)
    {
        var writer = new LaneExpressionWriter(_target, new ScalarExpressionWriter(function, scope, names));
        HashSet<AssignStmt> declaring = FirstAssignments.Find(function.Body);
        LaneStatementEmitter.DeclareLocals(function, _code, writer, declaring);
        new LaneStatementEmitter(_code, writer) { Declaring = declaring }.Emit(function.Body);
        _used.UnionWith(writer.UsedFunctions);
    }

    /// <summary>The lane trial-step hook (see <see cref="TableauDispatch"/>).</summary>
    private void EmitDispatch(IReadOnlyList<FusedTableau> tableaus)
    {
        _code.Line();
        TableauDispatch.Emit(_code, "TryLaneTrialStep", $"{_v} t, {_v} h, {_ros} z, {_ros} p, {_span} stages, {_span} zNew, {_span} error, {_span} error2, {TolerancesAndSum}",
            "TrialStepLanes", "t, h, z, p, stages, zNew, error, error2, atol, rtol, sumOfSquares", tableaus);
    }
}
