namespace AcaKernels.Generators.Emit.Lanes;

/// <summary>
/// Hands out the buffers of a loop-form lane VJP (tape, branch decisions, f's arrays and their adjoints, the seed)
/// as consecutive slices of its <see cref="Parameter"/> span, which the caller allocated once. On the stack these
/// buffers were 8× the scalar VJP's (one vector per scalar), up to ~1 MiB for a body inside ACA1008's 128 KiB
/// scalar tape budget: more than a 1.5 MiB thread stack holds beside the solver. In the workspace they cost no
/// stack, and a call still allocates nothing. <see cref="Length"/> after printing is the vectors the VJP needs.
/// </summary>
internal sealed class LaneWorkspace(CodeWriter code, LaneTarget target)
{
    /// <summary>Name of VectorJacobianProductLanes' workspace parameter (reserved, see <see cref="GeneratedNames"/>).</summary>
    public const string Parameter = "workspace";

    /// <summary>Vectors handed out so far.</summary>
    public long Length { get; private set; }

    /// <summary>Declares <paramref name="name"/> as the next <paramref name="length"/> vectors of the workspace, cleared
    /// when <paramref name="zeroed"/> (the stack arrays they replace were cleared too; a call finds the workspace as
    /// the last call left it).</summary>
    public void Declare(string name, long length, bool zeroed, string comment = "")
    {
        code.Line($"{target.Span} {name} = {Parameter}.Slice({Length}, {length});{comment}");
        if (zeroed) code.Line($"{name}.Clear();");
        Length += length;
    }
}
