using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The replay keeps f's costly values for the stage VJPs in the loop-form lane step VJP of a body with loops
/// (<see cref="LoopReplayReuse"/>), as the KeptReplay part does for a straight-line body: <c>EvaluateLanesKeeping</c>
/// is EvaluateLanes that also writes each kept value into its slot of <c>kept</c>, and
/// <c>VectorJacobianProductLanesKept</c> is VectorJacobianProductLanes whose forward sweep reads them from there. For the
/// tanh MLP's Dormand-Prince 5 this takes the 32 tanh of f out of five of the six stage VJPs (the sixth stage's f is
/// not replayed), with the same bits.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>The values the replay of a body with loops keeps for its loop VJP, or null (a straight-line body, no
    /// lane loop VJP, or nothing worth keeping within <see cref="LoopReplayReuse.MaxSlots"/>).</summary>
    private LoopKeptValues? LoopKept() => _registers is null && LoopVjp() is not null ? _loop.Kept : null;

    /// <summary>EvaluateLanes of a body with loops that also writes each kept value into its slot of <c>kept</c>.</summary>
    private void EmitEvaluateKeepingLoop(LoopKeptValues kept)
    {
        int n = N;
        _code.Line();
        _code.Line($"/// <summary>EvaluateLanes that also stores the values VectorJacobianProductLanesKept reads back ({LoopReplayReuse.ArrayName}: one slot");
        _code.Line("/// per kept value and iteration of the loops around it, as f's body computed it).</summary>");
        _code.Line(Inline);
        _code.Open($"private static void EvaluateLanesKeeping({_v} t, {_ros} z, {_ros} p, {_span} dz, {_span} {LoopReplayReuse.ArrayName})");
        Check("z", n);
        Check("p", _function.ParameterSize);
        Check("dz", n);
        Check(LoopReplayReuse.ArrayName, kept.Length);
        // The kept array is the parameter: declare the replay's locals (f's and its argument copies) and f's arrays.
        EmitLoopEvaluateBody(kept.Declared, kept.Replay);
        _code.Close();
    }
}
