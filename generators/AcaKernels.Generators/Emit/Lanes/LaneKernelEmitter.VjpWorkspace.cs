using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Where a loop-form lane VJP keeps its buffers: in a workspace the engine allocates once per lane group, the tail
/// of the step VJP's scratch (see <see cref="LaneWorkspace"/>), sized by the constant
/// <c>LaneStepVjpWorkspaceLength</c> the system exposes. They were stack arrays under a 768 KiB lane budget, which the
/// classifier block (715 KiB) nearly filled and a larger body silently missed (its lanes then ran the scalar step VJP
/// one by one). Now any body the scalar VJP accepts gets the lane VJP: its tape and branch decisions are at most 8×
/// ACA1008's 128 KiB, its arrays 8× (twice, with their adjoints) the arrays the scalar VJP already holds on its stack.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>Most vectors a workspace may hold: 2 GiB, a sanity bound far above anything a scalar VJP that runs
    /// on a thread stack implies (and within a .NET array's and Span.Slice's int range). Over it, no lane VJP.</summary>
    private const long MaxWorkspaceVectors = (1L << 31) / 64;

    /// <summary>Vectors the loop-form VectorJacobianProductLanes of <paramref name="vjp"/> takes from its workspace:
    /// tape, branch decisions and the VJP function's arrays (f's arrays, their adjoints and the seed), each once; not
    /// the array of the values a replay kept (<paramref name="kept"/>), which the caller passes.</summary>
    private static long WorkspaceLength(VjpFunction vjp, LoopKeptValues? kept = null)
    {
        long vectors = vjp.TapeLength + vjp.BranchLength;
        foreach (var array in vjp.Function.Arrays)
            if (array.Id != kept?.VjpArray) vectors += array.Length;
        return vectors;
    }

    /// <summary>
    /// Opens VectorJacobianProductLanes (doc line, signature, size checks) of either form; the loop form takes a
    /// workspace of <paramref name="workspace"/> vectors (null: the straight-line form, all in locals), and, as
    /// VectorJacobianProductLanesKept, the <paramref name="kept"/> values its replay kept (LoopKeptReplay part).
    /// </summary>
    private void OpenLaneVjp(string form, long? workspace, LoopKeptValues? kept = null)
    {
        _code.Line();
        _code.Line($"/// <summary>VectorJacobianProduct at {_target.Lanes} points, one trajectory per lane: gradZ += vᵀ∂f/∂z, gradP += vᵀ∂f/∂p per");
        _code.Line($"/// lane, returns vᵀ∂f/∂t; {form}</summary>");
        string buffers = workspace is null ? "" : $", {_span} {LaneWorkspace.Parameter}";
        if (kept is not null) buffers += $", {_ros} {LoopReplayReuse.ArrayName}";
        string name = kept is null ? "VectorJacobianProductLanes" : "VectorJacobianProductLanesKept";
        _code.Open($"private static {_v} {name}({_v} t, {_ros} z, {_ros} p, {_ros} v, {_span} gradZ, {_span} gradP{buffers})");
        Check("z", N);
        Check("p", _function.ParameterSize);
        Check("v", N);
        Check("gradZ", N);
        Check("gradP", _function.ParameterSize);
        if (workspace is long length) Check(LaneWorkspace.Parameter, checked((int)length));
        if (kept is not null) Check(LoopReplayReuse.ArrayName, kept.Length);
    }

    /// <summary>The system's <c>LaneStepVjpWorkspaceLength</c> (IOdeDynamics): what its lane step-VJP hooks need in
    /// scratch beyond the (3s + 1)·n stage vectors.</summary>
    private void EmitWorkspaceLength(long vectors)
    {
        _code.Line();
        _code.Line("/// <inheritdoc/>");
        _code.Line($"public static int LaneStepVjpWorkspaceLength => {vectors};");
    }
}
