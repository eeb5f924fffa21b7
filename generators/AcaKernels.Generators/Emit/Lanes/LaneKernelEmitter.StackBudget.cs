using AcaKernels.Generators.Parsing;
using AcaKernels.Generators.Passes.Reverse;

namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// The stack budget of the lane VJP. The scalar VJP's tape, branch flags and arrays live in stackalloc'd buffers
/// under <see cref="BodyParser.StackBudgetBytes"/> (128 KiB); the lane VJP holds one vector per scalar, so its
/// buffers are 8× larger (a conv block's tape: 66 KB scalar, 541 KB in lanes) and a body near the scalar budget would
/// need 1 MiB, which overflows a 1.5 MiB secondary thread once the solver's frames are added. Such a body gets no
/// loop-form lane VJP: its TryLaneStepVjp hooks return false and the engine runs the scalar step VJP lane by lane,
/// slower but on the scalar budget.
/// </summary>
internal sealed partial class LaneKernelEmitter
{
    /// <summary>Most bytes of stack one lane VJP call may take: half of Linux's 1.5 MiB secondary-thread stack.</summary>
    public const long LaneStackBudgetBytes = 768 * 1024;

    /// <summary>Whether the stack buffers of <paramref name="vjp"/> printed on vectors stay within
    /// <see cref="LaneStackBudgetBytes"/>: tape and branch flags, and the VJP function's arrays, which already are
    /// f's arrays, their adjoints and the output adjoint (the seed; counting those twice once cost the classifier
    /// block its lane VJP).</summary>
    private bool FitsLaneStack(VjpFunction vjp)
    {
        long vectors = vjp.TapeLength + vjp.BranchLength;
        foreach (var array in vjp.Function.Arrays) vectors += array.Length;
        return vectors <= LaneStackBudgetBytes / (_target.Lanes * sizeof(double));
    }
}
